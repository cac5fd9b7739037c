"""Ranked candidates for one support request: the programme's snapshot, the engine, the names.

Only volunteers meeting every hard constraint appear (trained, neither paused nor withdrawn,
free capacity, a usable shared language, within reach unless they meet online, cleared for
minors when the request involves children, not excluded for this newcomer): the engine
enforces them on the inputs `matching.pool` makes.

The request's status is not checked: ranking is read-only, and a coordinator may want to see
who else would suit a request that is already matched. Proposing is where an open request is
required (`match_propose`).

Queries, with a current snapshot: the programme's pool version, the newcomer's exclusions, the
names of the chosen volunteers. Select the request with `newcomer` and `program`; or read it
with `request_for_candidates`, which brings the exclusions and the current pool version in the
same query: then only the names remain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Aggregate, CharField, OuterRef, Subquery
from django.http import Http404
from django_scopes import scopes_disabled

from core import clock
from matching.engine import rank
from matching.models import PairExclusion
from matching.pool import request_input, weights_for
from matching.reason_text import reasons_as_json
from matching.snapshot import pool_for
from newcomers.models import SupportRequest
from newcomers.selectors import requests_for_coordinator
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


class _IdList(Aggregate):
    """Ids joined with commas (PostgreSQL's string_agg, SQLite's group_concat)."""

    function = "STRING_AGG"
    template = "%(function)s(CAST(%(expressions)s AS TEXT), ',')"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            function="GROUP_CONCAT",
            template="%(function)s(%(expressions)s, ',')",
            **extra,
        )


def request_for_candidates(user: Any, pk: int) -> SupportRequest:
    """`request_for_coordinator` for the candidates, in one query: the request with its
    newcomer and programme (whose `pool_version` the snapshot checks) and the volunteers
    excluded for the newcomer (`excluded_ids`, comma-separated), or 404."""
    with scopes_disabled():  # narrowed by the newcomer: whatever scope the caller is in
        excluded = (
            PairExclusion.objects.filter(newcomer_id=OuterRef("newcomer_id"))
            .order_by()
            .values("newcomer_id")
            .annotate(ids=_IdList("volunteer_id"))
            .values("ids")
        )
    found = (
        requests_for_coordinator(user)
        .filter(pk=pk)
        .annotate(excluded_ids=Subquery(excluded, output_field=CharField()))
        .first()
    )
    if found is None:
        raise Http404
    return found


def candidates_for(
    request: SupportRequest, *, limit: int = 10, today: date | None = None
) -> list[RankedCandidate]:
    """The `limit` (1..MAX_LIMIT) best volunteers for `request`, best first."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must lie in 1..{MAX_LIMIT}")
    today = today or clock.today()
    program = request.program
    # Read by `request_for_candidates`: the exclusions and the pool version came with the row.
    folded = hasattr(request, "excluded_ids")
    excluded = (
        frozenset(int(pk) for pk in (getattr(request, "excluded_ids", "") or "").split(",") if pk)
        if folded
        else None
    )
    pool = pool_for(program, fresh_row=folded)
    ranked = rank(
        pool,
        request_input(request, today=today, excluded_volunteer_ids=excluded),
        weights_for(program),
        k=limit,
    )
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
