"""The match tests' cast: a trained resident and a newcomer's request a kilometre apart.

`ready_volunteer()` and `open_request()` meet every hard constraint together, so a test
changes only the field it is about. Profiles are written directly (no training services).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from accounts.models import Program, Role, User
from commitments.models import CheckIn
from core import clock
from matching import services
from matching.models import Match
from newcomers.models import NewcomerProfile, SupportRequest
from tests.factories import member
from volunteers.models import VolunteerProfile

WARSAW = (52.2297, 21.0122)
NEAR_WARSAW = (52.2390, 21.0150)  # about a kilometre north
KRAKOW = (50.0647, 19.9450)


def ready_volunteer(
    program: Program, name: str = "Anna Kowalska", *, user: User | None = None, **fields: Any
) -> VolunteerProfile:
    user = user or member(program, Role.VOLUNTEER, full_name=name)
    lat, lon = fields.pop("at", WARSAW)
    values: dict[str, Any] = {
        "languages": {"pl": "native", "uk": "B2"},
        "skills": ["admin_procedures", "housing"],
        "interests": ["chess"],
        "days": ["mon", "wed"],
        "modes": ["in_person"],
        "max_distance_km": 10,
        "capacity": 1,
        "is_trained": True,
        "status": "ready",
        "lat": lat,
        "lon": lon,
        **fields,
    }
    return VolunteerProfile.objects.create(user=user, program=program, **values)


def open_request(
    program: Program,
    name: str = "Олена Ковальчук",
    *,
    user: User | None = None,
    newcomer: dict[str, Any] | None = None,
    **fields: Any,
) -> SupportRequest:
    lat, lon = (newcomer or {}).pop("at", NEAR_WARSAW)
    profile = NewcomerProfile.objects.create(
        program=program,
        user=user,
        full_name=name,
        **{
            "languages": {"uk": "native"},
            "first_language": "uk",
            "interests": ["chess"],
            "lat": lat,
            "lon": lon,
            **(newcomer or {}),
        },
    )
    values: dict[str, Any] = {
        "needs": ["admin_procedures"],
        "modes": ["in_person"],
        "days": ["mon"],
        **fields,
    }
    return SupportRequest.objects.create(program=program, newcomer=profile, **values)


def proposed(request: SupportRequest, volunteer: VolunteerProfile, by: User) -> Match:
    return services.match_propose(request=request, volunteer=volunteer, by=by)


def active(
    request: SupportRequest,
    volunteer: VolunteerProfile,
    by: User,
    started_on: date | None = None,
) -> Match:
    return services.match_approve(
        match=proposed(request, volunteer, by), by=by, started_on=started_on
    )


def proposals(program: Program, by: User) -> Callable[[range], None]:
    """Adds one proposed match per number, its newcomer and volunteer named with it."""

    def add(numbers: range) -> None:
        for index in numbers:
            proposed(
                open_request(program, f"Newcomer {index}"),
                ready_volunteer(program, f"Volunteer {index}"),
                by,
            )

    return add


def check_ins(match: Match, day: date) -> Callable[[range], None]:
    """Adds one check-in of `match` on `day` per number, logged in turn by its two people."""
    people = [match.volunteer.user, match.newcomer.user]

    def add(numbers: range) -> None:
        CheckIn.objects.bulk_create(
            CheckIn(program_id=match.program_id, match=match, date=day, duration_minutes=30,
                    by=people[index % 2])
            for index in numbers
        )  # fmt: skip

    return add


def today() -> date:
    return clock.today()
