"""The best volunteers for one request: `rank`, and `rank_exhaustive`, its plain reference.

`rank` walks the request's usable languages, each language's speakers split into groups: those
inside the request's in-person windows, those reachable only online, or (online-only request)
all. Groups are visited by decreasing upper bound of any score they can hold; once k
volunteers are found, a group whose bound is below the k-th best lower bound is skipped, and
inside a group volunteers whose bound (given their language and skills) falls below it are
dropped before distances are measured. Interests, the costliest component, are computed last,
only for volunteers whose bound (interests = 1) still reaches the k-th best lower bound
(interests = 0). Every step is exact: `rank` returns what `rank_exhaustive` returns.

Scores are in [0, 1], distances in km. Candidates come best first; equal scores put the smaller
volunteer id first, so the same input always gives the same ranking.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matching.engine import spatial
from matching.engine.encoding import (
    POLISH,
    USABLE_LEVEL,
    EncodedRequest,
    Pool,
    RequestInput,
    encode_pool,
    encode_request,
    pool_replace,
    table_derived,
)
from matching.engine.reasons import Reason, RequestFacts, reasons_for
from matching.engine.scoring import (
    DEFAULT_WEIGHTS,
    LANGUAGE_TABLE,
    NEAR,
    ONLINE_FAR,
    ONLINE_ONLY,
    Weights,
    availability_component,
    distance_component,
    interest_similarity,
    language_component,
    partial_sum,
    ranges_to_indices,
    skills_component,
    skills_table,
    weighted_availability_table,
)

__all__ = ["Candidate", "encode_pool", "pool_replace", "rank", "rank_exhaustive", "top_k"]

# Bounds are compared with this much slack so rounding can never drop a true top-k volunteer;
# the slack only lets a few more volunteers through.
_BOUND_SLACK = 1e-9


@dataclass(frozen=True)
class Candidate:
    volunteer_id: int
    score: float
    distance_km: float | None  # None when the request is online-only or a side has no coordinates
    breakdown: Mapping[str, float]  # language, skills, distance, interests, availability, load
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class _Group:
    upper_bound: float
    kind: int  # NEAR, ONLINE_FAR or ONLINE_ONLY
    slot: int
    starts: NDArray[np.int64]  # posting ranges
    lengths: NDArray[np.int64]


class _Search:
    """The per-request constants of one `rank` call: weighted lookup tables and bounds."""

    def __init__(self, pool: Pool, request: EncodedRequest, weights: Weights) -> None:
        self.pool = pool
        self.request = request
        self.weights = weights
        self.languages = [language for language, _ in request.slots]
        self.levels = [level for _, level in request.slots]
        practice = request.wants_language_practice
        self.language_table = (
            weights.language * LANGUAGE_TABLE[128:]
            if practice
            else (weights.language * LANGUAGE_TABLE[:128])
        )
        self.polish = pool.language_index.get(POLISH, -1) if practice else -1
        self.skills_weight = weights.skills_weight(request.urgency)
        self.skills_table = self.skills_weight * skills_table(request.need_count)
        self.availability_table, self.availability_bound = weighted_availability_table(
            request.day_mode_code, request.hours_wanted, weights.availability
        )
        self.total_weight = weights.total(request.urgency)
        coverable = int(request.need_mask).bit_count()
        # Upper bounds of the weighted terms that do not depend on the group.
        self.skills_bound = float(self.skills_table[coverable])
        self.load_bound = weights.load * 1.0
        self.first_slot = (
            self.languages.index(request.first_language)
            if request.first_language in self.languages
            else -1
        )

    def language_bound(self, slot: int) -> float:
        # Volunteers of `slot` cannot use any earlier (higher-level) language of the request, so
        # the level they share is at most this slot's level, and the first-language bonus is
        # only possible when the first language is not an earlier slot.
        bonus = self.request.first_language >= 0 and not (0 <= self.first_slot < slot)
        index = self.levels[slot] + 8 * bonus + (16 * 7 if self.polish >= 0 else 0)
        return float(self.language_table[index])

    def group_bound(self, slot: int, distance_score: float) -> float:
        partial = partial_sum(
            np.array(self.language_bound(slot)),
            np.array(self.skills_bound),
            self.weights.distance * distance_score,
            self.availability_bound,
            self.load_bound,
        )
        return float(partial) + self.weights.interests * 1.0

    def groups(self) -> list[_Group]:
        pool, request, weights = self.pool, self.request, self.weights
        languages = np.array(self.languages, np.int64)
        language_start = pool.language_starts[languages]
        language_stop = pool.language_starts[languages + 1]
        groups: list[_Group] = []
        if request.is_online_only:
            for slot in range(languages.size):
                groups.append(
                    _Group(
                        self.group_bound(slot, 1.0),
                        ONLINE_ONLY,
                        slot,
                        language_start[slot : slot + 1],
                        language_stop[slot : slot + 1] - language_start[slot : slot + 1],
                    )
                )
            return groups
        windows = spatial.reach_windows_one(
            request.latitude_degrees, request.longitude_degrees, weights.max_distance_km
        )
        base = languages.astype(np.float64)[:, None, None] * spatial.LANGUAGE_STRIDE
        if windows:
            band = np.array([window[0] for window in windows], np.int64)
            low = np.array([window[1] for window in windows])
            high = np.array([window[2] for window in windows])
            sections = np.arange(2, dtype=np.int64)[None, :, None]
            keys = pool.posting_keys
            starts = np.searchsorted(keys, base + spatial.layout_key(sections, band, low), "left")
            stops = np.searchsorted(keys, base + spatial.layout_key(sections, band, high), "right")
        else:
            starts = stops = np.zeros((languages.size, 2, 0), np.int64)
        for slot in range(languages.size):
            slot_starts = starts[slot].reshape(-1)
            groups.append(
                _Group(
                    self.group_bound(slot, 1.0),
                    NEAR,
                    slot,
                    slot_starts,
                    stops[slot].reshape(-1) - slot_starts,
                )
            )
        if request.accepts_online:
            online_start = np.searchsorted(
                pool.posting_keys, base[:, 0, 0] + spatial.layout_key(1, 0, -180.0)
            )
            for slot in range(languages.size):
                gap_starts = np.concatenate([online_start[slot : slot + 1], stops[slot, 1]])
                gap_stops = np.concatenate([starts[slot, 1], language_stop[slot : slot + 1]])
                groups.append(
                    _Group(
                        self.group_bound(slot, weights.online_distance_score),
                        ONLINE_FAR,
                        slot,
                        gap_starts,
                        gap_stops - gap_starts,
                    )
                )
        return groups

    def weighted_language_and_skills(
        self, slot: int, rows: NDArray[np.int64], levels: list[NDArray[np.int8]]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        best = np.minimum(levels[slot], self.levels[slot])
        for later in range(slot + 1, len(levels)):
            best = np.maximum(best, np.minimum(levels[later], self.levels[later]))
        index = best.astype(np.intp)
        first = self.request.first_language
        if self.first_slot == slot:
            index += 8
        elif self.first_slot > slot:
            index += np.multiply(levels[self.first_slot] > 0, 8, dtype=np.intp)
        elif self.first_slot < 0 and first >= 0:
            index += np.multiply(self.pool.usable_levels[first][rows] > 0, 8, dtype=np.intp)
        if self.polish >= 0:
            index += np.multiply(self.pool.usable_levels[self.polish][rows], 16, dtype=np.intp)
        covered = np.bitwise_count(self.pool.skill_masks[rows] & np.uint64(self.request.need_mask))
        return self.language_table[index], self.skills_table[covered]


@dataclass
class _Found:
    rows: list[NDArray[np.int64]]
    partial: list[NDArray[np.float64]]
    distance_km: list[NDArray[np.float64]]
    distance_score: list[NDArray[np.float64]]
    count: int = 0
    threshold: float = -np.inf  # the k-th best partial sum so far

    def add(
        self,
        rows: NDArray[np.int64],
        partial: NDArray[np.float64],
        distance_km: NDArray[np.float64],
        distance_score: NDArray[np.float64],
        k: int,
    ) -> None:
        self.rows.append(rows)
        self.partial.append(partial)
        self.distance_km.append(distance_km)
        self.distance_score.append(distance_score)
        self.count += rows.size
        if self.count >= k:
            everything = np.concatenate(self.partial)
            self.threshold = float(
                np.partition(everything, everything.size - k)[everything.size - k]
            )


def rank(
    pool: Pool, request: RequestInput, weights: Weights = DEFAULT_WEIGHTS, k: int = 10
) -> list[Candidate]:
    """The k best volunteers for `request`, best first (ties: smaller volunteer id first)."""
    if k <= 0 or len(pool) == 0:
        return []
    encoded = encode_request(pool, request)
    if not encoded.slots:
        return []
    search = _Search(pool, encoded, weights)
    found = _Found([], [], [], [])
    for group in sorted(search.groups(), key=lambda g: (-g.upper_bound, g.kind, g.slot)):
        if found.count >= k and group.upper_bound < found.threshold - _BOUND_SLACK:
            break
        _visit(search, group, found, k)
    if found.count == 0:
        return []
    rows = np.concatenate(found.rows)
    partial = np.concatenate(found.partial)
    query = np.zeros(len(pool.table.terms))
    query[list(encoded.interest_columns)] = encoded.interest_values
    survivors = np.arange(rows.size)
    interests = np.zeros(rows.size)
    total = partial
    if weights.interests > 0 and encoded.interest_columns:
        if found.count > k:
            survivors = np.flatnonzero(
                partial + weights.interests >= found.threshold - _BOUND_SLACK
            )
        interests = interest_similarity(pool.interests, rows[survivors], query)
        total = partial[survivors] + weights.interests * interests
    score = total / search.total_weight
    chosen = top_k(score, pool.ids[rows[survivors]], k)
    pairs = survivors[chosen]
    return _candidates(
        search,
        RequestFacts.of(pool, request),
        rows[pairs],
        score[chosen],
        interests[chosen],
        np.concatenate(found.distance_km)[pairs],
        np.concatenate(found.distance_score)[pairs],
    )


def _visit(search: _Search, group: _Group, found: _Found, k: int) -> None:
    pool, request, weights = search.pool, search.request, search.weights
    rows = pool.posting_rows[ranges_to_indices(group.starts, group.lengths)]
    if rows.size == 0:
        return
    levels = [pool.usable_levels[language][rows] for language in search.languages]
    keep = np.ones(rows.size, np.bool_)
    for earlier in range(group.slot):  # reached through an earlier slot already
        keep &= levels[earlier] == 0
    if request.involves_minors:
        keep &= pool.has_valid_safeguarding[rows]
    if request.excluded_rows:
        keep &= ~np.isin(rows, request.excluded_rows)
    if not keep.all():
        selected = np.flatnonzero(keep)
        rows = rows[selected]
        levels = [level[selected] for level in levels]
    language, skills = search.weighted_language_and_skills(group.slot, rows, levels)
    distance_bound = 1.0 if group.kind != ONLINE_FAR else weights.online_distance_score
    if found.count >= k:
        bound = partial_sum(
            language,
            skills,
            weights.distance * distance_bound,
            search.availability_bound,
            search.load_bound,
        )
        bound += weights.interests * 1.0
        selected = np.flatnonzero(bound >= found.threshold - _BOUND_SLACK)
        if selected.size < rows.size:
            rows, language, skills = rows[selected], language[selected], skills[selected]
    if group.kind == NEAR:
        distance_km = spatial.haversine_km(
            request.latitude_radians,
            request.longitude_radians,
            request.cos_latitude,
            pool.latitude_radians[rows],
            pool.longitude_radians[rows],
            pool.cos_latitude[rows],
        )
        within = distance_km <= np.minimum(pool.max_distance_km[rows], weights.max_distance_km)
        online = pool.offers_online[rows] & request.accepts_online
        reaches = within | online
        if not reaches.all():
            selected = np.flatnonzero(reaches)
            rows, language, skills = rows[selected], language[selected], skills[selected]
            distance_km, within, online = distance_km[selected], within[selected], online[selected]
        distance_score = distance_component(distance_km, within, online, weights)
    else:
        distance_km = np.full(rows.size, np.nan)
        distance_score = np.full(rows.size, 1.0 if group.kind == ONLINE_ONLY else distance_bound)
    partial = partial_sum(
        language,
        skills,
        weights.distance * distance_score,
        search.availability_table[pool.availability_codes[rows]],
        weights.load * pool.load[rows],
    )
    found.add(rows, partial, distance_km, distance_score, k)


def top_k(score: NDArray[np.float64], ids: NDArray[np.int64], k: int) -> NDArray[np.int64]:
    """Positions of the k best scores, best first, equal scores by the smaller id."""
    count = score.size
    candidates = np.arange(count)
    if count > k:
        kth = -np.partition(-score, k - 1)[k - 1]
        candidates = np.flatnonzero(score >= kth)
    order = np.lexsort((ids[candidates], -score[candidates]))[:k]
    chosen: NDArray[np.int64] = candidates[order]
    return chosen


def _candidates(
    search: _Search,
    facts: RequestFacts,
    rows: NDArray[np.int64],
    score: NDArray[np.float64],
    interests: NDArray[np.float64],
    distance_km: NDArray[np.float64],
    distance_score: NDArray[np.float64],
) -> list[Candidate]:
    """Candidates for the chosen layout rows: breakdown, distance and reasons."""
    pool, request, weights = search.pool, search.request, search.weights
    if request.has_coordinates and not request.is_online_only:
        # Volunteers reached online outside the windows had no distance measured yet.
        missing = np.isnan(distance_km) & ~np.isnan(pool.latitude_radians[rows])
        distance_km = distance_km.copy()
        distance_km[missing] = spatial.haversine_km(
            request.latitude_radians,
            request.longitude_radians,
            request.cos_latitude,
            pool.latitude_radians[rows[missing]],
            pool.longitude_radians[rows[missing]],
            pool.cos_latitude[rows[missing]],
        )
    best = np.zeros(rows.size, np.int8)
    for column, level in request.slots:
        best = np.maximum(best, np.minimum(pool.usable_levels[column][rows], level))
    first = request.first_language
    speaks_first = (pool.usable_levels[max(first, 0)][rows] > 0) & (first >= 0)
    polish_column = pool.language_index.get(POLISH)
    polish = (
        pool.usable_levels[polish_column][rows]
        if polish_column is not None
        else np.zeros(rows.size, np.int8)
    )
    language = language_component(best, speaks_first, polish, request.wants_language_practice)
    skills = skills_component(pool.skill_masks[rows], request.need_mask, request.need_count)
    availability = availability_component(
        request.day_mode_code, pool.availability_codes[rows], request.hours_wanted
    )
    limit = np.minimum(pool.max_distance_km[rows], weights.max_distance_km).tolist()
    columns = zip(
        pool.ids[rows].tolist(),
        pool.layout_table_row[rows].tolist(),
        score.tolist(),
        distance_km.tolist(),
        limit,
        language.tolist(),
        skills.tolist(),
        distance_score.tolist(),
        interests.tolist(),
        availability.tolist(),
        pool.load[rows].tolist(),
        strict=True,
    )
    candidates = []
    for volunteer_id, table_row, total, km, reach, *components in columns:
        is_measured = not math.isnan(km)
        candidates.append(
            Candidate(
                volunteer_id=volunteer_id,
                score=total,
                distance_km=km if is_measured else None,
                breakdown=dict(zip(_BREAKDOWN_ORDER, components, strict=True)),
                reasons=reasons_for(
                    pool, facts, table_row, distance_km=km if is_measured and km <= reach else None
                ),
            )
        )
    return candidates


_BREAKDOWN_ORDER = ("language", "skills", "distance", "interests", "availability", "load")


def rank_exhaustive(
    pool: Pool, request: RequestInput, weights: Weights = DEFAULT_WEIGHTS, k: int = 10
) -> list[tuple[int, float]]:
    """(volunteer id, score) of the k best, scoring every volunteer of the table; no shortcuts."""
    table = pool.table
    count = len(table)
    if k <= 0 or count == 0:
        return []
    derived = table_derived(table)
    encoded = encode_request(pool, request)
    request_levels = np.zeros(len(table.languages), np.int8)
    for column, level in encoded.slots:
        request_levels[column] = level
    usable = derived.usable_levels  # volunteers x languages, 0 below B1
    best = np.minimum(usable, request_levels[None, :]).max(axis=1, initial=0).astype(np.int8)
    shares_language = best >= USABLE_LEVEL

    is_eligible = table.is_eligible & (derived.free_capacity > 0)
    is_safe = ~np.bool_(encoded.involves_minors) | table.has_valid_safeguarding
    is_excluded = np.isin(table.ids, np.fromiter(request.excluded_volunteer_ids, np.int64))

    distance = spatial.haversine_km(
        encoded.latitude_radians,
        encoded.longitude_radians,
        encoded.cos_latitude,
        derived.latitude_radians,
        derived.longitude_radians,
        derived.cos_latitude,
    )
    is_within_reach = distance <= np.minimum(table.max_distance_km, weights.max_distance_km)
    can_meet_online = encoded.accepts_online & derived.offers_online
    reaches = encoded.is_online_only | can_meet_online | is_within_reach

    feasible = np.flatnonzero(is_eligible & is_safe & ~is_excluded & shares_language & reaches)

    first = encoded.first_language
    speaks_first = usable[:, first] > 0 if first >= 0 else np.zeros(count, np.bool_)
    polish_column = pool.language_index.get(POLISH)
    polish = usable[:, polish_column] if polish_column is not None else np.zeros(count, np.int8)
    language = language_component(best, speaks_first, polish, encoded.wants_language_practice)
    skills = skills_component(derived.skill_masks, encoded.need_mask, encoded.need_count)
    availability = availability_component(
        encoded.day_mode_code, derived.availability_codes, encoded.hours_wanted
    )
    if encoded.is_online_only:
        distance_score = np.ones(count)
    else:
        distance_score = distance_component(distance, is_within_reach, can_meet_online, weights)
    partial = partial_sum(
        weights.language * language,
        weights.skills_weight(encoded.urgency) * skills,
        weights.distance * distance_score,
        weights.availability * availability,
        weights.load * derived.load,
    )
    query = np.zeros(len(table.terms))
    query[list(encoded.interest_columns)] = encoded.interest_values
    interests = interest_similarity(pool.table_interests, np.arange(count), query)
    score = (partial + weights.interests * interests) / weights.total(encoded.urgency)
    order = np.lexsort((table.ids[feasible], -score[feasible]))[:k]
    return [(int(table.ids[i]), float(score[i])) for i in feasible[order]]
