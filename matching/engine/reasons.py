"""Why a volunteer suits a request, as reason codes with parameters; never sentences.

Wording belongs to the translated layer. Reasons come most important first, in this fixed
order, each group ordered as stated:
1. `shared_language` {language, level}: every usable shared language, the level the two share
   (the lower of both), best level first, then by code;
2. `speaks_first_language` {language, level}: the volunteer's level in the newcomer's first
   language;
3. `practises_polish` {level}: for a `language_practice` need, the volunteer's Polish;
4. `covers_need` {need}: each need the volunteer offers, in the request's order;
5. `distance_km` {km} (one decimal) when the two can meet in person (within reach), else
   `online` {} when both offer online meetings, else nothing (an in-person pair whose
   distance is unknown: a side has no coordinates);
6. `shared_interest` {interest}: shared interest terms, rarest in the pool first, then by term;
7. `shared_days` {days}: the days both offer, Monday first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matching.engine.encoding import (
    DAYS,
    LEVEL_NAMES,
    MODE_SHIFT,
    POLISH,
    USABLE_LEVEL,
    EncodedRequest,
    Pool,
    RequestInput,
)

REASON_CODES: tuple[str, ...] = (
    "shared_language",
    "speaks_first_language",
    "practises_polish",
    "covers_need",
    "distance_km",
    "online",
    "shared_interest",
    "shared_days",
)


@dataclass(frozen=True)
class Reason:
    code: str
    params: Mapping[str, object]


@dataclass(frozen=True)
class RequestFacts:
    """What the reasons need to know about one request, looked up once per ranking."""

    languages: tuple[tuple[str, int, int], ...]  # usable: (code, pool column, request level)
    first_language: tuple[str, int] | None  # (code, pool column)
    polish_column: int  # -1 unless a language_practice need meets a pool with Polish speakers
    needs: tuple[tuple[str, int], ...]  # offered by someone in the pool: (need, skill column)
    terms: tuple[tuple[str, int], ...]  # known to the pool: (term, column), rarest first
    day_mask: int

    @classmethod
    def of(cls, pool: Pool, request: RequestInput, encoded: EncodedRequest) -> RequestFacts:
        """The facts of `request`, read off `encoded` (`encode_request` for `pool`) where it
        holds them, so nothing is parsed twice."""
        languages, terms, idf = pool.table.languages, pool.table.terms, pool.idf_values
        first = encoded.first_language
        return cls(
            languages=tuple((languages[column], column, level) for column, level in encoded.slots),
            first_language=(languages[first], first) if first >= 0 else None,
            polish_column=pool.language_index.get(POLISH, -1)
            if encoded.wants_language_practice
            else -1,
            needs=tuple(
                (need, pool.skill_index[need])
                for need in dict.fromkeys(request.needs)
                if need in pool.skill_index
            ),
            terms=tuple(
                sorted(
                    ((terms[column], column) for column in encoded.interest_columns),
                    key=lambda pair: (-idf[pair[1]], pair[0]),
                )
            ),
            day_mask=encoded.day_mode_code & ((1 << MODE_SHIFT) - 1),
        )


_DAY_LISTS: tuple[tuple[str, ...], ...] = tuple(
    tuple(day for bit, day in enumerate(DAYS) if mask >> bit & 1) for mask in range(1 << len(DAYS))
)


def reasons_for(
    pool: Pool,
    request: RequestFacts,
    table_row: int,
    *,
    distance_km: float | None,
    meets_online: bool,
) -> tuple[Reason, ...]:
    """Reasons for the volunteer in `table_row` of the pool's table.

    `distance_km` is the distance when the pair is within in-person reach, else None;
    `meets_online` whether both sides offer online meetings.
    """
    return reasons_for_rows(pool, request, [table_row], [distance_km], [meets_online])[0]


def reasons_for_rows(
    pool: Pool,
    request: RequestFacts,
    table_rows: Sequence[int],
    distances_km: Sequence[float | None],
    meets_online: Sequence[bool],
) -> list[tuple[Reason, ...]]:
    """`reasons_for` of several volunteers at once; equal reasons are one shared object."""
    table = pool.table
    # Equal reasons are made once and looked up before their parameters are built: most
    # volunteers of one ranking share most of them.
    need_reasons = [Reason("covers_need", {"need": need}) for need, _ in request.needs]
    term_reasons = [
        (column, Reason("shared_interest", {"interest": term})) for term, column in request.terms
    ]
    all_levels: list[list[int]] = table.levels[table_rows].tolist()
    need_columns = [column for _, column in request.needs]
    all_skills: list[list[bool]] = table.skill_matrix[table_rows][:, need_columns].tolist()
    all_days: list[int] = table.days[table_rows].tolist()
    matrix = table.term_matrix
    term_starts: list[int] = matrix.indptr[table_rows].tolist()
    term_stops: list[int] = matrix.indptr[np.asarray(table_rows) + 1].tolist()
    indices = matrix.indices
    # The reasons made so far, per code, keyed by what varies.
    languages_made: dict[tuple[int, str], Reason] = {}
    levels_made: dict[tuple[str, int], Reason] = {}
    km_made: dict[float, Reason] = {}
    days_made: dict[int, Reason] = {}
    online_reason = Reason("online", {})
    first = request.first_language
    polish_column = request.polish_column
    day_mask = request.day_mask
    results = []
    for levels, skills, days, term_start, term_stop, distance_km, online in zip(
        all_levels,
        all_skills,
        all_days,
        term_starts,
        term_stops,
        distances_km,
        meets_online,
        strict=True,
    ):
        # Best level first, then by code: (-level, code) sorts that way.
        shared = sorted(
            [
                (-min(levels[column], level), code)
                for code, column, level in request.languages
                if levels[column] >= USABLE_LEVEL
            ]
        )
        reasons: list[Reason] = []
        for pair in shared:
            found = languages_made.get(pair)
            if found is None:
                found = languages_made[pair] = Reason(
                    "shared_language", {"language": pair[1], "level": LEVEL_NAMES[-pair[0]]}
                )
            reasons.append(found)
        if first is not None and levels[first[1]] >= USABLE_LEVEL:
            code_level = ("speaks_first_language", levels[first[1]])
            found = levels_made.get(code_level)
            if found is None:
                found = levels_made[code_level] = Reason(
                    code_level[0], {"language": first[0], "level": LEVEL_NAMES[code_level[1]]}
                )
            reasons.append(found)
        if polish_column >= 0 and levels[polish_column] >= USABLE_LEVEL:
            code_level = ("practises_polish", levels[polish_column])
            found = levels_made.get(code_level)
            if found is None:
                found = levels_made[code_level] = Reason(
                    code_level[0], {"level": LEVEL_NAMES[code_level[1]]}
                )
            reasons.append(found)
        if need_reasons:
            reasons += [
                need_reason
                for need_reason, offered in zip(need_reasons, skills, strict=True)
                if offered
            ]
        # Only what is true of the pair: a distance when they can meet in person, "online"
        # only when both offer it; an in-person pair of unknown distance gets neither.
        if distance_km is not None:
            km = round(distance_km, 1)
            found = km_made.get(km)
            if found is None:
                found = km_made[km] = Reason("distance_km", {"km": km})
            reasons.append(found)
        elif online:
            reasons.append(online_reason)
        if term_reasons:
            columns = set(indices[term_start:term_stop].tolist())
            reasons += [term_reason for column, term_reason in term_reasons if column in columns]
        shared_days = day_mask & days
        if shared_days:
            found = days_made.get(shared_days)
            if found is None:
                found = days_made[shared_days] = Reason(
                    "shared_days", {"days": list(_DAY_LISTS[shared_days])}
                )
            reasons.append(found)
        results.append(tuple(reasons))
    return results
