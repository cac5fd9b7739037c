"""A realistic synthetic population for one programme, written in bulk (`seed_demo`).

The people come from `demo.synthetic` (language frequencies and levels, skills, interests,
availability, capacities; the same seed gives the same people), moved from the synthetic
cities to the programme's city: each person keeps their offset from their synthetic city's
centre, so the city has a dense centre and suburbs. Each gets the nearest place of the offline
gazetteer (a district of Warszawa or Kraków, a town or village around it) as place name and
city, and a name that fits their languages: Polish for residents, Ukrainian, Belarusian,
Russian, Georgian, Vietnamese, Arabic... for newcomers.

Volunteers are trained and ready: an account (one shared password hash, `DEMO_PASSWORD`,
hashed once), a verified e-mail address, a membership, a profile, a completion of every
required module of the programme (the typical modules are added to a programme that has
none), and for about 40 % both safeguarding checks. Newcomers are registered on behalf (no
account) with one open request each. Everything is bulk-created in one transaction with no
per-row query; the programme's pool version is bumped at the end.

Seeded people are recognisable by their e-mail addresses (`seed.<slug>.v000001@example.org`,
`seed.<slug>.n000001@example.org`): a second run refuses unless asked to replace them.
"""

from __future__ import annotations

import enum
import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import numpy as np
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import Membership, Program, Role, User
from accounts.services import program_create, program_pool_changed, program_training_changed
from core import clock
from core.gazetteer import KnownPlace, gazetteer
from core.names import latin_beside
from core.vocabulary import DAYS
from demo.loading import DEMO_PASSWORD
from demo.synthetic import CITIES, synthetic_requests, synthetic_volunteers
from newcomers.models import ContactChannel, NewcomerProfile, SupportRequest
from training.models import CheckKind, SafeguardingCheck, TrainingCompletion, TrainingModule
from training.services import expiry_of, modules_add_defaults
from volunteers.models import VolunteerProfile, VolunteerStatus

BATCH_SIZE = 2000
# Places farther than this from the city centre are not offered as place names.
PLACES_WITHIN_KM = 45.0
EMAIL_DOMAIN = "example.org"

_Model = TypeVar("_Model", bound=models.Model)


class AlreadySeeded(Exception):
    """The programme already has seeded people and replacing them was not asked for."""


@dataclass(frozen=True)
class SeedResult:
    program: Program
    program_created: bool
    volunteers: int
    newcomers: int
    completions: int
    safeguarding_checks: int
    removed_rows: int  # of an earlier seed, replaced
    seconds: float


def seed_prefix(program: Program) -> str:
    return f"seed.{program.slug}."


# --- names -----------------------------------------------------------------------------------

_POLISH_FEMALE = (
    "Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna",
    "Magdalena", "Joanna", "Aleksandra", "Zofia", "Monika", "Natalia", "Karolina", "Marta",
    "Julia", "Weronika", "Paulina", "Justyna", "Dorota", "Beata", "Alicja", "Hanna", "Iwona",
)  # fmt: skip
_POLISH_MALE = (
    "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Jan", "Michał", "Marcin", "Jakub",
    "Adam", "Łukasz", "Marek", "Grzegorz", "Mateusz", "Wojciech", "Mariusz", "Dariusz",
    "Kamil", "Maciej", "Szymon", "Bartosz", "Rafał", "Jacek", "Stanisław", "Filip",
)  # fmt: skip
# (male form, female form)
_POLISH_SURNAMES = (
    ("Nowak", "Nowak"), ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"),
    ("Wójcik", "Wójcik"), ("Kowalczyk", "Kowalczyk"), ("Kamiński", "Kamińska"),
    ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"), ("Szymański", "Szymańska"),
    ("Woźniak", "Woźniak"), ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"),
    ("Jankowski", "Jankowska"), ("Mazur", "Mazur"), ("Kwiatkowski", "Kwiatkowska"),
    ("Krawczyk", "Krawczyk"), ("Piotrowski", "Piotrowska"), ("Grabowski", "Grabowska"),
    ("Nowakowski", "Nowakowska"), ("Pawłowski", "Pawłowska"), ("Michalski", "Michalska"),
    ("Adamczyk", "Adamczyk"), ("Dudek", "Dudek"), ("Zając", "Zając"), ("Wieczorek", "Wieczorek"),
    ("Jabłoński", "Jabłońska"), ("Król", "Król"), ("Majewski", "Majewska"),
    ("Olszewski", "Olszewska"), ("Jaworski", "Jaworska"), ("Wróbel", "Wróbel"),
    ("Malinowski", "Malinowska"), ("Pawlak", "Pawlak"), ("Witkowski", "Witkowska"),
    ("Walczak", "Walczak"), ("Stępień", "Stępień"), ("Górski", "Górska"),
    ("Rutkowski", "Rutkowska"),
)  # fmt: skip

