"""`python manage.py monitor_commitments [--as-of YYYY-MM-DD]`: the daily sweep, by hand.

The same service Celery beat runs (`commitments.sweep.commitments_sweep`), with the chunks
processed in this process; the e-mails are sent as usual (by the workers, or here when tasks
run eagerly). `--as-of` defaults to today in Europe/Warsaw (TIME_ZONE). Running it twice for
the same day changes nothing the second time.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scopes_disabled

from commitments.sweep import commitments_sweep
from core import clock


class Command(BaseCommand):
    help = "Remind quiet matches, flag at-risk ones, complete finished ones, send surveys."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            dest="as_of",
            default="",
            metavar="YYYY-MM-DD",
            help="the day to sweep for (default: today in the configured time zone)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = self._day(options["as_of"])
        with scopes_disabled():
            result = commitments_sweep(as_of=as_of)
        self.stdout.write(
            f"{as_of.isoformat()}: {result.reminded} reminded, {result.at_risk} at risk, "
            f"{result.completed} completed, {result.commitment_unmet} commitment unmet, "
            f"{result.surveys} surveys; {result.notifications} e-mails stored"
            + (f", {result.resent} unsent e-mails enqueued again" if result.resent else "")
        )

    @staticmethod
    def _day(value: str) -> date:
        if not value:
            return clock.today()
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise CommandError(
                f"--as-of: {value!r} is not a date; give it as YYYY-MM-DD (e.g. 2027-03-22)."
            ) from error
