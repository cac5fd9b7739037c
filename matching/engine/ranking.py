"""The best volunteers for one request: `rank`, and `rank_exhaustive`, its plain reference.

`rank` reads the posting lists of the request's usable languages in at most two waves: the
in-person windows (cut into cells of one latitude band and a quarter of its longitude range,
both sections), then, when the request accepts online meetings, each language's online-capable
speakers outside them; an online-only request has one wave, every online-capable speaker. A
small search (at most `_FEW_UNSEEDED` postings; `_FEW_POSTINGS` once a threshold is known) is
scored whole in one pass. Otherwise each posting gets an upper bound of its score: coarse (its
level in the posting's language, its skills, its cell's distance bound, the rest at their
highest), then, for those still in the race, full (availability, load and interest-term bits
too). Without k volunteers yet, the `_SEED_POSTINGS` best bounds are scored first and the k-th
best score found, interests included, becomes the threshold; postings and whole ranges bounded
below it are never scored. Every bound is an upper bound and every threshold a lower bound of the
k-th best score, with `_BOUND_SLACK` for rounding, so `rank` returns exactly what
`rank_exhaustive` returns.

Scores are in [0, 1], distances in km. Candidates come best first; equal scores put the smaller
volunteer id first, so the same input always gives the same ranking.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from matching.engine import spatial
from matching.engine.constraints import hard_constraints
from matching.engine.encoding import (
    POLISH,
    EncodedRequest,
    Pool,
    RequestInput,
    encode_pool,
    encode_request,
    modes_of,
    pool_replace,
    table_derived,
    ways_to_meet,
)
from matching.engine.reasons import Reason, RequestFacts, reasons_for_rows
from matching.engine.scoring import (
    DAY_MODE_TABLE,
    DEFAULT_WEIGHTS,
    HOURS_TABLE,
    LANGUAGE_TABLE,
    NEAR,
    ONLINE_FAR,
    ONLINE_ONLY,
    Weights,
    availability_bound,
    availability_component,
    distance_component,
    interest_similarity,
    language_component,
    partial_sum,
    ranges_to_indices,
    skills_component,
    weighted_language_table,
    weighted_skills_table,
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
class _Wave:
    """Posting ranges searched together: the in-person cells, or the online reach.

    `kind` is NEAR (the cells of the in-person windows, both sections), ONLINE_FAR
    (online-capable speakers outside the windows) or ONLINE_ONLY (every online-capable speaker,
    for an online-only request). Each range belongs to one slot and has an upper bound of its
    weighted distance score.
    """

    kind: int
    slots: NDArray[np.int64]
    starts: NDArray[np.int64]
    lengths: NDArray[np.int64]
    distance_bounds: NDArray[np.float64]  # weighted

    def upper_bounds(self, search: _Search) -> NDArray[np.float64]:
        """The highest score (times the total weight) any posting of each range can reach."""
        bound: NDArray[np.float64] = search.slot_bounds[self.slots] + self.distance_bounds
        return bound


# Each in-person window (one latitude band) is cut into four longitude cells, each with its
# own distance bound: farther cells are dropped once enough close volunteers are found.


@lru_cache(maxsize=1024)
def _language_bound_index(
    levels: tuple[int, ...], first_slot: int, has_first_language: bool, with_polish: bool
) -> NDArray[np.intp]:
    """Per slot and level (0..7) of a speaker in the slot's language, the highest language
    table index he can reach.

    He cannot use an earlier (higher-level) language of the request, so the level he shares
    is at most this slot's level, or a later slot's; the first-language bonus is only possible
    when the first language is not an earlier slot; Polish (practice) may be native.
    """
    index = np.zeros((len(levels), 8), np.intp)
    for slot, request_level in enumerate(levels):
        later = levels[slot + 1] if slot + 1 < len(levels) else 0
        bonus = has_first_language and not (0 <= first_slot < slot)
        for level in range(8):
            best = max(min(level, request_level), later)
            index[slot, level] = best + 8 * bonus + (16 * 7 if with_polish else 0)
    index.flags.writeable = False
    return index


@lru_cache(maxsize=1024)
def _earlier_language_bits(
    languages: tuple[int, ...], words: int
) -> tuple[tuple[int, NDArray[np.uint64]], ...]:
    """Per word of language bits holding an earlier slot's language: (word, per slot the bits
    of the languages of the slots before it)."""
    earlier = np.zeros((words, len(languages)), np.uint64)
    for slot in range(1, len(languages)):
        earlier[:, slot] = earlier[:, slot - 1]
        language = languages[slot - 1]
        earlier[language // 64, slot] |= np.uint64(1 << (language % 64))
    earlier.flags.writeable = False
    return tuple((word, earlier[word]) for word in range(words) if earlier[word].any())


class _Search:
    """The per-request constants of one `rank` call: weighted lookup tables and bounds."""

    def __init__(self, pool: Pool, request: EncodedRequest, weights: Weights) -> None:
        self.pool = pool
        self.request = request
        self.weights = weights
        self.languages = [language for language, _ in request.slots]
        self.levels = [level for _, level in request.slots]
        self.language_table = weighted_language_table(
            weights.language, request.wants_language_practice
        )
        self.polish = pool.language_index.get(POLISH, -1) if request.wants_language_practice else -1
        self.skills_table = weighted_skills_table(
            weights.skills_weight(request.urgency), request.need_count
        )
        self.need_mask = np.uint64(request.need_mask)
        self.total_weight = weights.total(request.urgency)
        self.first_slot = (
            self.languages.index(request.first_language)
            if request.first_language in self.languages
            else -1
        )
        self.query = np.zeros(len(pool.table.terms))
        self.query[list(request.interest_columns)] = request.interest_values
        # One slot whose language is the first language (or there is none), no Polish: the
        # language score follows from the posting's level alone (everyone reached speaks the
        # slot's language).
        self.language_by_level = (
            self.language_table[
                np.minimum(np.arange(8), self.levels[0]) + (8 if request.first_language >= 0 else 0)
            ]
            if len(self.levels) == 1
            and self.polish < 0
            and request.first_language in (-1, self.languages[0])
            else None
        )
        self.earlier_language_bits = _earlier_language_bits(
            tuple(self.languages), pool.language_bits.shape[0]
        )

    # The bounds are only read when postings are bounded, not when a search is scored whole.

    @cached_property
    def term_weights(self) -> list[tuple[np.uint64, float]]:
        """The request's terms by bit of `Pool.posting_term_bits`: query weight x idf, summed
        over the terms sharing a bit (see `posting_bounds`)."""
        request, idf = self.request, self.pool.idf_values
        weights: dict[int, float] = {}
        for column, value in zip(request.interest_columns, request.interest_values, strict=True):
            bit = column % 64
            weights[bit] = weights.get(bit, 0.0) + value * idf[column]
        return [(np.uint64(1 << bit), weight) for bit, weight in weights.items()]

    @cached_property
    def language_bound(self) -> NDArray[np.float64]:
        """By slot x 8 + the speaker's level in the slot's language."""
        index = _language_bound_index(
            tuple(self.levels), self.first_slot, self.request.first_language >= 0, self.polish >= 0
        )
        bound: NDArray[np.float64] = self.language_table[index.reshape(-1)]
        return bound

    @cached_property
    def unread_bound(self) -> float:
        """The highest availability, load and interests: what a coarse bound assumes."""
        request, weights = self.request, self.weights
        return (
            weights.availability * availability_bound(request.day_mode_code, request.hours_wanted)
            + weights.load * 1.0
            + weights.interests * 1.0
        )

    @cached_property
    def day_mode_bound(self) -> NDArray[np.float64]:
        """Weighted availability by the first half of a volunteer's code (days | modes)."""
        bound: NDArray[np.float64] = (
            self.weights.availability * DAY_MODE_TABLE[self.request.day_mode_code]
        )
        return bound

    @cached_property
    def hours_bound(self) -> NDArray[np.float64]:
        """Weighted availability by the second half of a volunteer's code (hours)."""
        bound: NDArray[np.float64] = (
            self.weights.availability * HOURS_TABLE[self.request.hours_wanted]
        )
        return bound

    @cached_property
    def slot_bounds(self) -> NDArray[np.float64]:
        """Per slot, the highest score but the distance: best level, every need, interests = 1."""
        request, weights = self.request, self.weights
        coverable = int(request.need_mask).bit_count()
        rest = (
            float(self.skills_table[coverable])
            + weights.availability * availability_bound(request.day_mode_code, request.hours_wanted)
            + weights.load * 1.0
            + weights.interests * 1.0
        )
        slots = np.arange(len(self.levels))
        bound: NDArray[np.float64] = self.language_bound[slots * 8 + self.levels] + rest
        return bound

    def language_index(self, rows: NDArray[np.int64]) -> NDArray[np.intp]:
        """Index into LANGUAGE_TABLE, practice offset left out: level, first language, Polish.

        Volunteers use no earlier slot than their own, or the earlier slots' levels are 0: the
        best shared level is the best over all slots.
        """
        usable = self.pool.usable_levels
        best = np.minimum(usable[self.languages[0]][rows], self.levels[0])
        for language, level in zip(self.languages[1:], self.levels[1:], strict=True):
            best = np.maximum(best, np.minimum(usable[language][rows], level))
        index: NDArray[np.intp] = best.astype(np.intp)
        if self.request.first_language >= 0:
            index += np.multiply(usable[self.request.first_language][rows] > 0, 8, dtype=np.intp)
        if self.polish >= 0:
            index += np.multiply(usable[self.polish][rows], 16, dtype=np.intp)
        return index

    def waves(self) -> list[_Wave]:
        """The in-person cells (or, online-only, every online-capable speaker), then the online
        reach."""
        pool, request, weights = self.pool, self.request, self.weights
        slot_count = len(self.languages)
        windows, nearest_km = (
            ([], [])
            if request.is_online_only
            else spatial.reach_cells_one(
                request.latitude_degrees, request.longitude_degrees, weights.max_distance_km
            )
        )
        # Every key searched, in one searchsorted; per language: where its section 1 (online-
        # capable speakers) starts, then per section and window its four cells' low edges and
        # where the window ends (the first key above its high edge: the next float up, searched
        # from the left, is searching the edge from the right), then where the next language
        # starts. Cells are disjoint, each ending where the next one starts.
        edges = [
            (
                [
                    spatial.window_edge_key(band, low + (high - low) * piece / 4.0)
                    for piece in range(4)
                ],
                spatial.window_edge_key(band, high),
            )
            for band, low, high in windows
        ]
        keys = []
        for language in self.languages:
            base = language * spatial.LANGUAGE_STRIDE
            keys.append(base + spatial.ONLINE_SECTION_KEY)
            for section_base in spatial.SECTION_BASES.tolist():
                offset = base + section_base
                for lows, high in edges:
                    keys += [offset + low for low in lows]
                    keys.append(math.nextafter(offset + high, math.inf))
            keys.append((language + 1) * spatial.LANGUAGE_STRIDE)
        found = np.searchsorted(pool.posting_keys, np.array(keys)).reshape(slot_count, -1)
        online_start, language_stop = found[:, 0], found[:, -1]
        if request.is_online_only:
            return [
                _Wave(
                    ONLINE_ONLY,
                    np.arange(slot_count, dtype=np.int64),
                    online_start,
                    language_stop - online_start,
                    np.full(slot_count, weights.distance * 1.0),
                )
            ]
        # Per language, section and window: four cell starts, then the window's end.
        cells = found[:, 1:-1].reshape(slot_count, 2, len(windows), 5)
        starts = cells[..., :4].reshape(-1)
        scale, online = weights.distance_scale_km, weights.online_distance_score
        in_person = [
            score
            for middle_km, outer_km in nearest_km
            for outer, middle in [(math.exp(-outer_km / scale), math.exp(-middle_km / scale))]
            for score in (outer, middle, middle, outer)
        ]
        # Section 1 offers online: those volunteers score at least the online distance score.
        reached = (
            [max(score, online) for score in in_person] if request.accepts_online else in_person
        )
        waves = [
            _Wave(
                NEAR,
                np.repeat(np.arange(slot_count, dtype=np.int64), 8 * len(windows)),
                starts,
                cells[..., 1:].reshape(-1) - starts,
                weights.distance * np.array((in_person + reached) * slot_count),
            )
        ]
        if request.accepts_online:
            # Section 1 of each language around its windows.
            gap_starts = np.concatenate([online_start[:, None], cells[:, 1, :, 4]], axis=1)
            gap_stops = np.concatenate([cells[:, 1, :, 0], language_stop[:, None]], axis=1)
            waves.append(
                _Wave(
                    ONLINE_FAR,
                    np.repeat(np.arange(slot_count, dtype=np.int64), len(windows) + 1),
                    gap_starts.reshape(-1),
                    (gap_stops - gap_starts).reshape(-1),
                    np.full(gap_starts.size, weights.distance * online),
                )
            )
        return waves

    def posting_bounds(
        self,
        slot: NDArray[np.int64] | int,
        positions: NDArray[np.int64] | slice,
        distance: NDArray[np.float64] | float,
        *,
        coarse: bool = False,
    ) -> NDArray[np.float64]:
        """Upper bound of the score (times the total weight) of each posting.

        Skills, availability and load are exact, read in posting order; language takes the best
        the speaker's level in the posting's language allows, distance the bound of its cell
        (`distance`, weighted); interests count every request term whose bit the speaker has.
        A slice of postings (one range, one slot) is read without copying. A coarse bound reads
        only language and skills, every other term at its highest: half the work, to sort out
        most postings before the others are read.
        """
        pool = self.pool
        levels = pool.posting_levels[positions]
        index = np.multiply(slot, 8, dtype=np.intp) + levels
        bound: NDArray[np.float64] = self.language_bound[index]
        covered = np.bitwise_count(pool.posting_skill_masks[positions] & self.need_mask)
        bound += self.skills_table[covered]
        bound += distance
        if coarse:
            bound += self.unread_bound
            return bound
        codes = pool.posting_availability_codes[positions]
        bound += self.day_mode_bound[codes & 511]
        bound += self.hours_bound[codes >> 9]
        bound += self.weights.load * pool.posting_load[positions]
        if self.weights.interests > 0 and self.term_weights:
            bits = pool.posting_term_bits[positions]
            interests = np.zeros(levels.size)
            for bit, weight in self.term_weights:
                interests += np.where(bits & bit, weight, 0.0)
            interests *= pool.posting_interest_scale[positions]
            # Rounding can put the true similarity a hair above this; the slack covers it.
            bound += self.weights.interests * interests
        return bound


