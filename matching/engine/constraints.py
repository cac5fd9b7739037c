"""The hard constraints of a pairing, defined once, for every volunteer of a pool at a time.

A volunteer may be proposed for a request only when all of these hold:

- `eligible`: the caller's judgement (trained, neither paused nor withdrawn);
- `capacity`: at least one free place (capacity minus active matches > 0);
- `language`: a language both speak at B1 or above (`native` included; the newcomer's first
  language counts as native unless their languages say otherwise);
- `modes`: the request and the volunteer share a meeting mode (in person, online): a request
  for online meetings only never reaches a volunteer who meets in person only, and vice versa;
- `reach`: they can meet in a mode they share (`encoding.ways_to_meet`): both online, or both
  in person with the distance in km within both the volunteer's maximum and the programme's
  (`Weights.max_distance_km`). Without coordinates on either side only online reaches. Named
  only when they share a mode (else `modes` says why);
- `safeguarding`: a request involving children needs the volunteer's valid checks;
- `not_excluded`: the pair was not marked "do not pair again" (or ended early).

`hard_constraints` is what `rank_exhaustive` filters with; the fast paths (`rank`'s search and
the batch's `feasible_pairs`) are proven to return exactly what it returns by the engine's
tests. `pair_failures` answers for one volunteer and request from the same function, so a
coordinator's manual proposal is refused for exactly the reasons the engine would not offer it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matching.engine import spatial
from matching.engine.encoding import (
    USABLE_LEVEL,
    Pool,
    RequestInput,
    VolunteerInput,
    encode_pool,
    encode_request,
    free_places,
    modes_of,
    table_derived,
    ways_to_meet,
)
from matching.engine.scoring import DEFAULT_WEIGHTS, Weights

# Failure codes, in the order a refusal names them.
NOT_ELIGIBLE = "not_eligible"
NO_CAPACITY = "no_capacity"
NO_SHARED_LANGUAGE = "no_shared_language"
NO_SHARED_MODE = "no_shared_mode"
OUT_OF_REACH = "out_of_reach"
NO_SAFEGUARDING = "no_safeguarding"
EXCLUDED = "excluded"


@dataclass(frozen=True, eq=False)
class Constraints:
    """Each constraint for every volunteer of the pool's table (rows in `Pool.table` order),
    with what the soft scores reuse: the best shared level, the distance in km (NaN without
    coordinates) and the two ways the pair can meet."""

    eligible: NDArray[np.bool_]
    capacity: NDArray[np.bool_]
    language: NDArray[np.bool_]
    modes: NDArray[np.bool_]
    reach: NDArray[np.bool_]
    safeguarding: NDArray[np.bool_]
    not_excluded: NDArray[np.bool_]
    best_level: NDArray[np.int8]
    distance_km: NDArray[np.float64]
    within_reach: NDArray[np.bool_]  # both meet in person, within the distance
    meets_online: NDArray[np.bool_]

    @property
    def feasible(self) -> NDArray[np.bool_]:
        met: NDArray[np.bool_] = (
            self.eligible
            & self.capacity
            & self.language
            & self.modes
            & self.reach
            & self.safeguarding
            & self.not_excluded
        )
        return met

    def failures(self, row: int) -> tuple[str, ...]:
        checks = (
            (self.eligible, NOT_ELIGIBLE),
            (self.capacity, NO_CAPACITY),
            (self.language, NO_SHARED_LANGUAGE),
            (self.modes, NO_SHARED_MODE),
            (self.reach | ~self.modes, OUT_OF_REACH),
            (self.safeguarding, NO_SAFEGUARDING),
            (self.not_excluded, EXCLUDED),
        )
        return tuple(code for holds, code in checks if not holds[row])


def volunteer_failures(volunteer: VolunteerInput) -> tuple[str, ...]:
    """What keeps `volunteer` from any new pairing: not eligible, no free place."""
    checks = (
        (volunteer.is_eligible, NOT_ELIGIBLE),
        (free_places(volunteer.capacity, volunteer.active_matches) > 0, NO_CAPACITY),
    )
    return tuple(code for holds, code in checks if not holds)


def hard_constraints(
    pool: Pool, request: RequestInput, weights: Weights = DEFAULT_WEIGHTS
) -> Constraints:
    """Every constraint of `request` against every volunteer of `pool`, scanning the table."""
    table = pool.table
    derived = table_derived(table)
    encoded = encode_request(pool, request)
    request_levels = np.zeros(len(table.languages), np.int8)
    for column, level in encoded.slots:
        request_levels[column] = level
    usable = derived.usable_levels  # volunteers x languages, 0 below B1
    best_level = np.minimum(usable, request_levels[None, :]).max(axis=1, initial=0).astype(np.int8)
    distance_km = spatial.haversine_km(
        encoded.latitude_radians,
        encoded.longitude_radians,
        encoded.cos_latitude,
        derived.latitude_radians,
        derived.longitude_radians,
        derived.cos_latitude,
    )
    # NaN compares false: without coordinates only online reaches.
    within = distance_km <= np.minimum(table.max_distance_km, weights.max_distance_km)
    request_modes = modes_of(encoded.day_mode_code)
    volunteer_modes = modes_of(derived.availability_codes)
    meet_in_person, meet_online = ways_to_meet(request_modes, volunteer_modes, within)
    excluded = np.fromiter(request.excluded_volunteer_ids, np.int64)
    return Constraints(
        eligible=table.is_eligible.copy(),
        capacity=derived.free_capacity > 0,
        language=best_level >= USABLE_LEVEL,
        modes=(request_modes & volunteer_modes) != 0,
        reach=meet_in_person | meet_online,
        safeguarding=~np.bool_(encoded.involves_minors) | table.has_valid_safeguarding,
        not_excluded=~np.isin(table.ids, excluded),
        best_level=best_level,
        distance_km=np.asarray(distance_km, np.float64),
        within_reach=meet_in_person,
        meets_online=meet_online,
    )


def pair_failures(
    volunteer: VolunteerInput, request: RequestInput, weights: Weights = DEFAULT_WEIGHTS
) -> tuple[str, ...]:
    """The constraints `volunteer` and `request` break, in a fixed order; empty when the engine
    would offer the volunteer for the request (with enough places)."""
    return hard_constraints(encode_pool([volunteer]), request, weights).failures(0)