# By first language: (female first names, male first names, surnames as (male, female)).
_Names = tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]
_NAMES_BY_LANGUAGE: dict[str, _Names] = {
    "uk": (
        ("Олена", "Ірина", "Наталія", "Оксана", "Тетяна", "Юлія", "Анна", "Марія", "Світлана",
         "Катерина", "Людмила", "Вікторія", "Галина", "Дарина", "Софія"),
        ("Андрій", "Олександр", "Сергій", "Дмитро", "Микола", "Іван", "Володимир", "Богдан",
         "Тарас", "Максим", "Юрій", "Олег", "Василь", "Роман", "Артем"),
        (("Ковальчук", "Ковальчук"), ("Шевченко", "Шевченко"), ("Бондаренко", "Бондаренко"),
         ("Коваленко", "Коваленко"), ("Ткаченко", "Ткаченко"), ("Кравченко", "Кравченко"),
         ("Мельник", "Мельник"), ("Олійник", "Олійник"), ("Поліщук", "Поліщук"),
         ("Савчук", "Савчук"), ("Лисенко", "Лисенко"), ("Гончаренко", "Гончаренко"),
         ("Руденко", "Руденко"), ("Марченко", "Марченко"), ("Петренко", "Петренко")),
    ),
    "ru": (
        ("Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Анастасия", "Екатерина"),
        ("Алексей", "Сергей", "Дмитрий", "Андрей", "Игорь", "Павел", "Евгений", "Николай"),
        (("Иванов", "Иванова"), ("Смирнов", "Смирнова"), ("Кузнецов", "Кузнецова"),
         ("Попов", "Попова"), ("Соколов", "Соколова"), ("Морозов", "Морозова"),
         ("Волков", "Волкова"), ("Лебедев", "Лебедева")),
    ),
    "be": (
        ("Алена", "Вольга", "Наталля", "Таццяна", "Ірына", "Святлана", "Марыя", "Ганна"),
        ("Аляксандр", "Сяргей", "Дзмітрый", "Андрэй", "Ігар", "Павел", "Мікалай", "Уладзімір"),
        (("Казлоў", "Казлова"), ("Навумчык", "Навумчык"), ("Лукашэвіч", "Лукашэвіч"),
         ("Мароз", "Мароз"), ("Жук", "Жук"), ("Шыманскі", "Шыманская"),
         ("Каваленка", "Каваленка"), ("Ткачук", "Ткачук")),
    ),
    "ka": (
        ("Nino", "Tamar", "Mariam", "Ana", "Salome", "Ketevan", "Eka", "Natia"),
        ("Giorgi", "Davit", "Levan", "Irakli", "Nikoloz", "Zurab", "Lasha", "Tornike"),
        (("Beridze", "Beridze"), ("Kapanadze", "Kapanadze"), ("Gelashvili", "Gelashvili"),
         ("Maisuradze", "Maisuradze"), ("Tsiklauri", "Tsiklauri"), ("Lomidze", "Lomidze"),
         ("Mamedov", "Mamedova"), ("Japaridze", "Japaridze")),
    ),
    "vi": (
        ("Thị Lan", "Thị Hương", "Thị Mai", "Thị Hoa", "Ngọc Anh", "Thu Trang", "Thị Thảo"),
        ("Văn Minh", "Văn Hùng", "Đức Anh", "Quang Huy", "Văn Nam", "Minh Tuấn", "Văn Long"),
        (("Nguyễn", "Nguyễn"), ("Trần", "Trần"), ("Lê", "Lê"), ("Phạm", "Phạm"),
         ("Hoàng", "Hoàng"), ("Vũ", "Vũ"), ("Đặng", "Đặng")),
    ),
    "ar": (
        ("Fatima", "Aisha", "Layla", "Mariam", "Noor", "Huda", "Rana", "Yasmin"),
        ("Ahmad", "Mohammed", "Omar", "Yousef", "Khaled", "Hassan", "Ali", "Sami"),
        (("Haddad", "Haddad"), ("Al-Hassan", "Al-Hassan"), ("Khalil", "Khalil"),
         ("Nasser", "Nasser"), ("Saleh", "Saleh"), ("Darwish", "Darwish")),
    ),
    "tr": (
        ("Ayşe", "Fatma", "Elif", "Zeynep", "Emine"),
        ("Mehmet", "Mustafa", "Ahmet", "Emre", "Murat"),
        (("Yılmaz", "Yılmaz"), ("Kaya", "Kaya"), ("Demir", "Demir"), ("Şahin", "Şahin")),
    ),
    "hy": (
        ("Anahit", "Lilit", "Mariam", "Narine", "Armine"),
        ("Aram", "Hayk", "Tigran", "Armen", "Davit"),
        (("Petrosyan", "Petrosyan"), ("Sargsyan", "Sargsyan"), ("Hakobyan", "Hakobyan"),
         ("Grigoryan", "Grigoryan")),
    ),
    "hi": (
        ("Priya", "Ananya", "Divya", "Pooja", "Neha"),
        ("Rahul", "Arjun", "Vikram", "Rohan", "Amit"),
        (("Sharma", "Sharma"), ("Patel", "Patel"), ("Singh", "Singh"), ("Kumar", "Kumar")),
    ),
    "es": (
        ("María", "Lucía", "Carmen", "Valentina", "Camila"),
        ("Carlos", "José", "Luis", "Andrés", "Diego"),
        (("García", "García"), ("Rodríguez", "Rodríguez"), ("Martínez", "Martínez"),
         ("López", "López")),
    ),
    "fr": (
        ("Amélie", "Fatou", "Aminata", "Claire", "Mariame"),
        ("Moussa", "Jean", "Ibrahima", "Olivier", "Mamadou"),
        (("Diallo", "Diallo"), ("Traoré", "Traoré"), ("Martin", "Martin"), ("Kaboré", "Kaboré")),
    ),
    "en": (
        ("Grace", "Blessing", "Sarah", "Emily", "Chloe"),
        ("David", "Daniel", "Emmanuel", "James", "Samuel"),
        (("Okafor", "Okafor"), ("Smith", "Smith"), ("Mensah", "Mensah"), ("Brown", "Brown")),
    ),
}  # fmt: skip
_POLISH_NAMES = (_POLISH_FEMALE, _POLISH_MALE, _POLISH_SURNAMES)