@dataclass
class _Found:
    rows: list[NDArray[np.int64]]
    partial: list[NDArray[np.float64]]
    distance_km: list[NDArray[np.float64]]
    distance_score: list[NDArray[np.float64]]
    count: int = 0
    threshold: float = -np.inf  # a lower bound of the k-th best score (times the total weight)

    def add(
        self,
        rows: NDArray[np.int64],
        partial: NDArray[np.float64],
        distance_km: NDArray[np.float64],
        distance_score: NDArray[np.float64],
        k: int,
    ) -> None:
        if rows.size == 0:
            return
        self.rows.append(rows)
        self.partial.append(partial)
        self.distance_km.append(distance_km)
        self.distance_score.append(distance_score)
        self.count += rows.size
        if self.count >= k:
            self.raise_threshold(_joined(self.partial), k)

    def raise_threshold(self, lower: NDArray[np.float64], k: int) -> None:
        """`lower` holds a lower bound of the score of each volunteer found (partial sums)."""
        kth = float(np.partition(lower, lower.size - k)[lower.size - k])
        self.threshold = max(self.threshold, kth)


def _joined(parts: list[NDArray[Any]]) -> NDArray[Any]:
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


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
    waves = search.waves()
    if sum(int(wave.lengths.sum()) for wave in waves) <= max(_FEW_UNSEEDED, 4 * k):
        _score_whole(search, waves, found, k)
    else:
        for wave in waves:
            _visit(search, wave, found, k)
    if found.count == 0:
        return []
    rows = _joined(found.rows)
    partial = _joined(found.partial)
    if weights.interests > 0 and encoded.interest_columns:
        survivors = (
            np.flatnonzero(partial + weights.interests >= found.threshold - _BOUND_SLACK)
            if found.count > k
            else np.arange(rows.size)
        )
        interests = interest_similarity(pool.interests, rows[survivors], search.query)
        total = partial[survivors] + weights.interests * interests
    else:
        survivors, interests, total = np.arange(rows.size), np.zeros(rows.size), partial
    score = total / search.total_weight
    chosen = top_k(score, pool.ids[rows[survivors]], k)
    pairs = survivors[chosen]
    return _candidates(
        search,
        RequestFacts.of(pool, request, encoded),
        rows[pairs],
        score[chosen],
        interests[chosen],
        _joined(found.distance_km)[pairs],
        _joined(found.distance_score)[pairs],
    )


