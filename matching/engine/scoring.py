"""Scores of volunteer-request pairs: the hard constraints, six components and their sum.

Hard constraints; a pair failing any one is never proposed:
- the volunteer is eligible (trained, not paused or withdrawn) and has free capacity
  (capacity - active matches > 0);
- a valid safeguarding check when the request involves minors;
- a usable shared language: one both speak at B1 or above (native included);
- a shared meeting mode, and reach in one of them (`encoding.ways_to_meet`): both accept
  online; or both meet in person, both have coordinates and the great-circle distance is at
  most min(volunteer's maximum distance, `Weights.max_distance_km`). An online-only request
  never reaches an in-person-only volunteer (nor the reverse); without coordinates a pair can
  only meet online;
- the volunteer is not in the request's excluded volunteers.

Components, each in [0, 1]:
- language: the best level the pair shares (the lower of the two levels, over every usable
  shared language) scores B1 0.5, B2 0.625, C1 0.75, C2 0.875, native 1.0; +0.25 (capped at 1)
  when the volunteer speaks the newcomer's first language at B1 or above. For a
  `language_practice` need it is the mean of that and the volunteer's Polish on the same scale
  (0 below B1).
- skills: the share of the request's distinct needs the volunteer offers (1.0 without needs).
  A high-urgency request multiplies the skills weight by `urgent_skills_factor`: covering the
  need counts for more when help is urgent.
- distance: exp(-km / distance_scale_km) when both meet in person within reach; a pair that
  can meet online scores at least `online_distance_score`; 1.0 for every volunteer of an
  online-only request.
- interests: cosine similarity of TF-IDF interest vectors (0 when either side has none).
- availability: 0.5 x share of the request's days the volunteer offers + 0.3 x share of its
  modes + 0.2 x min(1, weekly hours / hours wanted), where one hour per distinct need is wanted
  (1 to 8); a request without days or modes is satisfied on that part.
- load: 1 - active matches / capacity, a small preference for volunteers with room.

score = sum(weight x component) / sum(weights), in [0, 1]. Every path multiplies each component
by its weight and adds the products in the same order (language, skills, distance, availability,
load, then interests), so equal inputs give bit-identical scores whether a component came from a
lookup table or an array. Equal scores are broken by the caller (the smaller volunteer id first).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import numpy as np
import scipy.sparse as sparse
from numpy.typing import NDArray

from matching.engine import spatial
from matching.engine.encoding import (
    HOURS_CODE_MAX,
    POLISH,
    URGENCIES,
    Pool,
    RequestBatch,
    modes_of,
    ways_to_meet,
)

COMPONENTS: tuple[str, ...] = (
    "language",
    "skills",
    "distance",
    "interests",
    "availability",
    "load",
)
LEVEL_SCORE = np.array([0.0, 0.0, 0.0, 0.5, 0.625, 0.75, 0.875, 1.0], np.float64)
FIRST_LANGUAGE_BONUS = 0.25
DAYS_SHARE = 0.5
MODES_SHARE = 0.3
HOURS_SHARE = 0.2
HIGH_URGENCY = URGENCIES.index("high")


@dataclass(frozen=True)
class Weights:
    """A programme's weights and limits; distances in km.

    The six component weights are non-negative and only their ratios matter: a score is divided
    by their sum. `urgent_skills_factor` multiplies the skills weight of high-urgency requests.
    The batch maximises the sum over proposals of score x `batch_multiplier`: the request's
    `urgency_weight`, raised by up to `waiting_boost` (a share) as its waiting days approach
    `waiting_days_full`.
    """

    language: float = 0.30
    skills: float = 0.25
    distance: float = 0.20
    interests: float = 0.10
    availability: float = 0.10
    load: float = 0.05
    max_distance_km: float = 30.0
    distance_scale_km: float = 10.0
    online_distance_score: float = 0.5
    urgent_skills_factor: float = 1.5
    urgency_weight: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"low": 0.8, "normal": 1.0, "high": 1.5}),
        hash=False,  # a mapping cannot be hashed; the other fields keep Weights hashable
    )
    waiting_boost: float = 0.2
    waiting_days_full: int = 60

    def __post_init__(self) -> None:
        parts = [getattr(self, name) for name in COMPONENTS]
        if min(parts) < 0 or sum(parts) <= 0:
            raise ValueError("weights must be non-negative with a positive sum")
        if self.max_distance_km <= 0 or self.distance_scale_km <= 0:
            raise ValueError("distances must be positive")
        if not 0.0 <= self.online_distance_score <= 1.0:
            raise ValueError("online_distance_score must lie in [0, 1]")
        if self.urgent_skills_factor < 0 or self.waiting_boost < 0 or self.waiting_days_full <= 0:
            raise ValueError("urgent_skills_factor and waiting_boost must be non-negative")
        if set(self.urgency_weight) != set(URGENCIES) or min(self.urgency_weight.values()) <= 0:
            raise ValueError(f"urgency_weight needs a positive weight for each of {URGENCIES}")

    def skills_weight(self, urgency: int) -> float:
        return self.skills * (self.urgent_skills_factor if urgency == HIGH_URGENCY else 1.0)

    def total(self, urgency: int) -> float:
        return (
            self.language
            + self.skills_weight(urgency)
            + self.distance
            + self.interests
            + self.availability
            + self.load
        )

    def batch_multiplier(self, urgency: int, waiting_days: int) -> float:
        waited = min(max(waiting_days, 0), self.waiting_days_full) / self.waiting_days_full
        return self.urgency_weight[URGENCIES[urgency]] * (1.0 + self.waiting_boost * waited)


DEFAULT_WEIGHTS = Weights()


def _language_table() -> NDArray[np.float64]:
    # index = best shared level + 8 x speaks first language + 16 x Polish level + 128 x practice
    best = np.arange(8)[None, None, None, :]
    first = np.arange(2)[None, None, :, None]
    polish = np.arange(8)[None, :, None, None]
    practice = np.arange(2)[:, None, None, None]
    plain = np.minimum(1.0, LEVEL_SCORE[best] + FIRST_LANGUAGE_BONUS * first)
    with_practice = (plain + LEVEL_SCORE[polish]) / 2.0
    table = np.where(practice == 1, with_practice, np.broadcast_to(plain, with_practice.shape))
    return np.ascontiguousarray(table.reshape(-1))


def _day_mode_table() -> NDArray[np.float64]:
    # [request days | modes << 7, volunteer days | modes << 7]
    codes = np.arange(512, dtype=np.int64)
    request, volunteer = codes[:, None], codes[None, :]
    request_days, request_modes = request & 127, request >> 7
    shared_days = np.bitwise_count(request_days & volunteer & 127)
    shared_modes = np.bitwise_count(request_modes & (volunteer >> 7))
    day_count = np.bitwise_count(request_days)
    mode_count = np.bitwise_count(request_modes)
    days = np.where(day_count > 0, shared_days / np.maximum(day_count, 1), 1.0)
    modes = np.where(mode_count > 0, shared_modes / np.maximum(mode_count, 1), 1.0)
    return np.ascontiguousarray(DAYS_SHARE * days + MODES_SHARE * modes)


def _hours_table() -> NDArray[np.float64]:
    # [hours wanted, min(weekly hours, HOURS_CODE_MAX)]
    wanted = np.maximum(np.arange(HOURS_CODE_MAX + 1), 1)[:, None]
    hours = np.arange(HOURS_CODE_MAX + 1)[None, :]
    return np.ascontiguousarray(HOURS_SHARE * np.minimum(1.0, hours / wanted))


LANGUAGE_TABLE = _language_table()
DAY_MODE_TABLE = _day_mode_table()
HOURS_TABLE = _hours_table()
# Per request code, the best any volunteer can reach (as Python floats, for bounds).
_DAY_MODE_BEST: tuple[float, ...] = tuple(DAY_MODE_TABLE.max(axis=1).tolist())
_HOURS_BEST: tuple[float, ...] = tuple(HOURS_TABLE.max(axis=1).tolist())
for _table in (LANGUAGE_TABLE, DAY_MODE_TABLE, HOURS_TABLE):
    _table.flags.writeable = False


def language_component(
    best_level: NDArray[np.int8],
    speaks_first_language: NDArray[np.bool_] | bool,
    polish_level: NDArray[np.int8] | int,
    wants_practice: NDArray[np.bool_] | bool,
) -> NDArray[np.float64]:
    """Language score from the best shared level, the first-language flag and Polish (0..7)."""
    index = (
        best_level.astype(np.intp)
        + np.multiply(speaks_first_language, 8, dtype=np.intp)
        + np.multiply(polish_level, 16, dtype=np.intp)
        + np.multiply(wants_practice, 128, dtype=np.intp)
    )
    language: NDArray[np.float64] = LANGUAGE_TABLE[index]
    return language


def skills_component(
    skill_masks: NDArray[np.uint64],
    need_masks: NDArray[np.uint64] | int,
    need_counts: NDArray[np.int64] | int,
) -> NDArray[np.float64]:
    covered = np.bitwise_count(skill_masks & np.asarray(need_masks, np.uint64))
    return np.where(np.asarray(need_counts) > 0, covered / np.maximum(need_counts, 1), 1.0)


def skills_table(need_count: int) -> NDArray[np.float64]:
    """skills_component by number of needs covered (0..64), for one request."""
    if need_count == 0:
        return np.ones(65)
    return np.arange(65) / need_count


def availability_component(
    request_codes: NDArray[np.int64] | int,
    volunteer_codes: NDArray[np.integer[Any]],
    hours_wanted: NDArray[np.int64] | int,
) -> NDArray[np.float64]:
    """Volunteer codes are days | modes << 7 | hours << 9, request codes days | modes << 7."""
    availability: NDArray[np.float64] = (
        DAY_MODE_TABLE[request_codes, volunteer_codes & 511]
        + HOURS_TABLE[hours_wanted, volunteer_codes >> 9]
    )
    return availability


def availability_bound(request_code: int, hours_wanted: int) -> float:
    """The highest availability_component any volunteer code can reach for one request."""
    return _DAY_MODE_BEST[request_code] + _HOURS_BEST[hours_wanted]


@lru_cache(maxsize=64)
def weighted_language_table(weight: float, wants_practice: bool) -> NDArray[np.float64]:
    """weight x LANGUAGE_TABLE for one request (128 entries: without the practice offset)."""
    table = weight * (LANGUAGE_TABLE[128:] if wants_practice else LANGUAGE_TABLE[:128])
    table.flags.writeable = False
    return table


@lru_cache(maxsize=256)
def weighted_skills_table(weight: float, need_count: int) -> NDArray[np.float64]:
    """weight x skills_table(need_count)."""
    table = weight * skills_table(need_count)
    table.flags.writeable = False
    return table


def distance_component(
    distance_km: NDArray[np.float64],
    is_within_reach: NDArray[np.bool_],
    can_meet_online: NDArray[np.bool_] | bool,
    weights: Weights,
) -> NDArray[np.float64]:
    # In place: a batch scores millions of pairs (same operations as the plain formula).
    score = np.negative(distance_km)
    score /= weights.distance_scale_km
    np.exp(score, out=score)
    np.copyto(score, 0.0, where=~np.asarray(is_within_reach))
    np.maximum(score, weights.online_distance_score, out=score, where=can_meet_online)
    return score


def partial_sum(
    language: NDArray[np.float64],
    skills: NDArray[np.float64],
    distance: NDArray[np.float64] | float,
    availability: NDArray[np.float64] | float,
    load: NDArray[np.float64] | float,
) -> NDArray[np.float64]:
    """The sum of the weighted components but interests, always in this order.

    Everything is added in one fixed order so every path rounds alike; the result is a lower
    bound of the full sum, and with each term replaced by its maximum an upper bound of it.
    """
    total = language + skills
    total += distance
    total += availability
    total += load
    return total


def interest_similarity(
    matrix: sparse.csr_matrix, rows: NDArray[np.int64], query: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Cosine of each given L2-normalised row with the dense normalised `query`, in [0, 1].

    Sums each row's products in stored order; every path uses this function, so equal rows
    give bit-identical similarities.
    """
    indptr = matrix.indptr
    starts = indptr[rows].astype(np.int64)
    lengths = indptr[rows + 1] - starts
    positions = ranges_to_indices(starts, lengths)
    products = matrix.data[positions] * query[matrix.indices[positions]]
    owner = np.repeat(np.arange(rows.size), lengths)
    return np.minimum(np.bincount(owner, weights=products, minlength=rows.size), 1.0)


