"""Delete safeguarding case records closed longer than their programme's concern retention
(what the daily task does; for operators)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_scopes import scopes_disabled

from safeguarding.retention import concerns_retention_sweep


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            deleted = concerns_retention_sweep(today=options["as_of"])
        self.stdout.write(f"deleted {deleted} rows of closed safeguarding cases")