# With a threshold, a wave of at most this many postings is scored whole: bounding them costs
# about as much.
_FEW_POSTINGS = 1536
# The same without a threshold yet: bounding would also score a seed first, two scoring passes
# whose fixed cost (a hundred numpy calls) outweighs scoring several thousand postings whole.
_FEW_UNSEEDED = 8192
# Ranges at least this long are bounded through slices of the posting arrays.
_LONG_RANGE = 1024
# A larger wave and no threshold yet: the postings with the best bounds are scored first,
# interests included, for a threshold that spares most of the rest.
_SEED_POSTINGS = 256


def _score_whole(search: _Search, waves: list[_Wave], found: _Found, k: int) -> None:
    """Score every posting of a few small waves in one pass: bounds would cost as much."""
    starts = np.concatenate([wave.starts for wave in waves])
    lengths = np.concatenate([wave.lengths for wave in waves])
    positions = ranges_to_indices(starts, lengths)
    slot = np.repeat(np.concatenate([wave.slots for wave in waves]), lengths)
    # The in-person cells, then (if any) the online reach.
    _score(search, waves[0].kind, positions, slot, found, k, int(waves[0].lengths.sum()))


def _visit(search: _Search, wave: _Wave, found: _Found, k: int) -> None:
    """Score the wave's postings that can still reach the top k and add them to `found`."""
    ranges = np.flatnonzero(wave.lengths > 0)
    if found.count >= k:
        upper = wave.upper_bounds(search)
        ranges = ranges[upper[ranges] >= found.threshold - _BOUND_SLACK]
    if ranges.size:
        _search_ranges(
            search,
            wave.kind,
            wave.slots[ranges],
            wave.starts[ranges],
            wave.lengths[ranges],
            wave.distance_bounds[ranges],
            found,
            k,
        )