def interest_similarity_by_pair(
    matrix: sparse.csr_matrix,
    rows: NDArray[np.int64],
    queries: sparse.csr_matrix,
    pair_query: NDArray[np.int64],
) -> NDArray[np.float64]:
    """`interest_similarity` of each row with its own query row (`queries[pair_query]`)."""
    term_count = matrix.shape[1]
    dense = queries.toarray().reshape(-1)
    indptr = matrix.indptr
    starts = indptr[rows].astype(np.int64)
    lengths = indptr[rows + 1] - starts
    positions = ranges_to_indices(starts, lengths)
    owner = np.repeat(np.arange(rows.size), lengths)
    products = (
        matrix.data[positions] * dense[pair_query[owner] * term_count + matrix.indices[positions]]
    )
    return np.minimum(np.bincount(owner, weights=products, minlength=rows.size), 1.0)


def ranges_to_indices(starts: NDArray[np.int64], lengths: NDArray[np.int64]) -> NDArray[np.int64]:
    """Concatenated aranges: [starts[0], starts[0] + lengths[0]), [starts[1], ...), ..."""
    if starts.size == 1:
        return np.arange(starts[0], starts[0] + lengths[0], dtype=np.int64)
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if ends.size else 0
    indices: NDArray[np.int64] = np.arange(total, dtype=np.int64) + np.repeat(
        starts - (ends - lengths), lengths
    )
    return indices