COUNTRY_BY_LANGUAGE = {
    "uk": "UA", "ru": "UA", "be": "BY", "ka": "GE", "vi": "VN", "ar": "SY", "tr": "TR",
    "hy": "AM", "hi": "IN", "es": "CO", "fr": "CI", "en": "NG",
}  # fmt: skip


def person_names(rng: np.random.Generator, first_languages: Sequence[str]) -> list[str]:
    """A full name per person, fitting their first language (Polish when none fits)."""
    is_female = (rng.random(len(first_languages)) < 0.55).tolist()
    picks = rng.integers(0, 1 << 30, size=(len(first_languages), 2)).tolist()
    names = []
    for language, female, (first_pick, last_pick) in zip(
        first_languages, is_female, picks, strict=True
    ):
        women, men, surnames = _NAMES_BY_LANGUAGE.get(language, _POLISH_NAMES)
        first = (women if female else men)[first_pick % len(women if female else men)]
        surname = surnames[last_pick % len(surnames)][1 if female else 0]
        # Vietnamese names put the family name first.
        names.append(f"{surname} {first}" if language == "vi" else f"{first} {surname}")
    return names


def _first_language(languages: dict[str, str]) -> str:
    native = [code for code, level in languages.items() if level == "native" and code != "pl"]
    return native[0] if native else "pl"


