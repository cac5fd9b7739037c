"""Profiles and requests as the engine's inputs, a programme's weights, and its pool snapshot.

The only place where model rows become `VolunteerInput` / `RequestInput`: the candidates
endpoint, matching runs and the benchmarks all go through here, so eligibility means the same
everywhere. Values a profile could hold but the engine would reject (an unknown level, day or
mode) are dropped here rather than failing a whole pool.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django_scopes import scopes_disabled

from accounts.models import Program
from core.clock import days_between
from core.vocabulary import SKILL_CODES
from matching.engine import DEFAULT_WEIGHTS, RequestInput, VolunteerInput, Weights
from matching.engine.encoding import DAYS, LEVELS, MODES, URGENCIES
from matching.engine.scoring import COMPONENTS
from matching.models import PairExclusion
from newcomers.models import SupportRequest
from volunteers.models import VolunteerProfile, VolunteerStatus

# Statuses that keep a volunteer out of new matches whatever their training.
UNAVAILABLE_STATUSES = frozenset({VolunteerStatus.PAUSED.value, VolunteerStatus.WITHDRAWN.value})

# What the pool needs of a volunteer, in the order `volunteer_input_from_values` takes it; one
# `values_list` of these is cheaper than model instances for 100,000 rows.
VOLUNTEER_COLUMNS: tuple[str, ...] = (
    "id",
    "languages",
    "skills",
    "interests",
    "lat",
    "lon",
    "max_distance_km",
    "days",
    "modes",
    "hours_per_week",
    "capacity",
    "active_matches",
    "is_trained",
    "status",
    "minors_check_valid_until",
    "support_roles",
    "safeguarding_hold",
)


def _languages(languages: Any) -> dict[str, str]:
    if not isinstance(languages, Mapping):
        return {}
    return {str(code): level for code, level in languages.items() if level in LEVELS}


def _known(values: Any, known: Iterable[str]) -> frozenset[str]:
    if not isinstance(values, list | tuple):
        return frozenset()
    return frozenset(value for value in values if value in known)


def _words(values: Any) -> tuple[str, ...]:
    if not isinstance(values, list | tuple):
        return ()
    return tuple(value for value in values if isinstance(value, str))


NOT_TRAINED = "not_trained"
UNAVAILABLE = "unavailable"
ON_HOLD = "on_hold"


def readiness_gaps(*, is_trained: bool, status: str, on_hold: bool = False) -> list[str]:
    """What keeps a volunteer from being offered at all: the engine's `is_eligible` is true
    exactly when there is none. `on_hold`: a safeguarding concern about them awaits a lead."""
    gaps = [] if is_trained else [NOT_TRAINED]
    if status in UNAVAILABLE_STATUSES:
        gaps.append(UNAVAILABLE)
    if on_hold:
        gaps.append(ON_HOLD)
    return gaps


def requests_ready(requests: QuerySet[SupportRequest]) -> QuerySet[SupportRequest]:
    """The requests matching may consider: none of a newcomer held for a safeguarding
    review (the newcomer's side of the readiness rule above)."""
    return requests.exclude(newcomer__safeguarding_hold=True)


def volunteer_input_from_values(values: Sequence[Any], *, today: date) -> VolunteerInput:
    """A row of `VOLUNTEER_COLUMNS` (a `values_list` tuple) as the engine's input."""
    (
        volunteer_id,
        languages,
        skills,
        interests,
        lat,
        lon,
        max_distance_km,
        days,
        modes,
        hours_per_week,
        capacity,
        active_matches,
        is_trained,
        status,
        minors_check_valid_until,
        support_roles,
        safeguarding_hold,
    ) = values
    return VolunteerInput(
        id=volunteer_id,
        languages=_languages(languages),
        skills=_known(skills, SKILL_CODES),
        interests=_words(interests),
        lat=lat,
        lon=lon,
        max_distance_km=float(max_distance_km),
        days=_known(days, DAYS),
        modes=_known(modes, MODES),
        hours_per_week=hours_per_week,
        capacity=capacity,
        active_matches=active_matches,
        is_eligible=not readiness_gaps(
            is_trained=bool(is_trained), status=status, on_hold=bool(safeguarding_hold)
        ),
        has_valid_safeguarding=minors_check_valid_until is not None
        and minors_check_valid_until >= today,
        support_roles=frozenset(_words(support_roles)),
    )


def volunteer_input(profile: VolunteerProfile, *, today: date) -> VolunteerInput:
    """A resident mentor as the engine sees one.

    Eligible: trained and neither paused nor withdrawn (free capacity is the engine's check).
    Cleared for minors: the safeguarding checks are valid today or later.
    """
    return volunteer_input_from_values(
        [getattr(profile, column) for column in VOLUNTEER_COLUMNS], today=today
    )


def _waiting_days(waiting_since: datetime, today: date) -> int:
    return days_between(waiting_since, today)


def request_input(
    request: SupportRequest,
    *,
    today: date,
    excluded_volunteer_ids: frozenset[int] | None = None,
) -> RequestInput:
    """A support request as the engine sees it; the newcomer's side comes from its newcomer.

    `excluded_volunteer_ids` None loads the newcomer's pair exclusions (one query). Touches
    `request.newcomer` (a query unless it was selected with the request).
    """
    newcomer = request.newcomer
    if excluded_volunteer_ids is None:
        with scopes_disabled():  # narrowed by the newcomer: whatever scope the caller is in
            excluded_volunteer_ids = frozenset(
                PairExclusion.objects.filter(newcomer_id=newcomer.pk).values_list(
                    "volunteer_id", flat=True
                )
            )
    return RequestInput(
        id=request.pk,
        languages=_languages(newcomer.languages),
        first_language=newcomer.first_language or None,
        needs=tuple(need for need in request.needs if need in SKILL_CODES),
        urgency=request.urgency if request.urgency in URGENCIES else "normal",
        modes=_known(request.modes, MODES),
        days=_known(request.days, DAYS),
        lat=newcomer.lat,
        lon=newcomer.lon,
        interests=_words(newcomer.interests),
        involves_minors=request.involves_minors,
        excluded_volunteer_ids=excluded_volunteer_ids,
        waiting_days=_waiting_days(request.waiting_since, today),
    )


def request_inputs(requests: Sequence[SupportRequest], *, today: date) -> list[RequestInput]:
    """Many requests at once: the exclusions of all their newcomers in one query.

    Select the requests with `newcomer` to avoid a query each.
    """
    newcomer_ids = {request.newcomer_id for request in requests}
    excluded: dict[int, set[int]] = {newcomer_id: set() for newcomer_id in newcomer_ids}
    if newcomer_ids:
        with scopes_disabled():
            pairs = PairExclusion.objects.filter(newcomer_id__in=newcomer_ids).values_list(
                "newcomer_id", "volunteer_id"
            )
            for newcomer_id, volunteer_id in pairs:
                excluded[newcomer_id].add(volunteer_id)
    return [
        request_input(
            request, today=today, excluded_volunteer_ids=frozenset(excluded[request.newcomer_id])
        )
        for request in requests
    ]


def _weight(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and number >= 0 else None


def weights_for(program: Program) -> Weights:
    """The engine's defaults with the programme's component weights and maximum distance.

    Only known component names with non-negative numbers count; a set that the engine refuses
    (all zero) falls back to the default weights.
    """
    overrides: dict[str, Any] = {"max_distance_km": float(max(1, program.max_distance_km))}
    chosen = program.matching_weights if isinstance(program.matching_weights, Mapping) else {}
    for name in COMPONENTS:
        weight = _weight(chosen.get(name))
        if weight is not None:
            overrides[name] = weight
    try:
        return dataclasses.replace(DEFAULT_WEIGHTS, **overrides)
    except ValueError:
        return dataclasses.replace(DEFAULT_WEIGHTS, max_distance_km=overrides["max_distance_km"])
