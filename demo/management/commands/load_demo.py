from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from demo.loading import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load the demo programmes and people (safe to run again) and print how to sign in."

    def handle(self, *args: Any, **options: Any) -> None:
        people = demo_load()
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Sign in at http://127.0.0.1:8000/accounts/login/")
        )
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
        for person in people:
            self.stdout.write(f"  {person.role:<12} {person.program:<9} {person.email}")
