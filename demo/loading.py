"""Demo data for a first run: two programmes, their coordinators (each programme's
safeguarding lead), residents and newcomers.

Lives in `matching`, the floor that sees both residents and newcomers. Everything is created
with get-or-create, so loading it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.audit import audited_update
from accounts.models import Membership, Program, Role, User
from accounts.services import coordinator_create, membership_grant, program_create
from core import clock
from demo.story import demo_story
from newcomers.services import (
    newcomer_profile_get_or_create,
    newcomer_profile_update,
    request_open,
)
from training.checks import safeguarding_check_record
from training.models import CheckKind, TrainingModule
from training.services import (
    CompletionEntry,
    completions_record,
    modules_add_defaults,
    session_schedule,
)
from volunteers.agreement_model_text import model_text
from volunteers.agreements import terms_save
from volunteers.services import volunteer_profile_get_or_create, volunteer_profile_update

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
        coordinator = coordinator_create(
            program=programs[person.program],
            email=person.email,
            password=DEMO_PASSWORD,
            full_name=person.full_name,
        )
        # Each programme names its safeguarding lead (in the admin on a real site): the
        # coordinator, who reads the programme's concerns.
        audited_update(
            Membership.objects.filter(
                user=coordinator, program=programs[person.program], is_safeguarding_lead=False
            ),
            event="demo",
            actor=coordinator,
            is_safeguarding_lead=True,
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
    _demo_profiles_and_training(programs)
    for person in COORDINATORS:
        demo_story(programs[person.program], User.objects.get(email=person.email), DEMO_PASSWORD)
    return [*COORDINATORS, *RESIDENTS_AND_NEWCOMERS]


# What the demo's residents offer: (languages, skills, interests, place, trained, checks seen).
RESIDENT_PROFILES: dict[str, dict[str, Any]] = {
    "anna.kowalska@example.org": {
        "languages": {"pl": "native", "uk": "B2", "en": "C1"},
        "skills": ["admin_procedures", "language_practice", "healthcare"],
        "interests": ["chess", "cooking"], "location": {"city": "Warszawa", "address": "Mokotów"},
        "trained": True, "checks": True,
    },
    "piotr.nowak@example.org": {
        "languages": {"pl": "native", "ru": "B1", "en": "B2"},
        "skills": ["job_search", "digital_skills", "housing"],
        "interests": ["cycling", "football"], "location": {"city": "Warszawa", "address": "Wola"},
        "trained": True, "checks": False,
    },
    "katarzyna.wojcik@example.org": {
        "languages": {"pl": "native", "uk": "C1"},
        "skills": ["education", "social_contacts", "local_customs"],
        "interests": ["theatre", "hiking"],
        "location": {"city": "Warszawa", "address": "Praga-Północ"},
        "trained": True, "checks": True,
    },
    "michal.kaminski@example.org": {
        "languages": {"pl": "native", "en": "B2"},
        "skills": ["legal_residence", "admin_procedures"],
        "interests": ["photography"], "location": {"city": "Warszawa", "address": "Ursynów"},
        "trained": False, "checks": False,
    },
    "zofia.lewandowska@example.org": {
        "languages": {"pl": "native", "uk": "B2", "be": "B1"},
        "skills": ["admin_procedures", "healthcare", "social_contacts"],
        "interests": ["cooking", "music"], "location": {"city": "Kraków", "address": "Podgórze"},
        "trained": True, "checks": True,
    },
    "jan.dabrowski@example.org": {
        "languages": {"pl": "native", "en": "C1", "vi": "A2"},
        "skills": ["job_search", "language_practice"],
        "interests": ["football", "board_games"], "location": {"city": "Kraków"},
        "trained": True, "checks": False,
    },
}  # fmt: skip

# What the demo's newcomers ask for: (languages, first language, needs, place, modes, minors).
NEWCOMER_REQUESTS: dict[str, dict[str, Any]] = {
    "olena.kovalchuk@example.org": {
        "languages": {"uk": "native", "pl": "A2"}, "first_language": "uk", "country": "UA",
        "needs": ["admin_procedures", "healthcare"],
        "location": {"city": "Warszawa", "address": "Mokotów"},
        "modes": ["in_person"], "urgency": "high", "involves_minors": True,
    },
    "andrii.shevchenko@example.org": {
        "languages": {"uk": "native", "ru": "C1", "en": "B1"}, "first_language": "uk",
        "country": "UA", "needs": ["job_search"],
        "location": {"city": "Warszawa", "address": "Wola"},
        "modes": ["in_person", "online"], "urgency": "normal", "involves_minors": False,
    },
    "nino.beridze@example.org": {
        "languages": {"ka": "native", "en": "B2", "ru": "B1"}, "first_language": "ka",
        "country": "GE", "needs": ["language_practice", "social_contacts"],
        "location": {"city": "Warszawa"}, "modes": ["online"], "urgency": "low",
        "involves_minors": False,
    },
    "iryna.bondarenko@example.org": {
        "languages": {"uk": "native", "pl": "B1"}, "first_language": "uk", "country": "UA",
        "needs": ["healthcare", "admin_procedures"], "location": {"city": "Kraków"},
        "modes": ["in_person"], "urgency": "normal", "involves_minors": False,
    },
    "aliaksandr.kazlou@example.org": {
        "languages": {"be": "native", "ru": "native", "uk": "B1"}, "first_language": "be",
        "country": "BY", "needs": ["social_contacts"], "location": {"city": "Kraków"},
        "modes": ["in_person"], "urgency": "normal", "involves_minors": False,
    },
    "nguyen.thi.lan@example.org": {
        "languages": {"vi": "native", "en": "B2"}, "first_language": "vi", "country": "VN",
        "needs": ["job_search", "language_practice"], "location": {"city": "Kraków"},
        "modes": ["in_person", "online"], "urgency": "normal", "involves_minors": False,
    },
}  # fmt: skip


def _demo_profiles_and_training(programs: dict[str, Program]) -> None:
    """Profiles, the typical training (most residents completed it), and one open request per
    newcomer, so candidates and matching runs have something to show. Only on a first load."""
    coordinators = {person.program: person.email for person in COORDINATORS}
    today = clock.today()
    for slug, program in programs.items():
        coordinator = User.objects.get(email=coordinators[slug])
        modules = modules_add_defaults(program=program)
        if not modules:
            continue  # loaded before: leave what people changed since
        # The volunteer agreement's terms (programme settings), from the model text.
        terms_save(
            program=program,
            by=coordinator,
            organisation_name=f"Fundacja {program.name}",
            organisation_address=f"ul. Przykładowa 1, {program.city}",
            krs="0000000000",
            nip="0000000000",
            regon="",
            signatory="Marta Lis, prezeska zarządu",
            text_pl=model_text("pl"),
            text_uk=model_text("uk"),
            text_en=model_text("en"),
        )
        session_schedule(
            module=modules[0],
            data={
                "starts_at": timezone.now() + timedelta(days=9),
                "place": f"{program.city}, Centrum Wielokulturowe",
                "trainer": "Marta Lis",
                "capacity": 16,
            },
            by=coordinator,
        )
        for person in RESIDENTS_AND_NEWCOMERS:
            if person.program != slug:
                continue
            user = User.objects.get(email=person.email)
            if person.role == Role.VOLUNTEER:
                _demo_resident(user, RESIDENT_PROFILES[person.email], modules, coordinator, today)
            else:
                _demo_newcomer(user, NEWCOMER_REQUESTS[person.email])


def _demo_resident(
    user: User, data: dict[str, Any], modules: list[TrainingModule], by: User, today: date
) -> None:
    profile = volunteer_profile_get_or_create(user=user)
    volunteer_profile_update(
        profile=profile,
        data={
            **{key: data[key] for key in ("languages", "skills", "interests", "location")},
            "days": ["tue", "thu", "sat"], "modes": ["in_person", "online"],
            "hours_per_week": 3, "capacity": 2, "max_distance_km": 15,
        },
    )  # fmt: skip
    if data["trained"]:
        completions_record(
            entries=[
                CompletionEntry(profile.pk, module, today - timedelta(days=30))
                for module in modules
            ],
            by=by,
        )
    if data["checks"]:
        for kind in CheckKind.values:
            safeguarding_check_record(
                volunteer=profile, kind=kind, checked_on=today - timedelta(days=20), by=by
            )


def _demo_newcomer(user: User, data: dict[str, Any]) -> None:
    profile = newcomer_profile_get_or_create(user=user)
    newcomer_profile_update(
        profile=profile,
        data={
            "languages": data["languages"], "first_language": data["first_language"],
            "country_of_origin": data["country"], "location": data["location"],
        },
    )  # fmt: skip
    request_open(
        newcomer=profile,
        data={
            "needs": data["needs"], "modes": data["modes"], "urgency": data["urgency"],
            "involves_minors": data["involves_minors"], "days": ["tue", "sat"],
        },
        by=user,
    )  # fmt: skip