@dataclass(frozen=True, eq=False)
class Pairs:
    """Feasible (request, volunteer) pairs, grouped by request in batch order.

    `distance_km` is NaN where it was not needed: the request is online-only, or the volunteer
    lies outside every in-person window and is reached online.
    """

    request: NDArray[np.int64]  # position in the RequestBatch
    row: NDArray[np.int64]  # layout row in the Pool
    slot: NDArray[np.int64]  # the request's language slot the volunteer was reached through
    level: NDArray[np.int8]  # the volunteer's level in that language
    distance_km: NDArray[np.float64]
    distance_score: NDArray[np.float64]

    def __len__(self) -> int:
        return int(self.row.shape[0])


NEAR, ONLINE_FAR, ONLINE_ONLY = 0, 1, 2


def feasible_pairs(
    pool: Pool, batch: RequestBatch, requests: NDArray[np.int64], weights: Weights
) -> Pairs:
    """Every pair of the given requests (ascending batch positions) meeting the hard constraints.

    For each usable language of a request, its speakers are searched in that language's
    posting list: within the request's in-person windows (both sections); when the request
    also accepts online, every online-capable speaker outside them; for an online-only request,
    every online-capable speaker. A volunteer reached through several languages is kept once,
    through the request's first slot he can use. Only in-window pairs need a distance.
    """
    slot_languages = batch.slot_languages[requests]
    slot_request, slot_position = np.nonzero(slot_languages >= 0)
    owner = requests[slot_request]
    language = slot_languages[slot_request, slot_position]
    keys = pool.posting_keys
    base = language.astype(np.float64) * spatial.LANGUAGE_STRIDE
    language_stop = pool.language_starts[language + 1]
    online_start = np.searchsorted(keys, base + spatial.layout_key(1, 0, -180.0))
    online_only = batch.is_online_only[owner]
    mixed = batch.accepts_online[owner] & ~online_only
    spatial_slot = np.flatnonzero(~online_only)
    band, low, high, is_valid = spatial.reach_windows(
        batch.latitude_degrees[requests], batch.longitude_degrees[requests], weights.max_distance_km
    )
    window_slot = slot_request[spatial_slot]
    valid = is_valid[window_slot]
    # Invalid windows become empty ranges placed after every real band, keeping order.
    band = np.where(valid, band[window_slot], spatial.NO_COORDINATES_BAND)
    low = np.where(valid, low[window_slot], -180.0)
    high = np.where(valid, high[window_slot], -180.0)
    slot_base = base[spatial_slot, None]
    starts: list[NDArray[np.int64]] = []
    stops: list[NDArray[np.int64]] = []
    slots: list[NDArray[np.int64]] = []
    kinds: list[int] = []
    section_ranges = []
    for section in (0, 1):
        start = np.searchsorted(keys, slot_base + spatial.layout_key(section, band, low), "left")
        stop = np.searchsorted(keys, slot_base + spatial.layout_key(section, band, high), "right")
        stop = np.where(valid, stop, start)
        section_ranges.append((start, stop))
        starts.append(start.reshape(-1))
        stops.append(stop.reshape(-1))
        slots.append(np.repeat(spatial_slot, band.shape[1]))
        kinds.append(NEAR)
    # Online-capable speakers outside the windows: the gaps of section 1 around them.
    gap_slot = np.flatnonzero(mixed[spatial_slot])
    start, stop = section_ranges[1]
    gap_start = np.concatenate([online_start[spatial_slot[gap_slot], None], stop[gap_slot]], axis=1)
    gap_stop = np.concatenate(
        [start[gap_slot], language_stop[spatial_slot[gap_slot], None]], axis=1
    )
    starts.append(gap_start.reshape(-1))
    stops.append(gap_stop.reshape(-1))
    slots.append(np.repeat(spatial_slot[gap_slot], gap_start.shape[1]))
    kinds.append(ONLINE_FAR)
    whole_slot = np.flatnonzero(online_only)
    starts.append(online_start[whole_slot])
    stops.append(language_stop[whole_slot])
    slots.append(whole_slot)
    kinds.append(ONLINE_ONLY)
    range_start = np.concatenate(starts)
    range_length = np.concatenate(stops) - range_start
    range_slot = np.concatenate(slots)
    range_kind = np.repeat(np.array(kinds, np.int8), [part.size for part in slots])
    nonempty = np.flatnonzero(range_length > 0)
    nonempty = nonempty[np.argsort(range_slot[nonempty], kind="stable")]
    range_start, range_length = range_start[nonempty], range_length[nonempty]
    range_slot = range_slot[nonempty]
    pair_slot = np.repeat(range_slot, range_length)
    pair_kind = np.repeat(range_kind[nonempty], range_length)
    positions = ranges_to_indices(range_start, range_length)
    rows = pool.posting_rows[positions]
    pair_owner = owner[pair_slot]
    # The remaining constraints concern only some requests' pairs: they are picked by range.
    range_first_pair = np.cumsum(range_length) - range_length
    keep = np.ones(rows.size, np.bool_)
    _drop_earlier_slots(pool, language, slot_position, pair_slot, rows, keep)
    _drop_unsafeguarded_and_excluded(
        pool, batch, owner[range_slot], range_first_pair, range_length, rows, keep
    )
    near = np.flatnonzero(keep & (pair_kind == NEAR))
    distance_km = np.full(rows.size, np.nan)
    distance_score = np.where(pair_kind == ONLINE_ONLY, 1.0, weights.online_distance_score)
    near_owner, near_rows = pair_owner[near], rows[near]
    distance = spatial.haversine_km(
        batch.latitude_radians[near_owner],
        batch.longitude_radians[near_owner],
        batch.cos_latitude[near_owner],
        pool.latitude_radians[near_rows],
        pool.longitude_radians[near_rows],
        pool.cos_latitude[near_rows],
    )
    within, online = ways_to_meet(
        modes_of(batch.day_mode_codes[near_owner]),
        modes_of(pool.availability_codes[near_rows]),
        distance <= np.minimum(pool.max_distance_km[near_rows], weights.max_distance_km),
    )
    keep[near] = within | online
    distance_km[near] = distance
    distance_score[near] = distance_component(distance, within, online, weights)
    kept = np.flatnonzero(keep)
    return Pairs(
        request=pair_owner[kept],
        row=rows[kept],
        slot=slot_position[pair_slot[kept]],
        level=pool.posting_levels[positions[kept]],
        distance_km=distance_km[kept],
        distance_score=distance_score[kept],
    )