# --- places ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CityPlaces:
    """A city's centre and the places around it that people can be said to live in."""

    centre: KnownPlace
    names: tuple[str, ...]
    cities: tuple[str, ...]
    lat: np.ndarray
    lon: np.ndarray

    @classmethod
    def around(cls, city: str) -> CityPlaces:
        places = gazetteer()
        centre = places.find(city)
        if centre is None:
            raise ValueError(f"unknown city {city!r}")
        if centre.is_district:  # "Mokotów" names a district; the city is its parent
            centre = places.find(centre.city) or centre
        seen = {place for found in places.places_by_name.values() for place in found}
        near = sorted(
            (
                place
                for place in seen
                if _km(centre.lat, centre.lon, place.lat, place.lon) <= PLACES_WITHIN_KM
                and (place.is_district or place.city != centre.city)
            ),
            key=lambda place: (place.name, place.lat, place.lon),
        )
        near.append(centre)
        return cls(
            centre=centre,
            names=tuple(place.name for place in near),
            cities=tuple(place.city for place in near),
            lat=np.array([place.lat for place in near]),
            lon=np.array([place.lon for place in near]),
        )

    def nearest(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Index of the nearest place for each point (equirectangular: fine at city scale)."""
        scale = math.cos(math.radians(self.centre.lat))
        nearest = np.empty(lat.size, np.int64)
        for start in range(0, lat.size, 4096):
            north = lat[start : start + 4096, None] - self.lat[None, :]
            east = (lon[start : start + 4096, None] - self.lon[None, :]) * scale
            nearest[start : start + 4096] = np.argmin(north * north + east * east, axis=1)
        return nearest


def _a_year_later(day: date) -> date:
    """Safeguarding checks are renewed yearly (29 February moves to 28 February)."""
    return day.replace(year=day.year + 1, day=min(day.day, 28 if day.month == 2 else day.day))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    north = (lat2 - lat1) * 111.195
    east = (lon2 - lon1) * 111.195 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(north, east)


@dataclass(frozen=True)
class Located:
    lat: float | None
    lon: float | None
    place_name: str
    city: str


def relocate(
    coordinates: Sequence[tuple[float | None, float | None]], around: CityPlaces
) -> list[Located]:
    """Move synthetic people (around the synthetic cities) to `around`'s city, keeping each
    one's offset from their own city centre in kilometres; rounded to about 100 m."""
    known = [index for index, (lat, _lon) in enumerate(coordinates) if lat is not None]
    result = [Located(None, None, "", around.centre.city) for _ in coordinates]
    if not known:
        return result
    lat = np.array([coordinates[index][0] for index in known], np.float64)
    lon = np.array([coordinates[index][1] for index in known], np.float64)
    centres_lat = np.array([city.lat for city in CITIES])
    centres_lon = np.array([city.lon for city in CITIES])
    home = np.argmin((lat[:, None] - centres_lat) ** 2 + (lon[:, None] - centres_lon) ** 2, axis=1)
    north = lat - centres_lat[home]
    east = (lon - centres_lon[home]) * np.cos(np.radians(centres_lat[home]))
    new_lat = np.round(around.centre.lat + north, 3)
    new_lon = np.round(around.centre.lon + east / math.cos(math.radians(around.centre.lat)), 3)
    nearest = around.nearest(new_lat, new_lon)
    for index, a, b, place in zip(
        known, new_lat.tolist(), new_lon.tolist(), nearest.tolist(), strict=True
    ):
        result[index] = Located(a, b, around.names[place], around.cities[place])
    return result


# --- writing ---------------------------------------------------------------------------------


def _bulk(
    model: type[_Model],
    rows: list[_Model],
    *,
    key: str | None = None,
    among: models.QuerySet[_Model] | None = None,
) -> list[_Model]:
    """Insert `rows`; with `key`, each row gets its id (looked up by that unique field among
    `among` after a PostgreSQL COPY, which returns none).

    On PostgreSQL the rows are streamed with COPY: bulk_create's per-field preparation costs
    more than the database's work at this size (about 40 s of 100 for 100,000 volunteers).
    """
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(rows, batch_size=BATCH_SIZE)  # type: ignore[attr-defined]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    now = timezone.now()
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    statement = f"COPY {table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([_copy_value(field, row, now) for field in fields])
    if key is not None and among is not None:
        ids = dict(among.values_list(key, "id"))
        for row in rows:
            row.pk = ids[getattr(row, key)]
    return rows


def _copy_value(field: models.Field[Any, Any], row: models.Model, now: datetime) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    value = getattr(row, field.attname)
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    if isinstance(value, enum.Enum):  # psycopg would write an enum's name
        return value.value
    return value


def seeded_volunteer_count(program: Program) -> int:
    return User.objects.filter(email__startswith=seed_prefix(program)).count()


def _remove_seeded(program: Program) -> int:
    prefix = seed_prefix(program)
    NewcomerProfile.objects.filter(program=program, contact_email__startswith=prefix).delete()
    removed, _by_model = User.objects.filter(email__startswith=prefix).delete()
    return removed


def _required_modules(program: Program) -> list[TrainingModule]:
    if not TrainingModule.objects.filter(program=program).exists():
        modules_add_defaults(program=program)
    return list(TrainingModule.objects.filter(program=program, is_required=True, is_active=True))


@scopes_disabled()
def population_seed(
    *,
    slug: str,
    volunteers: int,
    newcomers: int,
    seed: int = 0,
    city: str | None = None,
    replace: bool = False,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> SeedResult:
    """Seed `volunteers` trained mentors and `newcomers` open requests into programme `slug`.

    Creates the programme (in `city`) when the slug is new. Raises AlreadySeeded when the
    programme has seeded people and `replace` is false; ValueError for an unknown city.
    """
    started = time.perf_counter()
    today = today or clock.today()
    say = progress or (lambda message: None)
    with transaction.atomic():
        program = Program.directory.filter(slug=slug).first()
        created = False
        if program is None:
            if not city:
                raise ValueError(f"no programme {slug!r}: give its city to create it")
            made = program_create(slug=slug, name=f"Ambasadorzy Powitania {city}", city=city)
            program, created = made.program, made.created
        removed_rows = 0
        if (
            seeded_volunteer_count(program)
            or NewcomerProfile.objects.filter(
                program=program, contact_email__startswith=seed_prefix(program)
            ).exists()
        ):
            if not replace:
                raise AlreadySeeded(program.slug)
            removed_rows = _remove_seeded(program)
            say(f"removed {removed_rows} rows of an earlier seed")
        around = CityPlaces.around(city or program.city)
        modules = _required_modules(program)
        volunteer_count = _seed_volunteers(program, volunteers, seed, around, modules, today, say)
        request_count = _seed_newcomers(program, newcomers, seed, around, say)
        program_pool_changed(program_id=program.pk)
        program_training_changed(program_id=program.pk)  # bulk-written completions
    return SeedResult(
        program=program,
        program_created=created,
        volunteers=volunteer_count[0],
        newcomers=request_count,
        completions=volunteer_count[1],
        safeguarding_checks=volunteer_count[2],
        removed_rows=removed_rows,
        seconds=time.perf_counter() - started,
    )


def _seed_volunteers(
    program: Program,
    count: int,
    seed: int,
    around: CityPlaces,
    modules: list[TrainingModule],
    today: date,
    say: Callable[[str], None],
) -> tuple[int, int, int]:
    if count <= 0:
        return 0, 0, 0
    rng = np.random.default_rng([seed, 1])
    people = synthetic_volunteers(count, seed=seed)
    places = relocate([(person.lat, person.lon) for person in people], around)
    first_languages = [_first_language(dict(person.languages)) for person in people]
    names = person_names(rng, first_languages)
    password = make_password(DEMO_PASSWORD)  # once: every seeded volunteer shares it
    prefix = seed_prefix(program)
    now = timezone.now()
    users = _bulk(
        User,
        [
            User(
                email=f"{prefix}v{number:06d}@{EMAIL_DOMAIN}",
                full_name=name,
                preferred_language="uk" if language in ("uk", "be") else "pl",
                password=password,
                date_joined=now,
                email_confirmed=True,  # their addresses below, bulk-written: no receiver runs
            )
            for number, (name, language) in enumerate(zip(names, first_languages, strict=True), 1)
        ],
        key="email",
        among=User.objects.filter(email__startswith=prefix),
    )
    say(f"{len(users)} accounts")
    _bulk(
        EmailAddress,
        [
            EmailAddress(user_id=user.pk, email=user.email, primary=True, verified=True)
            for user in users
        ],
    )
    _bulk(
        Membership,
        [Membership(user_id=user.pk, program_id=program.pk, role=Role.VOLUNTEER) for user in users],
    )
    checked_days_ago = rng.integers(0, 300, size=count).tolist()
    cleared = [person.has_valid_safeguarding for person in people]
    check_dates = [today - timedelta(days=days) for days in checked_days_ago]
    check_expiry = [_a_year_later(day) for day in check_dates]
    profiles = _bulk(
        VolunteerProfile,
        [
            VolunteerProfile(
                user_id=user.pk,
                program_id=program.pk,
                languages=dict(person.languages),
                skills=sorted(person.skills),
                interests=list(person.interests),
                lat=place.lat,
                lon=place.lon,
                city=place.city,
                place_name=place.place_name,
                max_distance_km=int(person.max_distance_km),
                hours_per_week=person.hours_per_week,
                days=[day for day in DAYS if day in person.days],
                modes=sorted(person.modes),
                capacity=person.capacity,
                status=VolunteerStatus.READY,
                is_trained=True,
                minors_check_valid_until=expiry if is_cleared else None,
                active_matches=0,
            )
            for user, person, place, is_cleared, expiry in zip(
                users, people, places, cleared, check_expiry, strict=True
            )
        ],
        key="user_id",
        among=VolunteerProfile.objects.filter(program=program, user__email__startswith=prefix),
    )
    say(f"{len(profiles)} volunteer profiles")
    checks = [
        SafeguardingCheck(
            program_id=program.pk,
            volunteer_id=profile.pk,
            kind=kind,
            checked_on=checked_on,
            expires_on=expiry,
        )
        for profile, is_cleared, checked_on, expiry in zip(
            profiles, cleared, check_dates, check_expiry, strict=True
        )
        if is_cleared
        for kind in (CheckKind.CRIMINAL_RECORD, CheckKind.OFFENDER_REGISTER)
    ]
    _bulk(SafeguardingCheck, checks)
    completed_days_ago = rng.integers(7, 300, size=(count, max(len(modules), 1))).tolist()
    completions: list[TrainingCompletion] = []
    for profile, days_ago in zip(profiles, completed_days_ago, strict=True):
        for module, days in zip(modules, days_ago, strict=False):
            completed_on = today - timedelta(days=days)
            completions.append(
                TrainingCompletion(
                    program_id=program.pk,
                    volunteer_id=profile.pk,
                    module_id=module.pk,
                    completed_on=completed_on,
                    expires_on=expiry_of(module, completed_on),
                )
            )
    _bulk(TrainingCompletion, completions)
    say(f"{len(completions)} training completions, {len(checks)} safeguarding checks")
    return len(profiles), len(completions), len(checks)


def _seed_newcomers(
    program: Program,
    count: int,
    seed: int,
    around: CityPlaces,
    say: Callable[[str], None],
) -> int:
    if count <= 0:
        return 0
    rng = np.random.default_rng([seed, 2])
    asks = synthetic_requests(count, seed=seed + 1)
    places = relocate([(ask.lat, ask.lon) for ask in asks], around)
    first_languages = [ask.first_language or "uk" for ask in asks]
    names = person_names(rng, first_languages)
    prefix = seed_prefix(program)
    now = timezone.now()
    newcomers = _bulk(
        NewcomerProfile,
        [
            NewcomerProfile(
                program_id=program.pk,
                full_name=name,
                full_name_latin=latin_beside(name),
                country_of_origin=COUNTRY_BY_LANGUAGE.get(language, ""),
                languages=dict(ask.languages),
                first_language=language,
                interests=list(ask.interests),
                lat=place.lat,
                lon=place.lon,
                city=place.city,
                place_name=place.place_name,
                arrived_on=clock.local_date(now - timedelta(days=ask.waiting_days + 30)),
                contact_email=f"{prefix}n{number:06d}@{EMAIL_DOMAIN}",
                contact_channel=ContactChannel.EMAIL,
            )
            for number, (ask, name, language, place) in enumerate(
                zip(asks, names, first_languages, places, strict=True), 1
            )
        ],
        key="contact_email",
        among=NewcomerProfile.objects.filter(program=program, contact_email__startswith=prefix),
    )
    requests = _bulk(
        SupportRequest,
        [
            SupportRequest(
                program_id=program.pk,
                newcomer_id=newcomer.pk,
                needs=list(ask.needs),
                modes=sorted(ask.modes),
                days=[day for day in DAYS if day in ask.days],
                urgency=ask.urgency,
                involves_minors=ask.involves_minors,
                waiting_since=now - timedelta(days=ask.waiting_days),
            )
            for newcomer, ask in zip(newcomers, asks, strict=True)
        ],
    )
    say(f"{len(newcomers)} newcomers with one open request each")
    return len(requests)
