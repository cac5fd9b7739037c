from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from accounts.services import email_confirmations_mirror_all


class Command(BaseCommand):
    help = (
        "Set every person's 'e-mail confirmed' from their addresses again (after a deploy; safe "
        "to run any time)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = email_confirmations_mirror_all()
        self.stdout.write(self.style.SUCCESS(f"{changed} people's confirmation mirrored anew"))
