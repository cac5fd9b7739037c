"""Print the register of personal data as Markdown (committed as docs/data-register.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.data_register import register_markdown, stale_entries, unclassified_fields


class Command(BaseCommand):
    help = "Print the register of personal data (every stored field, classified) as Markdown."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="Write to this file instead of standard output.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Fail when the file given by --output differs from the register.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = unclassified_fields() + stale_entries()
        if problems:
            raise CommandError("Unclassified or stale fields: " + ", ".join(problems))
        text = register_markdown()
        output = options.get("output")
        if not output:
            self.stdout.write(text)
            return
        path = Path(output)
        if options["check"]:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is out of date: run `manage.py data_register`.")
            return
        path.write_text(text, encoding="utf-8")
