from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.selectors import program_by_slug
from accounts.services import coordinator_create


class Command(BaseCommand):
    help = "Make a person a coordinator of a programme (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", required=True, help="Programme slug")
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--full-name", default="")

    def handle(
        self, *args: Any, program: str, email: str, password: str, full_name: str, **options: Any
    ) -> None:
        found = program_by_slug(program)
        if found is None:
            raise CommandError(
                f"Unknown programme {program!r}. Create it first with create_program."
            )
        try:
            user = coordinator_create(
                program=found, email=email, password=password, full_name=full_name
            )
        except ValidationError as error:
            messages = "; ".join(
                f"{field}: {' '.join(texts)}" for field, texts in error.message_dict.items()
            )
            raise CommandError(messages) from None
        self.stdout.write(self.style.SUCCESS(f"{user.email} coordinates {found.slug}"))
