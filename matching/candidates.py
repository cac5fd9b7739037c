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

from django.db import connections
from django.db.models import Aggregate, CharField, Model, OuterRef, QuerySet, Subquery
from django.http import Http404
from django_scopes import scopes_disabled
from django_scopes.state import get_scope

from accounts.models import Program
from accounts.scoping import known_memberships
from core import clock
from matching.engine import rank
from matching.models import PairExclusion
from matching.pool import request_input, weights_for
from matching.reason_text import reasons_as_json
from matching.snapshot import pool_for
from newcomers.models import NewcomerProfile, SupportRequest
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


def _request_query(user: Any, pk: int) -> QuerySet[SupportRequest]:
    with scopes_disabled():  # narrowed by the newcomer: whatever scope the caller is in
        excluded = (
            PairExclusion.objects.filter(newcomer_id=OuterRef("newcomer_id"))
            .order_by()
            .values("newcomer_id")
            .annotate(ids=_IdList("volunteer_id"))
            .values("ids")
        )
    return (
        requests_for_coordinator(user)
        .filter(pk=pk)
        .annotate(excluded_ids=Subquery(excluded, output_field=CharField()))
    )


def request_for_candidates(user: Any, pk: int) -> SupportRequest:
    """`request_for_coordinator` for the candidates, in one query: the request with its
    newcomer and programme (whose `pool_version` the snapshot checks) and the volunteers
    excluded for the newcomer (`excluded_ids`, comma-separated), or 404."""
    compiled = _compiled_for(user)
    found = compiled.read(pk) if compiled else _request_query(user, pk).first()
    if found is None:
        raise Http404
    return found


# Building and compiling the request's query costs more Python (about 1.3 ms) than running it.
# Its SQL depends on the caller, the scope and the memberships the request read as it opened
# (`requests_for_coordinator` narrows by them), not on the request's id: compiled once per
# process for each caller, scope and memberships, and run with the id. A membership added or
# removed makes another key, so it holds from the caller's next request, as with the ORM.
_NO_ID = -1  # the id compiled into the query: no row has it, and no other parameter is it


class _CompiledRequest:
    """`_request_query(user, pk)[:1]` as SQL, and its row read as the ORM reads it: the
    request with its newcomer and programme (select_related) and `excluded_ids`."""

    def __init__(self, user: Any) -> None:
        queryset = _request_query(user, _NO_ID)[:1]
        self.db = queryset.db
        self.compiler = queryset.query.get_compiler(using=self.db)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        (self.id_at,) = [at for at, value in enumerate(self.params) if value == _NO_ID]
        annotations = self.compiler.annotation_col_map or {}
        self.annotations = list(annotations.items())
        # Each model's columns, by position in the row (select_related's order).
        self.columns: dict[type[Model], tuple[list[str], list[int]]] = {}
        for at, (expression, _sql, _alias) in enumerate(self.compiler.select):
            if at not in annotations.values():
                names, positions = self.columns.setdefault(expression.target.model, ([], []))
                names.append(expression.target.attname)
                positions.append(at)
        if set(self.columns) != {SupportRequest, NewcomerProfile, Program}:
            raise ValueError("the request's query selects other rows than it reads")

    def _instance(self, model: type[Any], row: tuple[Any, ...]) -> Any:
        names, positions = self.columns[model]
        return model.from_db(self.db, names, [row[at] for at in positions])

    def read(self, pk: int) -> SupportRequest | None:
        params = list(self.params)
        params[self.id_at] = pk
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            fetched = cursor.fetchone()
        if fetched is None:
            return None
        (row,) = self.compiler.results_iter([[fetched]])  # the fields' converters (JSON, ...)
        found: SupportRequest = self._instance(SupportRequest, row)
        found.newcomer = self._instance(NewcomerProfile, row)
        found.program = self._instance(Program, row)
        for name, at in self.annotations:
            setattr(found, name, row[at])
        return found


_compiled: dict[tuple[Any, ...], _CompiledRequest] = {}


def _compiled_for(user: Any) -> _CompiledRequest | None:
    """The compiled query for `user` in this scope with these memberships; None outside a
    request's scope (no memberships read yet) and for staff, who take the ORM's query."""
    memberships = known_memberships(user)
    if memberships is None or user.is_staff:
        return None
    try:
        scope = tuple(
            sorted(
                (name, tuple(value) if isinstance(value, list) else value)
                for name, value in get_scope().items()
            )
        )
        key = (user.pk, scope, memberships)
        found = _compiled.get(key)
        if found is None:
            if len(_compiled) >= 1024:  # bounded: callers come and go
                _compiled.clear()
            found = _compiled[key] = _CompiledRequest(user)
    except (TypeError, ValueError):  # a scope value that is no key; not one id parameter
        return None
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
