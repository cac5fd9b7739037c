from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_slug

from accounts.services import program_create


class Command(BaseCommand):
    help = "Create a city's programme, or update its name and city (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True, help="Identifier used in URLs, e.g. warszawa")
        parser.add_argument("--name", required=True)
        parser.add_argument("--city", required=True)

    def handle(self, *args: Any, slug: str, name: str, city: str, **options: Any) -> None:
        try:
            validate_slug(slug)
        except ValidationError:
            raise CommandError(f"Invalid --slug {slug!r}: use letters, digits, - and _.") from None
        result = program_create(slug=slug, name=name, city=city)
        verb = "Created" if result.created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} programme {slug}: {name} ({city})"))
