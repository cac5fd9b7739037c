from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from demo.loading import DEMO_PASSWORD, demo_load
from demo.story import STORY_RESIDENTS


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
        # The story's residents are in pairs (completed, at risk, active), hold certificates
        # and signed agreements: the accounts to see a volunteer's later pages.
        for program, residents in STORY_RESIDENTS.items():
            for email, *_rest in residents:
                self.stdout.write(f"  {'volunteer':<12} {program:<9} {email}  (with pairs)")
