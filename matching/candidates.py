"""Ranked candidates for one support request: the programme's snapshot, the engine, the names.

Only volunteers meeting every hard constraint appear (trained, neither paused nor withdrawn,
free capacity, a usable shared language, within reach unless they meet online, cleared for
minors when the request involves children, not excluded for this newcomer): the engine
enforces them on the inputs `matching.pool` makes.

The request's status is not checked: ranking is read-only, and a coordinator may want to see
who else would suit a request that is already matched. Proposing is where an open request is
required (`match_propose`).

Queries, with a current snapshot: the programme's pool version, the newcomer's exclusions, the
names of the chosen volunteers. Select the request with `newcomer` and `program`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django_scopes import scopes_disabled

from core import clock
from matching.engine import rank
from matching.pool import request_input, weights_for
from matching.reason_text import reasons_as_json
from matching.snapshot import pool_for
from newcomers.models import SupportRequest
from volunteers.models import VolunteerProfile

MAX_LIMIT = 50


@dataclass(frozen=True)
class RankedCandidate:
    """A volunteer proposed for a request: score in [0, 1], distance in km (None online)."""

    volunteer_id: int
    full_name: str
    score: float
    distance_km: float | None
    breakdown: Mapping[str, float]
    reason_codes: list[dict[str, Any]]  # [{"code", "params"}], worded by `reason_text`


def candidates_for(
    request: SupportRequest, *, limit: int = 10, today: date | None = None
) -> list[RankedCandidate]:
    """The `limit` (1..MAX_LIMIT) best volunteers for `request`, best first."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must lie in 1..{MAX_LIMIT}")
    today = today or clock.today()
    program = request.program
    pool = pool_for(program)
    ranked = rank(pool, request_input(request, today=today), weights_for(program), k=limit)
    if not ranked:
        return []
    with scopes_disabled():  # the ids come from this programme's pool
        names = dict(
            VolunteerProfile.objects.filter(
                program_id=program.pk, id__in=[candidate.volunteer_id for candidate in ranked]
            )
            .order_by()
            .values_list("id", "user__full_name")
        )
    return [
        RankedCandidate(
            volunteer_id=candidate.volunteer_id,
            full_name=names[candidate.volunteer_id],
            score=candidate.score,
            distance_km=candidate.distance_km,
            breakdown=candidate.breakdown,
            reason_codes=reasons_as_json(candidate.reasons),
        )
        for candidate in ranked
        # A volunteer deleted since the snapshot's version was read is left out.
        if candidate.volunteer_id in names
    ]
