"""Demo data for a first run: two programmes, their coordinators, residents and newcomers.

Lives in `matching`, the floor that sees both residents and newcomers. Everything is created
with get-or-create, so loading it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django_scopes import scopes_disabled

from accounts.models import Role, User
from accounts.services import coordinator_create, membership_grant, program_create

DEMO_PASSWORD = "ambasador-demo-2027"  # noqa: S105 - printed for the demo on purpose


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: str
    program: str
    preferred_language: str = "pl"


PROGRAMS = (
    ("warszawa", "Ambasadorzy Powitania Warszawa", "Warszawa"),
    ("krakow", "Krakowscy Ambasadorzy Powitania", "Kraków"),
)

COORDINATORS = (
    DemoPerson(
        "koordynator@warszawa.example.org", "Agnieszka Wiśniewska", Role.COORDINATOR, "warszawa"
    ),
    DemoPerson("koordynator@krakow.example.org", "Tomasz Zieliński", Role.COORDINATOR, "krakow"),
)

RESIDENTS_AND_NEWCOMERS = (
    DemoPerson("anna.kowalska@example.org", "Anna Kowalska", Role.VOLUNTEER, "warszawa"),
    DemoPerson("piotr.nowak@example.org", "Piotr Nowak", Role.VOLUNTEER, "warszawa"),
    DemoPerson("katarzyna.wojcik@example.org", "Katarzyna Wójcik", Role.VOLUNTEER, "warszawa"),
    DemoPerson("michal.kaminski@example.org", "Michał Kamiński", Role.VOLUNTEER, "warszawa"),
    DemoPerson("zofia.lewandowska@example.org", "Zofia Lewandowska", Role.VOLUNTEER, "krakow"),
    DemoPerson("jan.dabrowski@example.org", "Jan Dąbrowski", Role.VOLUNTEER, "krakow"),
    DemoPerson("olena.kovalchuk@example.org", "Олена Ковальчук", Role.NEWCOMER, "warszawa", "uk"),
    DemoPerson("andrii.shevchenko@example.org", "Андрій Шевченко", Role.NEWCOMER, "warszawa", "uk"),
    DemoPerson("nino.beridze@example.org", "Nino Beridze", Role.NEWCOMER, "warszawa", "en"),
    DemoPerson("iryna.bondarenko@example.org", "Ірина Бондаренко", Role.NEWCOMER, "krakow", "uk"),
    DemoPerson("aliaksandr.kazlou@example.org", "Аляксандр Казлоў", Role.NEWCOMER, "krakow", "uk"),
    DemoPerson("nguyen.thi.lan@example.org", "Nguyễn Thị Lan", Role.NEWCOMER, "krakow", "en"),
)


@scopes_disabled()
@transaction.atomic
def demo_load() -> list[DemoPerson]:
    """Create the demo programmes and people; returns everyone who can sign in."""
    programs = {
        slug: program_create(slug=slug, name=name, city=city).program
        for slug, name, city in PROGRAMS
    }
    for person in COORDINATORS:
        coordinator_create(
            program=programs[person.program],
            email=person.email,
            password=DEMO_PASSWORD,
            full_name=person.full_name,
        )
    for person in RESIDENTS_AND_NEWCOMERS:
        user, created = User.objects.get_or_create(
            email=person.email,
            defaults={
                "full_name": person.full_name,
                "preferred_language": person.preferred_language,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        membership_grant(user=user, program=programs[person.program], role=person.role)
    return [*COORDINATORS, *RESIDENTS_AND_NEWCOMERS]
