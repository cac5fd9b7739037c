from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.loading import DEMO_PASSWORD
from demo.seeding import AlreadySeeded, population_seed


class Command(BaseCommand):
    help = (
        "Seed a programme with a realistic synthetic population: trained volunteers around its "
        "city and newcomers with one open request each (100,000 volunteers in well under two "
        "minutes). Creates the programme when the slug is new (give --city)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", required=True, help="the programme's slug")
        parser.add_argument("--volunteers", type=int, default=1000)
        parser.add_argument("--newcomers", type=int, default=200)
        parser.add_argument("--seed", type=int, default=0, help="same seed, same people")
        parser.add_argument("--city", help="the city of a programme to create, e.g. Kraków")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="remove the people an earlier run seeded into this programme first",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["volunteers"] < 0 or options["newcomers"] < 0:
            raise CommandError("--volunteers and --newcomers cannot be negative.")
        verbose = options["verbosity"] > 1
        try:
            result = population_seed(
                slug=options["program"],
                volunteers=options["volunteers"],
                newcomers=options["newcomers"],
                seed=options["seed"],
                city=options["city"],
                replace=options["replace"],
                progress=self.stdout.write if verbose else None,
            )
        except AlreadySeeded as error:
            raise CommandError(
                f"Programme {error} already has seeded people; run again with --replace to "
                "remove them and seed anew."
            ) from None
        except ValueError as error:
            raise CommandError(str(error)) from None
        program = result.program
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {program.slug} ({program.city}"
                f"{', new programme' if result.program_created else ''}): "
                f"{result.volunteers} volunteers, {result.newcomers} newcomers with an open "
                f"request, {result.completions} training completions, "
                f"{result.safeguarding_checks} safeguarding checks in {result.seconds:.1f} s."
            )
        )
        if result.removed_rows:
            self.stdout.write(f"Replaced an earlier seed ({result.removed_rows} rows removed).")
        if result.volunteers:
            self.stdout.write(
                f"Volunteers sign in as seed.{program.slug}.v000001@example.org ... with the "
                f"password {DEMO_PASSWORD}"
            )
