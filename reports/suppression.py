"""Small-count suppression: what the public may read of a programme's figures.

Pure functions on plain data, no Django. The rule, applied to everything an impact report
publishes (and never to the coordinators' own statistics, which stay exact):

- A count of 0 is published as 0; a count from 1 to 4 as the marker FEWER_THAN_FIVE (shown as
  a translated "fewer than 5"); 5 and more as it is. Hours are rounded up to whole hours first,
  so a little activity never reads as 0 and never as "1 hour".
- Breakdowns (by need, language, district, and each monthly series) are suppressed cell by
  cell, and complementarily: when exactly one cell of a breakdown is suppressed, the smallest
  other non-zero cell is suppressed too (ties broken by key), so that the breakdown's total or
  the other cells cannot be subtracted to recover the hidden one. With two or more hidden cells
  a difference gives only their sum. A breakdown with a single non-zero cell has that cell
  equal to its total, which is suppressed by the same rule wherever it is published.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

FEWER_THAN_FIVE = "fewer than 5"
SMALLEST_PUBLISHED = 5

Published = int | str


def published_count(count: int) -> Published:
    """0 stays 0; 1..4 becomes FEWER_THAN_FIVE; 5 and more are published as they are."""
    if count < 0:
        raise ValueError("A count cannot be negative.")
    if 0 < count < SMALLEST_PUBLISHED:
        return FEWER_THAN_FIVE
    return count


def published_hours(hours: float) -> Published:
    """Hours rounded up to a whole number, then suppressed like a count."""
    return published_count(math.ceil(round(hours, 6)))


def is_suppressed(value: Any) -> bool:
    return value == FEWER_THAN_FIVE


def published_breakdown(cells: Mapping[str, int]) -> dict[str, Published]:
    """Each cell through `published_count`, with the complementary suppression above."""
    published: dict[str, Published] = {key: published_count(count) for key, count in cells.items()}
    hidden = [key for key, value in published.items() if is_suppressed(value)]
    if len(hidden) == 1:
        others = sorted(
            (count, key) for key, count in cells.items() if key not in hidden and count > 0
        )
        if others:
            published[others[0][1]] = FEWER_THAN_FIVE
    return published


def published_series(
    rows: list[dict[str, Any]], key: str, columns: tuple[str, ...]
) -> list[dict[str, Any]]:
    """A table of rows (e.g. months) with each column suppressed as one breakdown."""
    result: list[dict[str, Any]] = [{key: row[key]} for row in rows]
    for column in columns:
        cells = {str(row[key]): _whole(row[column]) for row in rows}
        published = published_breakdown(cells)
        for row, out in zip(rows, result, strict=True):
            out[column] = published[str(row[key])]
    return result


def _whole(value: int | float) -> int:
    return value if isinstance(value, int) else math.ceil(round(value, 6))
