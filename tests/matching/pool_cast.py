"""People for the candidates and snapshot tests, written the way the services write them.

Rows are created directly, then the programme's pool version is bumped, as every service that
changes a volunteer does (`accounts.services.program_pool_changed`).
"""

from __future__ import annotations

from accounts.models import Program, Role
from accounts.services import program_pool_changed
from newcomers.models import NewcomerProfile, SupportRequest
from tests.factories import member
from tests.instants import days_ago
from volunteers.models import VolunteerProfile

# Centre of Warszawa; 0.01 degrees of latitude is 1.11 km.
WARSAW = (52.2297, 21.0122)


def north_of_warsaw(km: float) -> tuple[float, float]:
    return (WARSAW[0] + km / 111.195, WARSAW[1])


def mentor(program: Program, name: str, *, km: float = 1.0, **fields: object) -> VolunteerProfile:
    """A trained resident mentor `km` north of the centre, free for one newcomer."""
    user = member(program, Role.VOLUNTEER, full_name=name)
    lat, lon = north_of_warsaw(km)
    defaults: dict[str, object] = {
        "languages": {"pl": "native", "uk": "B2"},
        "skills": ["admin_procedures"],
        "interests": ["chess"],
        "lat": lat,
        "lon": lon,
        "max_distance_km": 10,
        "days": ["mon", "wed"],
        "modes": ["in_person"],
        "hours_per_week": 2,
        "capacity": 1,
        "is_trained": True,
        "status": "ready",
    }
    profile = VolunteerProfile.objects.create(user=user, program=program, **{**defaults, **fields})
    program_pool_changed(program_id=program.pk)
    return profile


def asking(program: Program, name: str = "Олена Ковальчук", **fields: object) -> SupportRequest:
    """An open request, waiting three days, of a Ukrainian newcomer in the centre."""
    newcomer = NewcomerProfile.objects.create(
        program=program,
        full_name=name,
        languages={"uk": "native", "pl": "A2"},
        first_language="uk",
        interests=["chess"],
        lat=WARSAW[0],
        lon=WARSAW[1],
    )
    defaults: dict[str, object] = {
        "needs": ["admin_procedures"],
        "modes": ["in_person"],
        "days": ["mon"],
        "urgency": "normal",
        "waiting_since": days_ago(3),
    }
    return SupportRequest.objects.create(
        program=program, newcomer=newcomer, **{**defaults, **fields}
    )
