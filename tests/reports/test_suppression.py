"""Small-count suppression: no published figure is from 1 to 4, and no single hidden cell can
be recovered from a breakdown."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.impact import public_figures
from reports.statistics import ProgramStatistics
from reports.suppression import (
    FEWER_THAN_FIVE,
    published_breakdown,
    published_count,
    published_hours,
)


@pytest.mark.parametrize(
    ("count", "published"),
    [(0, 0), (1, FEWER_THAN_FIVE), (4, FEWER_THAN_FIVE), (5, 5), (120, 120)],
)
def test_counts_from_one_to_four_become_fewer_than_five(count: int, published: object) -> None:
    assert published_count(count) == published


def test_hours_are_rounded_up_before_they_are_suppressed() -> None:
    assert published_hours(0) == 0
    assert published_hours(0.2) == FEWER_THAN_FIVE
    assert published_hours(4.1) == 5
    assert published_hours(12.0) == 12


def test_a_single_hidden_cell_takes_the_next_smallest_with_it() -> None:
    published = published_breakdown({"uk": 40, "vi": 3, "ru": 7, "be": 0, "ka": 9})

    assert published == {"uk": 40, "vi": FEWER_THAN_FIVE, "ru": FEWER_THAN_FIVE, "be": 0, "ka": 9}


def test_two_hidden_cells_need_no_more() -> None:
    published = published_breakdown({"uk": 40, "vi": 3, "ru": 2, "ka": 9})

    assert published == {"uk": 40, "vi": FEWER_THAN_FIVE, "ru": FEWER_THAN_FIVE, "ka": 9}


def test_a_breakdown_without_small_cells_is_published_as_it_is() -> None:
    assert published_breakdown({"uk": 40, "ru": 7, "be": 0}) == {"uk": 40, "ru": 7, "be": 0}


counts = st.integers(min_value=0, max_value=60)
cells = st.dictionaries(st.sampled_from(["uk", "ru", "vi", "be", "ka", "ar", "en"]), counts)


@st.composite
def statistics(draw: st.DrawFn) -> ProgramStatistics:
    return ProgramStatistics(
        year=2025,
        volunteers_registered=draw(counts),
        volunteers_trained=draw(counts),
        volunteers_mentoring=draw(counts),
        newcomers_supported=draw(counts),
        requests_open=draw(counts),
        requests_received=draw(counts),
        matches_active=draw(counts),
        matches_started=draw(counts),
        commitments_completed=draw(counts),
        certificates_issued=draw(counts),
        check_in_hours=draw(st.floats(min_value=0, max_value=500, allow_nan=False)),
        by_need=draw(cells),
        by_language=draw(cells),
        by_district=draw(st.dictionaries(st.sampled_from(["Mokotów", "Wola", "Praga"]), counts)),
        by_month=[
            {
                "month": f"2025-{month:02d}",
                "matches_started": draw(counts),
                "commitments_completed": draw(counts),
                "requests_received": draw(counts),
                "check_in_hours": draw(st.floats(min_value=0, max_value=80, allow_nan=False)),
            }
            for month in range(1, 13)
        ],
    )


def _numbers(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [number for item in value.values() for number in _numbers(item)]
    if isinstance(value, list):
        return [number for item in value for number in _numbers(item)]
    return [value]


@given(statistics())
def test_no_published_figure_is_from_one_to_four(figures: ProgramStatistics) -> None:
    published = public_figures(figures)
    published.pop("year")
    for month in published["by_month"]:
        month.pop("month")

    for value in _numbers(published):
        assert value == FEWER_THAN_FIVE or (isinstance(value, int) and not 1 <= value <= 4)


@given(cells)
def test_no_breakdown_hides_exactly_one_cell_when_another_could_give_it_away(
    breakdown: dict[str, int],
) -> None:
    published = published_breakdown(breakdown)

    hidden = [key for key, value in published.items() if value == FEWER_THAN_FIVE]
    non_zero = [key for key, count in breakdown.items() if count > 0]
    assert len(hidden) != 1 or non_zero == hidden
