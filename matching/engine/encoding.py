"""Profiles to arrays: the engine's input dataclasses and the pool snapshot built from them.

Units and ranges:
- Language levels are CEFR strings encoded as int8: 0 does not speak, A1=1, A2=2, B1=3, B2=4,
  C1=5, C2=6, native=7. A language is usable at B1 (3) or above, native included.
- A request's `first_language` counts as spoken natively unless `languages` gives its level.
- Coordinates are WGS84 degrees in the inputs and radians in the arrays; a missing coordinate is
  NaN. Distances are kilometres.
- Days are bits mon=1 ... sun=64; modes are bits in_person=1, online=2.
- Interests are terms: each entry lowercased and split into words (`board_games` stays one
  word), deduplicated, so term frequency is binary. TF-IDF is scikit-learn's (smooth idf, rows
  L2-normalised), fitted on the interest documents of every volunteer in the pool.

The volunteer table is sorted by volunteer id and its vocabularies (languages, skills, interest
terms) are sorted and hold only what some volunteer uses, so `pool_replace` and a rebuild from
the same volunteers give identical arrays. The pool's layout holds only matchable volunteers
(eligible, free capacity > 0) sorted by (offers online, latitude band, longitude, id); for each
language, its usable speakers in the same order (the posting lists the prefilter searches), with
their level, skills, availability and load copied alongside (a search bounds postings by them).

`pool_replace` rebuilds all of this from the patched table, except when the changed volunteers
differ from their rows only in `active_matches` (an approved match, pending proposals): nothing
but load and free capacity move then, so it patches those and deletes the rows of volunteers
who became full, keeping every other array of the pool.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, NamedTuple, TypeVar

import numpy as np
import scipy.sparse as sparse
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfTransformer

from matching.engine import spatial

LEVELS: Mapping[str, int] = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "native": 7}
LEVEL_NAMES: tuple[str, ...] = ("", "A1", "A2", "B1", "B2", "C1", "C2", "native")
USABLE_LEVEL = 3
NATIVE_LEVEL = 7
DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
IN_PERSON = 1
ONLINE = 2
MODES: Mapping[str, int] = {"in_person": IN_PERSON, "online": ONLINE}
URGENCIES: tuple[str, ...] = ("low", "normal", "high")
POLISH = "pl"
LANGUAGE_PRACTICE = "language_practice"
MAX_SKILLS = 64  # skills and needs are uint64 bit masks
HOURS_CODE_MAX = 8  # weekly hours above this never change a score (at most 8 are wanted)

_Scalar = TypeVar("_Scalar", bound=np.generic)
_DAY_BITS: Mapping[str, int] = {day: 1 << position for position, day in enumerate(DAYS)}
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class VolunteerInput:
    """A resident mentor as the engine sees one; `is_eligible` is decided by the caller."""

    id: int
    languages: Mapping[str, str]
    skills: frozenset[str]
    interests: tuple[str, ...]
    lat: float | None
    lon: float | None
    max_distance_km: float
    days: frozenset[str]
    modes: frozenset[str]
    hours_per_week: int
    capacity: int
    active_matches: int
    is_eligible: bool
    has_valid_safeguarding: bool
    support_roles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RequestInput:
    """An open support request of a newcomer."""

    id: int
    languages: Mapping[str, str]
    first_language: str | None
    needs: tuple[str, ...]
    urgency: str
    modes: frozenset[str]
    days: frozenset[str]
    lat: float | None
    lon: float | None
    interests: tuple[str, ...]
    involves_minors: bool
    excluded_volunteer_ids: frozenset[int]
    waiting_days: int = 0


def free_places(capacity: Any, active_matches: Any) -> Any:
    """Places a volunteer can still take (arrays or numbers alike); a volunteer is offered only
    with at least one."""
    return capacity - active_matches


def level_code(level: str) -> int:
    """`"B2"` -> 4; raises ValueError for anything that is not a CEFR level or `native`."""
    code = LEVELS.get(level)
    if code is not None:
        return code
    text = level.strip()
    code = LEVELS.get("native" if text.lower() == "native" else text.upper())
    if code is None:
        raise ValueError(f"unknown language level {level!r}")
    return code


def _mask(names: Iterable[str], bits: Mapping[str, int], what: str) -> int:
    mask = 0
    for name in names:
        bit = bits.get(name.strip().lower())
        if bit is None:
            raise ValueError(f"unknown {what} {name!r}")
        mask |= bit
    return mask


def day_mask(days: Iterable[str]) -> int:
    return _mask(days, _DAY_BITS, "day")


def mode_mask(modes: Iterable[str]) -> int:
    return _mask(modes, MODES, "mode")


MODE_SHIFT = 7  # day-mode and availability codes hold the mode bits above the seven day bits


def modes_of(codes: Any) -> Any:
    """The mode bits of day-mode or availability codes (arrays or numbers alike)."""
    return (codes >> MODE_SHIFT) & (IN_PERSON | ONLINE)


def ways_to_meet(request_modes: Any, volunteer_modes: Any, within_km: Any) -> tuple[Any, Any]:
    """(in person, online): how a pair can meet, the one rule every path applies.

    In person when both offer in-person meetings and the distance is within reach
    (`within_km`, false without coordinates); online when both offer online meetings. A pair
    that shares no mode meets neither way, however close they live.
    """
    shared = request_modes & volunteer_modes
    return ((shared & IN_PERSON) != 0) & within_km, (shared & ONLINE) != 0


def interest_terms(interests: Iterable[str]) -> tuple[str, ...]:
    """The distinct terms of an interest list, in first-seen order."""
    seen: dict[str, None] = {}
    for interest in interests:
        for word in _WORD.findall(interest.lower()):
            seen.setdefault(word, None)
    return tuple(seen)


def language_levels(languages: Mapping[str, str]) -> dict[str, int]:
    """Codes lowercased, levels encoded; a language given twice keeps its best level."""
    levels: dict[str, int] = {}
    for code, level in languages.items():
        key = code.strip().lower()
        levels[key] = max(levels.get(key, 0), level_code(level))
    return levels


def _coordinate(value: float | None) -> float:
    return float("nan") if value is None else float(value)


@dataclass(frozen=True, eq=False)
class VolunteerTable:
    """Every volunteer of the pool, one row each, sorted by id; the source of every array."""

    ids: NDArray[np.int64]
    languages: tuple[str, ...]
    levels: NDArray[np.int8]  # volunteers x languages
    skills: tuple[str, ...]
    skill_matrix: NDArray[np.bool_]  # volunteers x skills
    terms: tuple[str, ...]
    term_matrix: sparse.csr_matrix  # volunteers x terms, binary, float64
    latitude: NDArray[np.float64]  # degrees, NaN when unknown
    longitude: NDArray[np.float64]
    max_distance_km: NDArray[np.float64]
    days: NDArray[np.uint8]
    modes: NDArray[np.uint8]
    hours_per_week: NDArray[np.int32]
    capacity: NDArray[np.int32]
    active_matches: NDArray[np.int32]
    is_eligible: NDArray[np.bool_]
    has_valid_safeguarding: NDArray[np.bool_]

    def __len__(self) -> int:
        return int(self.ids.shape[0])


def encode_volunteers(volunteers: Sequence[VolunteerInput]) -> VolunteerTable:
    """Encode profiles into a table; raises ValueError on a duplicate id or an unknown value."""
    ordered = sorted(volunteers, key=lambda volunteer: volunteer.id)
    ids = np.fromiter((volunteer.id for volunteer in ordered), np.int64, len(ordered))
    if ids.size > 1 and bool(np.any(ids[1:] == ids[:-1])):
        raise ValueError("duplicate volunteer id")
    levels_by_row = [language_levels(volunteer.languages) for volunteer in ordered]
    languages = tuple(
        sorted({code for levels in levels_by_row for code, lvl in levels.items() if lvl})
    )
    language_column = {code: column for column, code in enumerate(languages)}
    level_matrix = np.zeros((len(ordered), len(languages)), np.int8)
    for row, levels in enumerate(levels_by_row):
        for code, level in levels.items():
            if level:
                level_matrix[row, language_column[code]] = level
    skills = tuple(sorted({skill for volunteer in ordered for skill in volunteer.skills}))
    if len(skills) > MAX_SKILLS:
        raise ValueError(f"at most {MAX_SKILLS} distinct skills are supported")
    skill_column = {skill: column for column, skill in enumerate(skills)}
    skill_matrix = np.zeros((len(ordered), len(skills)), np.bool_)
    for row, volunteer in enumerate(ordered):
        for skill in volunteer.skills:
            skill_matrix[row, skill_column[skill]] = True
    documents = [interest_terms(volunteer.interests) for volunteer in ordered]
    terms = tuple(sorted({term for document in documents for term in document}))
    term_matrix = _binary_term_matrix(
        documents, {term: column for column, term in enumerate(terms)}
    )
    return VolunteerTable(
        ids=ids,
        languages=languages,
        levels=level_matrix,
        skills=skills,
        skill_matrix=skill_matrix,
        terms=terms,
        term_matrix=term_matrix,
        latitude=np.array([_coordinate(v.lat) for v in ordered], np.float64),
        longitude=np.array([_coordinate(v.lon) for v in ordered], np.float64),
        max_distance_km=np.array([v.max_distance_km for v in ordered], np.float64),
        days=np.array([day_mask(v.days) for v in ordered], np.uint8),
        modes=np.array([mode_mask(v.modes) for v in ordered], np.uint8),
        hours_per_week=np.array([v.hours_per_week for v in ordered], np.int32),
        capacity=np.array([v.capacity for v in ordered], np.int32),
        active_matches=np.array([v.active_matches for v in ordered], np.int32),
        is_eligible=np.array([v.is_eligible for v in ordered], np.bool_),
        has_valid_safeguarding=np.array([v.has_valid_safeguarding for v in ordered], np.bool_),
    )


def _binary_term_matrix(
    documents: Sequence[tuple[str, ...]], column_of: Mapping[str, int]
) -> sparse.csr_matrix:
    lengths = np.fromiter((len(document) for document in documents), np.int64, len(documents))
    indptr = np.zeros(len(documents) + 1, np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.fromiter(
        (column_of[term] for document in documents for term in document), np.int64, int(indptr[-1])
    )
    matrix = sparse.csr_matrix(
        (np.ones(indices.size, np.float64), indices, indptr), shape=(len(documents), len(column_of))
    )
    matrix.sort_indices()
    return matrix


def table_replace(
    table: VolunteerTable, changed: Sequence[VolunteerInput], removed_ids: Iterable[int]
) -> VolunteerTable:
    """The table with `changed` volunteers inserted or replaced and `removed_ids` dropped.

    Only the changed profiles are encoded; kept rows move with array operations and the
    vocabularies are rebuilt (sorted, unused entries dropped), so the result equals
    `encode_volunteers` of the same volunteers, array for array.
    """
    return _table_with(table, encode_volunteers(changed), removed_ids)


def _table_with(
    table: VolunteerTable, fresh: VolunteerTable, removed_ids: Iterable[int]
) -> VolunteerTable:
    """`table_replace` with the changed profiles already encoded."""
    dropped = np.union1d(np.fromiter((int(i) for i in removed_ids), np.int64), fresh.ids)
    keep = np.flatnonzero(~np.isin(table.ids, dropped))
    ids = np.concatenate([table.ids[keep], fresh.ids])
    order = np.argsort(ids, kind="stable")
    kept_levels = table.levels[keep]
    kept_skills = table.skill_matrix[keep]
    kept_terms = table.term_matrix[keep]
    languages = _merged_vocabulary(
        table.languages, np.asarray(kept_levels.any(axis=0), np.bool_), fresh.languages
    )
    skills = _merged_vocabulary(
        table.skills, np.asarray(kept_skills.any(axis=0), np.bool_), fresh.skills
    )
    if len(skills) > MAX_SKILLS:
        raise ValueError(f"at most {MAX_SKILLS} distinct skills are supported")
    terms = _merged_vocabulary(table.terms, np.asarray(kept_terms.getnnz(axis=0) > 0), fresh.terms)
    term_matrix = sparse.vstack(
        [
            _remap_columns(kept_terms, table.terms, terms),
            _remap_columns(fresh.term_matrix, fresh.terms, terms),
        ],
        format="csr",
    )[order]
    term_matrix.sort_indices()

    def rows(kept: NDArray[_Scalar], new: NDArray[_Scalar]) -> NDArray[_Scalar]:
        merged: NDArray[_Scalar] = np.concatenate([kept[keep], new])[order]
        return merged

    return VolunteerTable(
        ids=ids[order],
        languages=languages,
        levels=_merged_columns(
            kept_levels, table.languages, fresh.levels, fresh.languages, languages
        )[order],
        skills=skills,
        skill_matrix=_merged_columns(
            kept_skills, table.skills, fresh.skill_matrix, fresh.skills, skills
        )[order],
        terms=terms,
        term_matrix=term_matrix,
        latitude=rows(table.latitude, fresh.latitude),
        longitude=rows(table.longitude, fresh.longitude),
        max_distance_km=rows(table.max_distance_km, fresh.max_distance_km),
        days=rows(table.days, fresh.days),
        modes=rows(table.modes, fresh.modes),
        hours_per_week=rows(table.hours_per_week, fresh.hours_per_week),
        capacity=rows(table.capacity, fresh.capacity),
        active_matches=rows(table.active_matches, fresh.active_matches),
        is_eligible=rows(table.is_eligible, fresh.is_eligible),
        has_valid_safeguarding=rows(table.has_valid_safeguarding, fresh.has_valid_safeguarding),
    )


def _merged_vocabulary(
    old: tuple[str, ...], old_used: NDArray[np.bool_], new: tuple[str, ...]
) -> tuple[str, ...]:
    used = {code for code, is_used in zip(old, old_used.tolist(), strict=True) if is_used}
    return tuple(sorted(used | set(new)))


def _merged_columns(
    kept: NDArray[_Scalar],
    kept_vocabulary: tuple[str, ...],
    new: NDArray[_Scalar],
    new_vocabulary: tuple[str, ...],
    vocabulary: tuple[str, ...],
) -> NDArray[_Scalar]:
    column = {code: position for position, code in enumerate(vocabulary)}
    merged = np.zeros((kept.shape[0] + new.shape[0], len(vocabulary)), kept.dtype)
    kept_positions = [position for position, code in enumerate(kept_vocabulary) if code in column]
    merged[: kept.shape[0], [column[kept_vocabulary[p]] for p in kept_positions]] = kept[
        :, kept_positions
    ]
    merged[kept.shape[0] :, [column[code] for code in new_vocabulary]] = new
    return merged


def _remap_columns(
    matrix: sparse.csr_matrix, old: tuple[str, ...], vocabulary: tuple[str, ...]
) -> sparse.csr_matrix:
    column = {code: position for position, code in enumerate(vocabulary)}
    # A term that left the vocabulary has no entries in these rows, so -1 is never used.
    mapping = np.array([column.get(code, -1) for code in old] or [-1], np.int64)
    remapped = sparse.csr_matrix(
        (matrix.data, mapping[matrix.indices], matrix.indptr),
        shape=(matrix.shape[0], len(vocabulary)),
    )
    remapped.sort_indices()
    return remapped


@dataclass(frozen=True, eq=False)
class Pool:
    """A read-only snapshot of a programme's volunteers, encoded for ranking and assignment.

    `table` keeps every volunteer (sorted by id). The layout arrays hold only the matchable ones
    (eligible, free capacity > 0), one row each, sorted by (offers online, latitude band,
    longitude, id); `posting_rows` lists, language by language, the layout rows of that
    language's usable speakers in layout order, with `posting_keys` ascending for the spatial
    search.
    """

    table: VolunteerTable
    language_index: Mapping[str, int]
    skill_index: Mapping[str, int]
    term_index: Mapping[str, int]
    idf: NDArray[np.float64]  # per interest term
    idf_values: tuple[float, ...]  # the same as Python floats, for per-request lookups
    table_interests: sparse.csr_matrix  # TF-IDF rows of `table`, L2-normalised
    layout_table_row: NDArray[np.int64]
    layout_row_of_table_row: NDArray[np.int64]  # -1 when not matchable
    ids: NDArray[np.int64]
    latitude_radians: NDArray[np.float64]
    longitude_radians: NDArray[np.float64]
    cos_latitude: NDArray[np.float64]
    offers_online: NDArray[np.bool_]
    max_distance_km: NDArray[np.float64]
    usable_levels: NDArray[np.int8]  # languages x layout rows; 0 below B1
    skill_masks: NDArray[np.uint64]
    availability_codes: NDArray[np.uint16]  # days | modes << 7 | min(hours, HOURS_CODE_MAX) << 9
    load: NDArray[np.float64]  # 1 - active matches / capacity
    free_capacity: NDArray[np.int64]
    has_valid_safeguarding: NDArray[np.bool_]
    interests: sparse.csr_matrix  # TF-IDF rows of the layout
    term_bits: NDArray[np.uint64]  # bit column % 64 set for each interest term: no shared bit
    # with a request's terms, no shared term
    posting_keys: NDArray[np.float64]
    posting_rows: NDArray[np.int64]
    posting_levels: NDArray[np.int8]  # the speaker's level in the posting's language
    posting_skill_masks: NDArray[np.uint64]  # the speaker's skills, availability and load,
    posting_availability_codes: NDArray[np.uint16]  # in posting order
    posting_load: NDArray[np.float64]
    posting_term_bits: NDArray[np.uint64]  # `term_bits` in posting order
    posting_interest_scale: NDArray[np.float64]  # 1 / norm of the TF-IDF row (0: no terms)
    language_bits: NDArray[np.uint64]  # words x layout rows: bit l % 64 of word l // 64 = usable
    language_starts: NDArray[np.int64]  # postings of language l: language_starts[l]:[l + 1]

    def __len__(self) -> int:
        return int(self.ids.shape[0])


@dataclass(frozen=True, eq=False)
class DerivedArrays:
    """Per-volunteer arrays every consumer derives the same way (one place, bit-identical)."""

    latitude_radians: NDArray[np.float64]
    longitude_radians: NDArray[np.float64]
    cos_latitude: NDArray[np.float64]
    usable_levels: NDArray[np.int8]  # volunteers x languages, 0 below B1
    skill_masks: NDArray[np.uint64]
    availability_codes: NDArray[np.uint16]
    load: NDArray[np.float64]
    free_capacity: NDArray[np.int64]
    offers_online: NDArray[np.bool_]


def table_derived(table: VolunteerTable) -> DerivedArrays:
    latitude_radians = np.radians(table.latitude)
    bits = np.left_shift(np.uint64(1), np.arange(len(table.skills), dtype=np.uint64))
    # Bits are distinct, so their sum is their union.
    skill_masks = (table.skill_matrix.astype(np.uint64) * bits[None, :]).sum(
        axis=1, dtype=np.uint64
    )
    load, free_capacity = load_and_free_capacity(table.capacity, table.active_matches)
    hours = np.clip(table.hours_per_week, 0, HOURS_CODE_MAX).astype(np.uint16)
    return DerivedArrays(
        latitude_radians=latitude_radians,
        longitude_radians=np.radians(table.longitude),
        cos_latitude=np.cos(latitude_radians),
        usable_levels=np.where(table.levels >= USABLE_LEVEL, table.levels, 0).astype(np.int8),
        skill_masks=np.asarray(skill_masks, np.uint64),
        availability_codes=(
            table.days.astype(np.uint16)
            | (table.modes.astype(np.uint16) << MODE_SHIFT)
            | (hours << 9)
        ).astype(np.uint16),
        load=load,
        free_capacity=free_capacity,
        offers_online=(table.modes & ONLINE) != 0,
    )


def load_and_free_capacity(
    capacity: NDArray[np.int32], active_matches: NDArray[np.int32]
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Per volunteer, 1 - active matches / capacity (0 without capacity) and his free places.

    The one formula of both, for whole tables and for the rows `pool_replace` patches, so the
    two give bit-identical values.
    """
    wide = capacity.astype(np.int64)
    load = np.where(wide > 0, 1.0 - active_matches / np.maximum(wide, 1), 0.0)
    free: NDArray[np.int64] = free_places(wide, active_matches)
    return load.astype(np.float64), free


