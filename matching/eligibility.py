"""The hard constraints of a pairing, checked one by one so a refusal can name what failed.

The engine applies the same constraints as a mask over the whole pool (`matching.engine`);
this module answers for a single volunteer and request, for a coordinator's manual proposal
and an approval's re-check. It reads only the objects' own fields: the caller says whether
the pair is excluded, which programme limit applies and what day it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.places import distance_km
from matching.engine.encoding import NATIVE_LEVEL, USABLE_LEVEL, level_code
from newcomers.models import SupportRequest
from volunteers.models import VolunteerProfile, VolunteerStatus

UNAVAILABLE_STATUSES = (VolunteerStatus.PAUSED, VolunteerStatus.WITHDRAWN)
ONLINE = "online"


@dataclass(frozen=True)
class Failure:
    """A broken constraint: a stable code for programs, a translated sentence for people."""

    code: str
    message: Promise


NOT_TRAINED = Failure("not_trained", _("This volunteer has not completed the required training."))
UNAVAILABLE = Failure("unavailable", _("This volunteer is paused or has withdrawn."))
NO_CAPACITY = Failure("no_capacity", _("This volunteer has no free capacity."))
NO_SHARED_LANGUAGE = Failure(
    "no_shared_language",
    _("This volunteer and the newcomer share no language at B1 level or above."),
)
OUT_OF_REACH = Failure(
    "out_of_reach", _("This volunteer lives too far away and they cannot meet online.")
)
NO_SAFEGUARDING = Failure(
    "no_safeguarding",
    _("The request involves children and this volunteer has no valid safeguarding check."),
)
EXCLUDED = Failure("excluded", _("This volunteer and this newcomer must not be paired again."))


def usable_levels(languages: Mapping[str, str], first_language: str = "") -> dict[str, int]:
    """Languages spoken at B1 or above, as engine level codes; a first language counts as
    native unless `languages` gives its level. Unknown levels are ignored."""
    levels: dict[str, int] = {}
    for code, level in languages.items():
        try:
            levels[code.strip().lower()] = level_code(str(level))
        except ValueError:
            continue
    first = first_language.strip().lower()
    if first:
        levels.setdefault(first, NATIVE_LEVEL)
    return {code: level for code, level in levels.items() if level >= USABLE_LEVEL}


def shares_usable_language(volunteer: VolunteerProfile, request: SupportRequest) -> bool:
    newcomer = request.newcomer
    theirs = usable_levels(newcomer.languages or {}, newcomer.first_language or "")
    return bool(theirs.keys() & usable_levels(volunteer.languages or {}).keys())


def is_within_reach(
    volunteer: VolunteerProfile, request: SupportRequest, *, program_max_distance_km: float
) -> bool:
    """Online-only requests reach everyone; otherwise in-person reach, or both meet online."""
    request_modes = set(request.modes or [])
    if request_modes == {ONLINE}:
        return True
    if ONLINE in request_modes and ONLINE in (volunteer.modes or []):
        return True
    newcomer = request.newcomer
    if None in (volunteer.lat, volunteer.lon, newcomer.lat, newcomer.lon):
        return False
    distance = distance_km(
        float(volunteer.lat),  # type: ignore[arg-type]
        float(volunteer.lon),  # type: ignore[arg-type]
        float(newcomer.lat),  # type: ignore[arg-type]
        float(newcomer.lon),  # type: ignore[arg-type]
    )
    return distance <= min(volunteer.max_distance_km, program_max_distance_km)


def volunteer_failures(volunteer: VolunteerProfile) -> list[Failure]:
    """What stops this volunteer from starting any new match (training, status, capacity)."""
    failures = []
    if not volunteer.is_trained:
        failures.append(NOT_TRAINED)
    if volunteer.status in UNAVAILABLE_STATUSES:
        failures.append(UNAVAILABLE)
    if volunteer.capacity - volunteer.active_matches <= 0:
        failures.append(NO_CAPACITY)
    return failures


def pair_failures(
    *,
    volunteer: VolunteerProfile,
    request: SupportRequest,
    program_max_distance_km: float,
    is_excluded: bool,
    today: date,
) -> list[Failure]:
    """Every hard constraint the pair breaks, in a fixed order; empty when it may be proposed.

    `request.newcomer` is read (select it with the request).
    """
    failures = volunteer_failures(volunteer)
    if not shares_usable_language(volunteer, request):
        failures.append(NO_SHARED_LANGUAGE)
    if not is_within_reach(volunteer, request, program_max_distance_km=program_max_distance_km):
        failures.append(OUT_OF_REACH)
    if request.involves_minors and (
        volunteer.minors_check_valid_until is None or volunteer.minors_check_valid_until < today
    ):
        failures.append(NO_SAFEGUARDING)
    if is_excluded:
        failures.append(EXCLUDED)
    return failures