def _drop_earlier_slots(
    pool: Pool,
    slot_language: NDArray[np.int64],
    slot_position: NDArray[np.int64],
    pair_slot: NDArray[np.int64],
    rows: NDArray[np.int64],
    keep: NDArray[np.bool_],
) -> None:
    """Drop pairs whose volunteer can use a language of an earlier slot of the same request."""
    words = pool.language_bits.shape[0]
    earlier = np.zeros((words, slot_language.size), np.uint64)
    # Slots of a request are consecutive, by position: each inherits the previous one's bits.
    for position in range(1, int(slot_position.max(initial=0)) + 1):
        current = np.flatnonzero(slot_position == position)
        previous_language = slot_language[current - 1]
        earlier[:, current] = earlier[:, current - 1]
        earlier[previous_language // 64, current] |= np.left_shift(
            np.uint64(1), (previous_language % 64).astype(np.uint64)
        )
    for word in range(words):
        if earlier[word].any():
            keep &= (pool.language_bits[word][rows] & earlier[word][pair_slot]) == 0


def _drop_unsafeguarded_and_excluded(
    pool: Pool,
    batch: RequestBatch,
    range_owner: NDArray[np.int64],
    range_first_pair: NDArray[np.int64],
    range_length: NDArray[np.int64],
    rows: NDArray[np.int64],
    keep: NDArray[np.bool_],
) -> None:
    """Drop pairs of requests with minors whose volunteer lacks valid safeguarding checks,
    and pairs the request excludes."""
    minors = np.flatnonzero(batch.involves_minors[range_owner])
    if minors.size:
        pairs = ranges_to_indices(range_first_pair[minors], range_length[minors])
        keep[pairs] &= pool.has_valid_safeguarding[rows[pairs]]
    if batch.excluded_rows.size == 0:
        return
    excluded_count = np.diff(batch.excluded_starts)
    concerned = np.flatnonzero(excluded_count[range_owner] > 0)
    if concerned.size == 0:
        return
    excluded_owner = np.repeat(np.arange(len(batch), dtype=np.int64), excluded_count)
    excluded_keys = excluded_owner * len(pool) + batch.excluded_rows  # ascending
    pairs = ranges_to_indices(range_first_pair[concerned], range_length[concerned])
    keys = np.repeat(range_owner[concerned], range_length[concerned]) * len(pool) + rows[pairs]
    found = np.minimum(np.searchsorted(excluded_keys, keys), excluded_keys.size - 1)
    keep[pairs[excluded_keys[found] == keys]] = False


