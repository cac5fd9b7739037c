"""Run the retention sweep now (the same code Celery beat runs daily)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_scopes import scopes_disabled

from privacy.retention import retention_sweep


class Command(BaseCommand):
    help = "Anonymise requests and matches closed longer than their programme's retention."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=date.fromisoformat, help="YYYY-MM-DD (default today)")

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            result = retention_sweep(today=options.get("as_of"))
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in result.as_dict().items()))
