"""`queries_for_few_and_many`: a list costs the same number of queries for two rows or twenty."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import connection
from django.test.utils import CaptureQueriesContext

Answer = TypeVar("Answer")


def queries_for_few_and_many(
    add: Callable[[range], object], read: Callable[[], Answer], *, few: int = 2, many: int = 20
) -> tuple[int, int, Answer]:
    """`add(range(0, few))` and `read()`, then `add(range(few, many))` and `read()` again
    (`add` writes one row per number, which it may use in names): how many queries each read
    took, and the second read's answer."""
    add(range(few))
    with CaptureQueriesContext(connection) as first:
        read()
    add(range(few, many))
    with CaptureQueriesContext(connection) as second:
        answer = read()
    return len(first), len(second), answer
