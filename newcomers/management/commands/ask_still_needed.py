"""`python manage.py ask_still_needed [--as-of YYYY-MM-DD]`: the waiting-list sweep by hand.

The same service Celery beat runs daily (`newcomers.waiting.still_needed_sweep`); running it
twice for the same day asks nobody twice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scopes_disabled

from newcomers.waiting import still_needed_sweep


class Command(BaseCommand):
    help = "Ask open requests' newcomers whether they still need help; pause the unanswered."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", dest="as_of", default="", metavar="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as error:
            raise CommandError("--as-of takes a date: YYYY-MM-DD") from error
        with scopes_disabled():
            result = still_needed_sweep(on=day)
        self.stdout.write(f"asked {result.asked}, paused {result.paused}")