def _search_ranges(
    search: _Search,
    kind: int,
    slots: NDArray[np.int64],
    starts: NDArray[np.int64],
    lengths: NDArray[np.int64],
    distance: NDArray[np.float64],
    found: _Found,
    k: int,
) -> None:
    """Bound the postings of these ranges and score those that can still reach the top k."""
    few = _FEW_POSTINGS if found.count >= k else _FEW_UNSEEDED
    if int(lengths.sum()) <= max(few, 4 * k):
        positions = ranges_to_indices(starts, lengths)
        _score(search, kind, positions, np.repeat(slots, lengths), found, k)
        return
    positions, slot, coarse, distance = _bounded_postings(search, slots, starts, lengths, distance)
    if found.count < k:
        seed = np.argpartition(coarse, -_SEED_POSTINGS)[-_SEED_POSTINGS:]
        _score(search, kind, positions[seed], slot[seed], found, k)
        coarse[seed] = -np.inf  # scored already
        _raise_with_interests(search, found, k)
    if found.count >= k:
        selected = np.flatnonzero(coarse >= found.threshold - _BOUND_SLACK)
    else:
        selected = np.flatnonzero(coarse > -np.inf)
    positions, slot, distance = positions[selected], slot[selected], distance[selected]
    if found.count >= k and positions.size > _FEW_POSTINGS:
        full = search.posting_bounds(slot, positions, distance)
        selected = np.flatnonzero(full >= found.threshold - _BOUND_SLACK)
        positions, slot = positions[selected], slot[selected]
    _score(search, kind, positions, slot, found, k)