@dataclass(frozen=True, eq=False)
class PairScores:
    """The weighted sum of every component but interests, and what each pair's total is
    divided by."""

    partial: NDArray[np.float64]
    total_weight: NDArray[np.float64]

    def take(self, selected: NDArray[np.int64]) -> PairScores:
        return PairScores(partial=self.partial[selected], total_weight=self.total_weight[selected])


@dataclass(frozen=True, eq=False)
class BatchTables:
    """Lookup tables of weighted components for a batch, built once per batch.

    Each entry is weight x component computed exactly as the array paths compute it, so a
    lookup and an array product give the same float.
    """

    language: NDArray[np.float64]  # by best level + 8 x first + 16 x Polish + 128 x practice
    skills: NDArray[np.float64]  # by skills_offset[request] + needs covered
    skills_offset: NDArray[np.int64]
    availability: NDArray[np.float64]  # by availability_offset[request] + code_index[row]
    availability_offset: NDArray[np.int64]
    code_index: NDArray[np.int64]  # per layout row: its code among the codes in the pool
    total_weight: NDArray[np.float64]  # per request


def batch_tables(pool: Pool, batch: RequestBatch, weights: Weights) -> BatchTables:
    is_high = batch.urgency == HIGH_URGENCY
    skill_kinds, skill_kind_of = np.unique(is_high * 65 + batch.need_counts, return_inverse=True)
    skills = [
        weights.skills_weight(HIGH_URGENCY if kind >= 65 else 0) * skills_table(kind % 65)
        for kind in skill_kinds.tolist()
    ]
    kinds, kind_of = np.unique(
        batch.day_mode_codes * (HOURS_CODE_MAX + 1) + batch.hours_wanted, return_inverse=True
    )
    # Only the volunteer codes present in the pool get a column: a few thousand at most.
    codes, code_index = np.unique(pool.availability_codes, return_inverse=True)
    availability = weights.availability * availability_component(
        kinds[:, None] // (HOURS_CODE_MAX + 1),
        codes[None, :],
        kinds[:, None] % (HOURS_CODE_MAX + 1),
    )
    return BatchTables(
        language=weights.language * LANGUAGE_TABLE,
        skills=np.concatenate(skills) if skills else np.zeros(0),
        skills_offset=skill_kind_of.reshape(-1).astype(np.int64) * 65,
        availability=availability.reshape(-1),
        availability_offset=kind_of.reshape(-1).astype(np.int64) * codes.size,
        code_index=code_index.reshape(-1).astype(np.int64),
        total_weight=np.where(is_high, weights.total(HIGH_URGENCY), weights.total(0)),
    )