def _is_matchable(
    is_eligible: NDArray[np.bool_], free_capacity: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """Who the layout holds: eligible volunteers with a free place."""
    matchable: NDArray[np.bool_] = is_eligible & (free_capacity > 0)
    return matchable


def pool_from_table(table: VolunteerTable) -> Pool:
    """Build the layout, postings and TF-IDF of a table (array work only, no Python per row)."""
    derived = table_derived(table)
    free_capacity = derived.free_capacity
    matchable = np.flatnonzero(_is_matchable(table.is_eligible, free_capacity))
    offers_online = derived.offers_online
    keys = spatial.layout_key(
        offers_online[matchable].astype(np.int64),
        spatial.band_of(table.latitude[matchable]),
        table.longitude[matchable],
    )
    order = np.lexsort((table.ids[matchable], keys))
    layout = matchable[order]
    keys = keys[order]
    layout_of_table = np.full(len(table), -1, np.int64)
    layout_of_table[layout] = np.arange(layout.size, dtype=np.int64)
    usable_levels = np.ascontiguousarray(derived.usable_levels[layout].T)
    language, posting_rows = np.nonzero(usable_levels)
    posting_keys = language.astype(np.float64) * spatial.LANGUAGE_STRIDE + keys[posting_rows]
    language_starts = np.searchsorted(language, np.arange(len(table.languages) + 1)).astype(
        np.int64
    )
    idf, table_interests = _tf_idf(table.term_matrix)
    term_bits, interest_scale = _interest_bounds(table.term_matrix, idf)
    pool = Pool(
        table=table,
        language_index={code: column for column, code in enumerate(table.languages)},
        skill_index={code: column for column, code in enumerate(table.skills)},
        term_index={term: column for column, term in enumerate(table.terms)},
        idf=idf,
        idf_values=tuple(idf.tolist()),
        table_interests=table_interests,
        layout_table_row=layout,
        layout_row_of_table_row=layout_of_table,
        ids=table.ids[layout],
        latitude_radians=derived.latitude_radians[layout],
        longitude_radians=derived.longitude_radians[layout],
        cos_latitude=derived.cos_latitude[layout],
        offers_online=offers_online[layout],
        max_distance_km=table.max_distance_km[layout],
        usable_levels=usable_levels,
        skill_masks=derived.skill_masks[layout],
        availability_codes=derived.availability_codes[layout],
        load=derived.load[layout],
        free_capacity=free_capacity[layout],
        has_valid_safeguarding=table.has_valid_safeguarding[layout],
        interests=table_interests[layout],
        term_bits=term_bits[layout],
        posting_keys=posting_keys,
        posting_rows=posting_rows.astype(np.int64),
        posting_levels=usable_levels[language, posting_rows],
        posting_skill_masks=derived.skill_masks[layout][posting_rows],
        posting_availability_codes=derived.availability_codes[layout][posting_rows],
        posting_load=derived.load[layout][posting_rows],
        posting_term_bits=term_bits[layout][posting_rows],
        posting_interest_scale=interest_scale[layout][posting_rows],
        language_bits=_language_bits(usable_levels),
        language_starts=language_starts,
    )
    _freeze(pool, table)
    return pool


def _freeze(*holders: object) -> None:
    """Make the ndarray fields of these dataclasses read-only: a pool is shared by every
    request, and patched pools share arrays with the pool they came from."""
    for holder in holders:
        for value in vars(holder).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False


def _language_bits(usable_levels: NDArray[np.int8]) -> NDArray[np.uint64]:
    languages, rows = usable_levels.shape
    words = np.zeros(((languages + 63) // 64, rows), np.uint64)
    for language in range(languages):
        words[language // 64] |= (usable_levels[language] > 0).astype(np.uint64) << np.uint64(
            language % 64
        )
    return words


def _interest_bounds(
    term_matrix: sparse.csr_matrix, idf: NDArray[np.float64]
) -> tuple[NDArray[np.uint64], NDArray[np.float64]]:
    """Per volunteer, his terms folded into 64 bits and the inverse norm of his TF-IDF row.

    A row's TF-IDF weight of term t is idf[t] x scale, so a request's similarity with him is at
    most scale x the sum of its query weight x idf over the terms whose bit he has.
    """
    rows = term_matrix.shape[0]
    counts = np.diff(term_matrix.indptr)
    owner = np.repeat(np.arange(rows), counts)
    bits = np.left_shift(np.uint64(1), (term_matrix.indices % 64).astype(np.uint64))
    term_bits = np.zeros(rows, np.uint64)
    has_terms = np.flatnonzero(counts > 0)
    if has_terms.size:  # entries are grouped by row: OR each row's run
        term_bits[has_terms] = np.bitwise_or.reduceat(bits, term_matrix.indptr[has_terms])
    norm = np.sqrt(np.bincount(owner, weights=idf[term_matrix.indices] ** 2, minlength=rows))
    scale = np.divide(1.0, norm, out=np.zeros(rows), where=norm > 0)
    return term_bits, scale


def _tf_idf(term_matrix: sparse.csr_matrix) -> tuple[NDArray[np.float64], sparse.csr_matrix]:
    rows, columns = term_matrix.shape
    if rows == 0 or columns == 0:
        return np.zeros(columns, np.float64), sparse.csr_matrix((rows, columns), dtype=np.float64)
    transformer = TfidfTransformer(norm="l2", use_idf=True, smooth_idf=True)
    weighted = sparse.csr_matrix(transformer.fit_transform(term_matrix), dtype=np.float64)
    weighted.sort_indices()
    return np.asarray(transformer.idf_, np.float64), weighted


def encode_pool(volunteers: Sequence[VolunteerInput]) -> Pool:
    """Snapshot a pool of volunteers for `rank` and `assign`."""
    return pool_from_table(encode_volunteers(volunteers))


def pool_replace(
    pool: Pool, changed: Sequence[VolunteerInput], removed_ids: Iterable[int] = ()
) -> Pool:
    """The pool after `changed` profiles were saved and `removed_ids` left; equals a rebuild.

    A changed volunteer replaces the one with his id or joins the pool; an id both changed and
    removed stays, with the changed profile. Unknown removed ids are ignored.

    Encodes only the changed profiles (Python work per changed volunteer). When nothing is
    removed and every changed volunteer is known and differs from his row only in
    `active_matches` without becoming matchable (an approved match, pending proposals), the
    pool is patched: a copied `active_matches`, load and free capacity at his rows, and the
    layout rows and postings of those who became full deleted; every other array is shared.
    Otherwise the pool is rebuilt from the patched table, array work over the whole pool
    (50-70 ms of CPU at 60,000 volunteers; the patch takes 1-4 ms).
    """
    removed = tuple(removed_ids)
    fresh = encode_volunteers(changed)
    if not removed:
        rows = _rows_changing_only_active_matches(pool, fresh)
        if rows is not None:
            return _pool_with_active_matches(pool, rows, fresh.active_matches)
    return pool_from_table(_table_with(pool.table, fresh, removed))


# Not compared array to array: ids locate the rows; languages, skills and terms go by name.
_VOCABULARY_FIELDS = frozenset(
    {"ids", "languages", "levels", "skills", "skill_matrix", "terms", "term_matrix"}
)


def _rows_changing_only_active_matches(
    pool: Pool, fresh: VolunteerTable
) -> NDArray[np.int64] | None:
    """The table rows of `fresh`'s volunteers when patching `active_matches` is enough.

    None (rebuild) when a volunteer is new, changed more than `active_matches`, or becomes
    matchable: a joining volunteer needs his place in the layout order and in the postings.
    """
    table = pool.table
    rows = np.searchsorted(table.ids, fresh.ids).astype(np.int64)
    if bool(np.any(rows >= len(table))) or not np.array_equal(table.ids[rows], fresh.ids):
        return None
    if not _same_but_active_matches(pool, rows, fresh):
        return None
    _, free_capacity = load_and_free_capacity(fresh.capacity, fresh.active_matches)
    joins = _is_matchable(fresh.is_eligible, free_capacity) & (
        pool.layout_row_of_table_row[rows] < 0
    )
    return None if bool(np.any(joins)) else rows


def _same_but_active_matches(pool: Pool, rows: NDArray[np.int64], fresh: VolunteerTable) -> bool:
    """Whether each of `fresh`'s profiles equals the table at `rows` but for `active_matches`.

    Every other per-row field is compared (a field added to the table is compared too);
    languages, skills and terms by name, since `fresh` has its own vocabularies.
    """
    table = pool.table
    for field in fields(VolunteerTable):
        if field.name in _VOCABULARY_FIELDS or field.name == "active_matches":
            continue
        ours, theirs = getattr(table, field.name)[rows], getattr(fresh, field.name)
        if not np.array_equal(ours, theirs, equal_nan=ours.dtype.kind == "f"):
            return False
    return (
        _same_by_name(table.levels[rows], pool.language_index, fresh.levels, fresh.languages)
        and _same_by_name(
            table.skill_matrix[rows], pool.skill_index, fresh.skill_matrix, fresh.skills
        )
        and _same_terms(table.term_matrix[rows], pool.term_index, fresh.term_matrix, fresh.terms)
    )


def _columns_in(index: Mapping[str, int], vocabulary: tuple[str, ...]) -> list[int] | None:
    """The pool's columns of a vocabulary's names; None when one is new to the pool.

    Both vocabularies are sorted, so the columns ascend.
    """
    columns = [index.get(name, -1) for name in vocabulary]
    return None if -1 in columns else columns


def _same_by_name(
    ours: NDArray[_Scalar],
    index: Mapping[str, int],
    theirs: NDArray[_Scalar],
    vocabulary: tuple[str, ...],
) -> bool:
    """Whether rows over the pool's vocabulary and rows over `vocabulary` agree name by name."""
    columns = _columns_in(index, vocabulary)
    if columns is None:
        return False
    aligned = np.zeros_like(ours)
    aligned[:, columns] = theirs
    return np.array_equal(ours, aligned)


def _same_terms(
    ours: sparse.csr_matrix,
    index: Mapping[str, int],
    theirs: sparse.csr_matrix,
    vocabulary: tuple[str, ...],
) -> bool:
    """`_same_by_name` for binary term rows (sorted indices): the same entries, and since the
    columns ascend, in the same order."""
    columns = _columns_in(index, vocabulary)
    if columns is None:
        return False
    return np.array_equal(ours.indptr, theirs.indptr) and np.array_equal(
        ours.indices, np.asarray(columns, np.int64)[theirs.indices]
    )


def _pool_with_active_matches(
    pool: Pool, rows: NDArray[np.int64], active_matches: NDArray[np.int32]
) -> Pool:
    """`pool` with `active_matches` at table `rows`, none of whom becomes matchable.

    Vocabularies, TF-IDF, positions and languages are unchanged, so only load and free capacity
    move; those who became full leave the layout.
    """
    table_active_matches = pool.table.active_matches.copy()
    table_active_matches[rows] = active_matches
    load, free_capacity = load_and_free_capacity(pool.table.capacity[rows], active_matches)
    layout_rows = pool.layout_row_of_table_row[rows]
    in_layout = layout_rows >= 0
    stays = in_layout & _is_matchable(pool.table.is_eligible[rows], free_capacity)
    layout_load = pool.load.copy()
    layout_load[layout_rows[stays]] = load[stays]
    layout_free_capacity = pool.free_capacity.copy()
    layout_free_capacity[layout_rows[stays]] = free_capacity[stays]
    patched = replace(
        pool,
        table=replace(pool.table, active_matches=table_active_matches),
        load=layout_load,
        free_capacity=layout_free_capacity,
        posting_load=layout_load[pool.posting_rows],
    )
    leaving = layout_rows[in_layout & ~stays]
    if leaving.size:
        patched = _without_layout_rows(patched, leaving)
    _freeze(patched, patched.table)
    return patched


def _without_layout_rows(pool: Pool, leaving: NDArray[np.int64]) -> Pool:
    """`pool` without these layout rows and their postings.

    The rest keep their relative order, which is the order a rebuild gives them, so the layout
    and postings are cut and renumbered instead of sorted again.
    """
    keep = np.ones(len(pool), np.bool_)
    keep[leaving] = False
    new_layout_row = np.cumsum(keep, dtype=np.int64) - 1
    keep_postings = keep[pool.posting_rows]
    deleted_postings = np.flatnonzero(~keep_postings)

    # compress, not a boolean index: a 2-D result stays C-contiguous (the last axis is the row)
    def rows(array: NDArray[_Scalar]) -> NDArray[_Scalar]:
        kept: NDArray[_Scalar] = np.compress(keep, array, axis=-1)
        return kept

    def postings(array: NDArray[_Scalar]) -> NDArray[_Scalar]:
        kept: NDArray[_Scalar] = np.compress(keep_postings, array)
        return kept

    layout_table_row = rows(pool.layout_table_row)
    layout_row_of_table_row = np.full(len(pool.table), -1, np.int64)
    layout_row_of_table_row[layout_table_row] = np.arange(layout_table_row.size, dtype=np.int64)
    return replace(
        pool,
        layout_table_row=layout_table_row,
        layout_row_of_table_row=layout_row_of_table_row,
        ids=rows(pool.ids),
        latitude_radians=rows(pool.latitude_radians),
        longitude_radians=rows(pool.longitude_radians),
        cos_latitude=rows(pool.cos_latitude),
        offers_online=rows(pool.offers_online),
        max_distance_km=rows(pool.max_distance_km),
        usable_levels=rows(pool.usable_levels),
        skill_masks=rows(pool.skill_masks),
        availability_codes=rows(pool.availability_codes),
        load=rows(pool.load),
        free_capacity=rows(pool.free_capacity),
        has_valid_safeguarding=rows(pool.has_valid_safeguarding),
        interests=_kept_csr_rows(pool.interests, keep),
        term_bits=rows(pool.term_bits),
        posting_keys=postings(pool.posting_keys),
        posting_rows=new_layout_row[postings(pool.posting_rows)],
        posting_levels=postings(pool.posting_levels),
        posting_skill_masks=postings(pool.posting_skill_masks),
        posting_availability_codes=postings(pool.posting_availability_codes),
        posting_load=postings(pool.posting_load),
        posting_term_bits=postings(pool.posting_term_bits),
        posting_interest_scale=postings(pool.posting_interest_scale),
        language_bits=rows(pool.language_bits),
        # Each language's postings now start earlier by the deleted postings before them.
        language_starts=pool.language_starts
        - np.searchsorted(deleted_postings, pool.language_starts).astype(np.int64),
    )


def _kept_csr_rows(matrix: sparse.csr_matrix, keep: NDArray[np.bool_]) -> sparse.csr_matrix:
    """`matrix` with the rows where `keep` is true; each row's entries are one run of its
    arrays, so the entries are kept with their row's flag."""
    lengths = np.diff(matrix.indptr)
    entries = np.repeat(keep, lengths)
    indptr = np.zeros(int(keep.sum()) + 1, matrix.indptr.dtype)
    np.cumsum(lengths[keep], out=indptr[1:])
    return sparse.csr_matrix(
        (matrix.data[entries], matrix.indices[entries], indptr),
        shape=(indptr.size - 1, matrix.shape[1]),
    )


class EncodedRequest(NamedTuple):
    """One request against one pool's vocabularies, as plain Python values.

    `slots` are the request's usable languages (B1 or above) that the pool knows, as (language
    column, level), highest level first, then by column; a volunteer who can use several of
    them is reached through the first. `interest_values` is the TF-IDF row over the pool's
    terms, normalised over all of the request's terms (a term no volunteer has still counts in
    the norm).
    """

    id: int
    urgency: int  # index into URGENCIES
    waiting_days: int
    latitude_degrees: float  # NaN when unknown
    longitude_degrees: float
    latitude_radians: float
    longitude_radians: float
    cos_latitude: float
    has_coordinates: bool
    day_mode_code: int  # days | modes << 7
    accepts_online: bool
    is_online_only: bool
    slots: tuple[tuple[int, int], ...]
    first_language: int  # pool language column, -1 when the pool has no such speaker
    wants_language_practice: bool
    need_mask: int
    need_count: int
    hours_wanted: int  # one per distinct need, 1..HOURS_CODE_MAX
    involves_minors: bool
    excluded_rows: tuple[int, ...]  # layout rows, ascending
    interest_columns: tuple[int, ...]
    interest_values: tuple[float, ...]


def request_language_levels(request: RequestInput) -> dict[str, int]:
    levels = language_levels(request.languages)
    if request.first_language:
        levels.setdefault(request.first_language.strip().lower(), NATIVE_LEVEL)
    return levels


def encode_request(pool: Pool, request: RequestInput) -> EncodedRequest:
    """Encode a request for `pool`; raises ValueError on an unknown urgency, day, mode or level."""
    if request.urgency not in URGENCIES:
        raise ValueError(f"unknown urgency {request.urgency!r}")
    levels = request_language_levels(request)
    slots = sorted(
        (
            (pool.language_index[code], level)
            for code, level in levels.items()
            if level >= USABLE_LEVEL and code in pool.language_index
        ),
        key=lambda slot: (-slot[1], slot[0]),
    )
    first = (request.first_language or "").strip().lower()
    needs = dict.fromkeys(request.needs)
    need_mask = 0
    for need in needs:
        column = pool.skill_index.get(need)
        if column is not None:
            need_mask |= 1 << column
    modes = mode_mask(request.modes)
    latitude, longitude = _coordinate(request.lat), _coordinate(request.lon)
    has_coordinates = not (math.isnan(latitude) or math.isnan(longitude))
    latitude_radians = math.radians(latitude)
    terms = interest_terms(request.interests)
    known = sorted(pool.term_index[term] for term in terms if term in pool.term_index)
    idf = [pool.idf_values[column] for column in known]
    unseen_idf = math.log(1.0 + len(pool.table)) + 1.0  # smooth idf of a term with df = 0
    norm = math.sqrt(
        sum(value * value for value in idf) + (len(terms) - len(known)) * unseen_idf**2
    )
    return EncodedRequest(
        id=request.id,
        urgency=URGENCIES.index(request.urgency),
        waiting_days=max(0, request.waiting_days),
        latitude_degrees=latitude,
        longitude_degrees=longitude,
        latitude_radians=latitude_radians,
        longitude_radians=math.radians(longitude),
        cos_latitude=math.cos(latitude_radians),
        has_coordinates=has_coordinates,
        day_mode_code=day_mask(request.days) | modes << MODE_SHIFT,
        accepts_online=bool(modes & ONLINE),
        is_online_only=modes == ONLINE,
        slots=tuple(slots),
        first_language=pool.language_index.get(first, -1),
        wants_language_practice=LANGUAGE_PRACTICE in needs,
        need_mask=need_mask,
        need_count=len(needs),
        hours_wanted=min(max(len(needs), 1), HOURS_CODE_MAX),
        involves_minors=request.involves_minors,
        excluded_rows=_layout_rows_of(pool, request.excluded_volunteer_ids),
        interest_columns=tuple(known),
        interest_values=tuple(value / norm for value in idf),
    )


@dataclass(frozen=True, eq=False)
class RequestBatch:
    """Encoded requests stacked into arrays, in the order given (see EncodedRequest)."""

    encoded: tuple[EncodedRequest, ...]
    ids: NDArray[np.int64]
    urgency: NDArray[np.int64]
    waiting_days: NDArray[np.int64]
    latitude_degrees: NDArray[np.float64]
    longitude_degrees: NDArray[np.float64]
    latitude_radians: NDArray[np.float64]
    longitude_radians: NDArray[np.float64]
    cos_latitude: NDArray[np.float64]
    day_mode_codes: NDArray[np.int64]
    accepts_online: NDArray[np.bool_]
    is_online_only: NDArray[np.bool_]
    slot_languages: NDArray[np.int64]  # requests x slots, -1 pads
    slot_levels: NDArray[np.int8]
    first_language: NDArray[np.int64]
    wants_language_practice: NDArray[np.bool_]
    need_masks: NDArray[np.uint64]
    term_bits: NDArray[np.uint64]  # as `Pool.term_bits`, for the request's terms the pool knows
    need_counts: NDArray[np.int64]
    hours_wanted: NDArray[np.int64]
    involves_minors: NDArray[np.bool_]
    excluded_starts: NDArray[np.int64]  # excluded layout rows of request i: [starts[i]:[i + 1]]
    excluded_rows: NDArray[np.int64]
    interests: sparse.csr_matrix  # requests x pool terms

    def __len__(self) -> int:
        return int(self.ids.shape[0])


def encode_requests(pool: Pool, requests: Sequence[RequestInput]) -> RequestBatch:
    """Encode and stack requests for `pool` (see `encode_request`)."""
    encoded = tuple(encode_request(pool, request) for request in requests)
    count = len(encoded)
    width = max((len(request.slots) for request in encoded), default=0)
    slot_languages = np.full((count, width), -1, np.int64)
    slot_levels = np.zeros((count, width), np.int8)
    for position, request in enumerate(encoded):
        for slot, (column, level) in enumerate(request.slots):
            slot_languages[position, slot] = column
            slot_levels[position, slot] = level

    def values_of(name: str, dtype: type[np.generic]) -> NDArray[Any]:
        return np.array([getattr(request, name) for request in encoded], dtype)

    excluded_starts = np.zeros(count + 1, np.int64)
    np.cumsum([len(request.excluded_rows) for request in encoded], out=excluded_starts[1:])
    interest_starts = np.zeros(count + 1, np.int64)
    np.cumsum([len(request.interest_columns) for request in encoded], out=interest_starts[1:])
    day_mode_codes = values_of("day_mode_code", np.int64)
    hours_wanted = values_of("hours_wanted", np.int64)
    return RequestBatch(
        encoded=encoded,
        ids=values_of("id", np.int64),
        urgency=values_of("urgency", np.int64),
        waiting_days=values_of("waiting_days", np.int64),
        latitude_degrees=values_of("latitude_degrees", np.float64),
        longitude_degrees=values_of("longitude_degrees", np.float64),
        latitude_radians=values_of("latitude_radians", np.float64),
        longitude_radians=values_of("longitude_radians", np.float64),
        cos_latitude=values_of("cos_latitude", np.float64),
        day_mode_codes=day_mode_codes,
        accepts_online=values_of("accepts_online", np.bool_),
        is_online_only=values_of("is_online_only", np.bool_),
        slot_languages=slot_languages,
        slot_levels=slot_levels,
        first_language=values_of("first_language", np.int64),
        wants_language_practice=values_of("wants_language_practice", np.bool_),
        need_masks=np.array([request.need_mask for request in encoded], np.uint64),
        term_bits=np.array(
            [
                sum({1 << (column % 64) for column in request.interest_columns})
                for request in encoded
            ],
            np.uint64,
        ),
        need_counts=values_of("need_count", np.int64),
        hours_wanted=hours_wanted,
        involves_minors=values_of("involves_minors", np.bool_),
        excluded_starts=excluded_starts,
        excluded_rows=np.array([row for r in encoded for row in r.excluded_rows], np.int64),
        interests=sparse.csr_matrix(
            (
                np.array([value for r in encoded for value in r.interest_values], np.float64),
                np.array([c for r in encoded for c in r.interest_columns], np.int64),
                interest_starts,
            ),
            shape=(count, len(pool.table.terms)),
        ),
    )


def _layout_rows_of(pool: Pool, volunteer_ids: Collection[int]) -> tuple[int, ...]:
    """Ascending layout rows of the given volunteer ids that are matchable in `pool`."""
    if not volunteer_ids:
        return ()
    wanted = np.unique(np.fromiter(volunteer_ids, np.int64))
    table_ids = pool.table.ids
    found = np.searchsorted(table_ids, wanted)
    inside = found < table_ids.size
    found = found[inside]
    found = found[table_ids[found] == wanted[inside]]
    rows = pool.layout_row_of_table_row[found]
    return tuple(sorted(int(row) for row in rows if row >= 0))