def _bounded_postings(
    search: _Search,
    slots: NDArray[np.int64],
    starts: NDArray[np.int64],
    lengths: NDArray[np.int64],
    distance: NDArray[np.float64],
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
    """Positions, slots, coarse upper bounds and distance bounds of the postings of the ranges.

    Long ranges (the online reach of a language) are bounded through slices, without gathering
    their postings; short ones (cells) together.
    """
    long = lengths >= _LONG_RANGE
    parts: list[tuple[NDArray[Any], ...]] = []
    for start, length, slot, bound in zip(
        starts[long].tolist(),
        lengths[long].tolist(),
        slots[long].tolist(),
        distance[long].tolist(),
        strict=True,
    ):
        parts.append(
            (
                np.arange(start, start + length, dtype=np.int64),
                np.full(length, slot, np.int64),
                search.posting_bounds(slot, slice(start, start + length), bound, coarse=True),
                np.full(length, bound),
            )
        )
    short = np.flatnonzero(~long)
    if short.size:
        positions = ranges_to_indices(starts[short], lengths[short])
        slot_of = np.repeat(slots[short], lengths[short])
        distance_of = np.repeat(distance[short], lengths[short])
        parts.append(
            (
                positions,
                slot_of,
                search.posting_bounds(slot_of, positions, distance_of, coarse=True),
                distance_of,
            )
        )
    if len(parts) == 1:
        return parts[0][0], parts[0][1], parts[0][2], parts[0][3]
    return (
        np.concatenate([part[0] for part in parts]),
        np.concatenate([part[1] for part in parts]),
        np.concatenate([part[2] for part in parts]),
        np.concatenate([part[3] for part in parts]),
    )


def _raise_with_interests(search: _Search, found: _Found, k: int) -> None:
    """Raise the threshold to the k-th best full score of the volunteers found so far."""
    weight = search.weights.interests
    if found.count < k or weight <= 0 or not search.request.interest_columns:
        return
    interests = interest_similarity(search.pool.interests, _joined(found.rows), search.query)
    found.raise_threshold(_joined(found.partial) + weight * interests, k)


def _score(
    search: _Search,
    kind: int,
    positions: NDArray[np.int64],
    slot: NDArray[np.int64],
    found: _Found,
    k: int,
    cell_count: int | None = None,
) -> None:
    """Apply the remaining hard constraints to these postings and add their partial sums.

    In a NEAR call, the postings after the first `cell_count` belong to the online reach: their
    volunteers live outside the windows, beyond the in-person reach, and meet online; their
    distance is not measured (a candidate's is, later).
    """
    pool, request, weights = search.pool, search.request, search.weights
    if positions.size == 0:
        return
    rows = pool.posting_rows[positions]
    # Every constraint and the reach are checked on all postings, then one selection keeps
    # those that pass all of them: fewer numpy calls, and the components read only the kept.
    keep: NDArray[np.bool_] | None = None
    # A speaker of an earlier slot's language was reached through that slot.
    for word, earlier in search.earlier_language_bits:
        allowed = (pool.language_bits[word][rows] & earlier[slot]) == 0
        keep = allowed if keep is None else keep & allowed
    if request.involves_minors:
        safe = pool.has_valid_safeguarding[rows]
        keep = safe if keep is None else keep & safe
    if request.excluded_rows:
        included = ~np.isin(rows, request.excluded_rows)
        keep = included if keep is None else keep & included
    if kind == NEAR:
        codes = pool.availability_codes[rows]
        cell_count = rows.size if cell_count is None else cell_count
        cell_rows = rows[:cell_count]
        distance_km = spatial.haversine_km(
            request.latitude_radians,
            request.longitude_radians,
            request.cos_latitude,
            pool.latitude_radians[cell_rows],
            pool.longitude_radians[cell_rows],
            pool.cos_latitude[cell_rows],
        )
        within, online = ways_to_meet(
            modes_of(request.day_mode_code),
            modes_of(codes[:cell_count]),
            distance_km <= np.minimum(pool.max_distance_km[cell_rows], weights.max_distance_km),
        )
        if cell_count < rows.size:
            reach_count = rows.size - cell_count
            distance_km = np.concatenate([distance_km, np.full(reach_count, np.nan)])
            within = np.concatenate([within, np.zeros(reach_count, np.bool_)])
            online = np.concatenate([online, np.ones(reach_count, np.bool_)])
        reaches = within | online
        keep = reaches if keep is None else keep & reaches
        if not keep.all():
            selected = np.flatnonzero(keep)
            rows, positions, codes = rows[selected], positions[selected], codes[selected]
            distance_km, within, online = distance_km[selected], within[selected], online[selected]
        distance_score = distance_component(distance_km, within, online, weights)
    else:
        if keep is not None and not keep.all():
            selected = np.flatnonzero(keep)
            rows, positions = rows[selected], positions[selected]
        codes = pool.availability_codes[rows]
        distance_km = np.full(rows.size, np.nan)
        distance_score = np.full(
            rows.size, 1.0 if kind == ONLINE_ONLY else weights.online_distance_score
        )
    if search.language_by_level is not None:
        language = search.language_by_level[pool.posting_levels[positions]]
    else:
        language = search.language_table[search.language_index(rows)]
    covered = np.bitwise_count(pool.posting_skill_masks[positions] & search.need_mask)
    skills = search.skills_table[covered]
    availability = availability_component(request.day_mode_code, codes, request.hours_wanted)
    partial = partial_sum(
        language,
        skills,
        weights.distance * distance_score,
        weights.availability * availability,
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
    """Candidates for the chosen layout rows: breakdown, distance and reasons.

    k rows at most: the checks per row are made on Python values (the same comparisons as in
    numpy), cheaper than numpy calls this small.
    """
    pool, request, weights = search.pool, search.request, search.weights
    kilometres: list[float] = distance_km.tolist()
    if request.has_coordinates and not request.is_online_only:
        # Volunteers reached online outside the windows had no distance measured yet.
        missing = [
            at
            for at, (km, latitude) in enumerate(
                zip(kilometres, pool.latitude_radians[rows].tolist(), strict=True)
            )
            if math.isnan(km) and not math.isnan(latitude)
        ]
        if missing:
            measured_rows = rows[missing]
            measured_km = spatial.haversine_km(
                request.latitude_radians,
                request.longitude_radians,
                request.cos_latitude,
                pool.latitude_radians[measured_rows],
                pool.longitude_radians[measured_rows],
                pool.cos_latitude[measured_rows],
            )
            for at, km in zip(missing, measured_km.tolist(), strict=True):
                kilometres[at] = km
    language_index = search.language_index(rows)
    if request.wants_language_practice:
        language_index += 128
    language = LANGUAGE_TABLE[language_index]
    covered = np.bitwise_count(pool.skill_masks[rows] & search.need_mask)
    # skills_component by lookup: the same quotients (1.0 x leaves them as they are).
    skills = weighted_skills_table(1.0, request.need_count)[covered]
    codes = pool.availability_codes[rows]
    availability = availability_component(request.day_mode_code, codes, request.hours_wanted)
    # A distance is a reason only when both meet in person; "online" only when both offer it.
    request_modes = modes_of(request.day_mode_code)
    ways = [
        ways_to_meet(request_modes, modes_of(code), km <= min(limit, weights.max_distance_km))
        for code, km, limit in zip(
            codes.tolist(), kilometres, pool.max_distance_km[rows].tolist(), strict=True
        )
    ]
    measured = [None if math.isnan(km) else km for km in kilometres]
    reasons = reasons_for_rows(
        pool,
        facts,
        pool.layout_table_row[rows].tolist(),
        [km if in_person else None for km, (in_person, _) in zip(measured, ways, strict=True)],
        [online for _, online in ways],
    )
    columns = zip(
        pool.ids[rows].tolist(),
        score.tolist(),
        measured,
        reasons,
        language.tolist(),
        skills.tolist(),
        distance_score.tolist(),
        interests.tolist(),
        availability.tolist(),
        pool.load[rows].tolist(),
        strict=True,
    )
    return [
        Candidate(
            volunteer_id=volunteer_id,
            score=total,
            distance_km=km,
            breakdown={
                "language": language_score,
                "skills": skills_score,
                "distance": distance,
                "interests": interest,
                "availability": available,
                "load": load,
            },
            reasons=volunteer_reasons,
        )
        for (
            volunteer_id,
            total,
            km,
            volunteer_reasons,
            language_score,
            skills_score,
            distance,
            interest,
            available,
            load,
        ) in columns
    ]


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
    constraints = hard_constraints(pool, request, weights)
    feasible = np.flatnonzero(constraints.feasible)
    usable, best, distance = derived.usable_levels, constraints.best_level, constraints.distance_km
    is_within_reach, can_meet_online = constraints.within_reach, constraints.meets_online

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