def score_pairs(
    pool: Pool,
    batch: RequestBatch,
    pairs: Pairs,
    weights: Weights,
    tables: BatchTables | None = None,
) -> PairScores:
    """Every component but interests for each pair, weighted and summed, vectorised.

    `tables` is `batch_tables(pool, batch, weights)`, computed once for many chunks.
    """
    tables = tables or batch_tables(pool, batch, weights)
    owner, rows = pairs.request, pairs.row
    flat_levels = pool.usable_levels.reshape(-1)
    width = len(pool)
    slot_count = batch.slot_languages.shape[1]
    flat_slot_levels = batch.slot_levels.reshape(-1)
    flat_slot_languages = batch.slot_languages.reshape(-1)
    slot_index = owner * slot_count + pairs.slot
    best = np.minimum(pairs.level, flat_slot_levels[slot_index])
    # A later slot (lower request level: slots are sorted) can only raise the best shared level
    # while its request level is above it.
    rising = np.arange(rows.size)
    for later in range(1, slot_count):
        rising = rising[pairs.slot[rising] + later < slot_count]
        request_level = flat_slot_levels[slot_index[rising] + later]
        improving = request_level > best[rising]
        rising, request_level = rising[improving], request_level[improving]
        if rising.size == 0:
            break
        language = flat_slot_languages[slot_index[rising] + later]
        level = np.minimum(flat_levels[language * width + rows[rising]], request_level)
        best[rising] = np.maximum(best[rising], level)
    index = best.astype(np.intp)
    first = batch.first_language[owner]
    has_first = np.flatnonzero(first >= 0)
    index[has_first] += np.multiply(
        flat_levels[first[has_first] * width + rows[has_first]] > 0, 8, dtype=np.intp
    )
    practising = np.flatnonzero(batch.wants_language_practice[owner])
    index[practising] += 128
    polish_column = pool.language_index.get(POLISH)
    if polish_column is not None:
        index[practising] += np.multiply(
            pool.usable_levels[polish_column][rows[practising]], 16, dtype=np.intp
        )
    covered = np.bitwise_count(pool.skill_masks[rows] & batch.need_masks[owner])
    partial = partial_sum(
        tables.language[index],
        tables.skills[tables.skills_offset[owner] + covered],
        weights.distance * pairs.distance_score,
        tables.availability[tables.availability_offset[owner] + tables.code_index[rows]],
        weights.load * pool.load[rows],
    )
    return PairScores(partial=partial, total_weight=tables.total_weight[owner])
