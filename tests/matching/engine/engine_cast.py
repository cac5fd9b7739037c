"""The engine tests' cast: a resident mentor and a newcomer's request in central Warsaw.

Every field of `resident()` and `newcomer_request()` passes every hard constraint, so a test
changes only the field it is about. `who_can_match` asks all three paths (the ranking, its
exhaustive reference, the batch's full candidate graph) and insists they agree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from matching.engine import (
    DEFAULT_WEIGHTS,
    RequestInput,
    VolunteerInput,
    Weights,
    encode_pool,
    rank,
    rank_exhaustive,
)
from matching.engine.assignment import candidate_graph
from matching.engine.spatial import EARTH_RADIUS_KM

WARSAW = (52.2297, 21.0122)
KRAKOW = (50.0647, 19.9450)


def resident(id: int = 1, **changes: Any) -> VolunteerInput:
    mentor = VolunteerInput(
        id=id,
        languages={"pl": "native", "uk": "B2"},
        skills=frozenset({"admin_procedures"}),
        interests=("chess",),
        lat=WARSAW[0],
        lon=WARSAW[1],
        max_distance_km=30.0,
        days=frozenset({"mon"}),
        modes=frozenset({"in_person"}),
        hours_per_week=2,
        capacity=2,
        active_matches=0,
        is_eligible=True,
        has_valid_safeguarding=True,
    )
    return replace(mentor, **changes)


def newcomer_request(id: int = 1, **changes: Any) -> RequestInput:
    request = RequestInput(
        id=id,
        languages={"uk": "native"},
        first_language="uk",
        needs=("admin_procedures",),
        urgency="normal",
        modes=frozenset({"in_person"}),
        days=frozenset({"mon"}),
        lat=WARSAW[0],
        lon=WARSAW[1],
        interests=("chess",),
        involves_minors=False,
        excluded_volunteer_ids=frozenset(),
    )
    return replace(request, **changes)


def north_of(place: tuple[float, float], km: float) -> dict[str, float]:
    """Coordinates `km` due north of `place` on the engine's sphere."""
    return {"lat": place[0] + math.degrees(km / EARTH_RADIUS_KM), "lon": place[1]}


def who_can_match(
    volunteers: Sequence[VolunteerInput],
    request: RequestInput,
    weights: Weights = DEFAULT_WEIGHTS,
) -> set[int]:
    """Ids of the volunteers that may be proposed for `request`, the same by every path."""
    pool = encode_pool(volunteers)
    ranked = {candidate.volunteer_id for candidate in rank(pool, request, weights, k=1000)}
    exhaustive = {
        volunteer_id for volunteer_id, _ in rank_exhaustive(pool, request, weights, k=1000)
    }
    graph = candidate_graph(pool, [request], weights, exact=True)
    batch = {int(pool.ids[row]) for row in graph.row}
    assert ranked == exhaustive == batch
    return ranked
