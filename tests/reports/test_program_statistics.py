"""`program_statistics`: every figure against a year computed by hand, in a fixed number of
queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Program, User
from reports.statistics import program_statistics
from tests.reports.reports_cast import KNOWN_2025, year_2025
from training.models import TrainingModule
from training.services import CompletionEntry, completions_record

# Required modules, registered and trained volunteers (one aggregate), the match aggregate (with
# by_need), by_language, by_district, four monthly series, open requests, certificates,
# safeguarding concerns.
STATISTICS_QUERIES = 12


def test_every_figure_of_a_past_year_matches_the_hand_computed_answer(program: Program) -> None:
    year_2025(program)

    statistics = program_statistics(program=program, year=2025)

    # Safeguarding counts are published, never in the coordinators' API (KNOWN_2025's shape).
    assert statistics.as_dict() == {**KNOWN_2025, "concerns_raised": 0, "concerns_closed": 0}


def test_in_the_current_year_the_cut_off_is_today(program: Program) -> None:
    year_2025(program)

    statistics = program_statistics(program=program, year=2025, today=date(2025, 8, 15))

    assert statistics.volunteers_trained == 2  # Piotr's completion had not expired yet
    assert statistics.matches_active == 1  # Taras's match had ended on 1 July


def test_another_programmes_rows_never_count(program: Program, other_program: Program) -> None:
    year_2025(other_program)

    statistics = program_statistics(program=program, year=2025)

    assert statistics.volunteers_registered == 0
    assert statistics.newcomers_supported == 0
    assert statistics.check_in_hours == 0
    assert statistics.by_need == {}


def test_the_query_count_does_not_grow_with_the_data(
    program: Program, other_program: Program, django_assert_num_queries: object
) -> None:
    year_2025(program)

    with django_assert_num_queries(STATISTICS_QUERIES):  # type: ignore[operator]
        program_statistics(program=program, year=2025)
    with django_assert_num_queries(STATISTICS_QUERIES):  # type: ignore[operator]
        program_statistics(program=other_program, year=2025)


@pytest.mark.parametrize("year", [1999, 2100])
def test_a_year_out_of_range_is_refused_naming_year(program: Program, year: int) -> None:
    with pytest.raises(ValidationError) as refused:
        program_statistics(program=program, year=year, today=date(2026, 3, 1))

    assert list(refused.value.message_dict) == ["year"]


def test_the_cached_trained_count_follows_every_recorded_completion(
    program: Program, coordinator: User, django_assert_num_queries: object
) -> None:
    """The trained count is kept between views: the same figures in the same queries, and a
    completion recorded since counts at once."""
    story = year_2025(program)
    day = date(2025, 8, 15)
    first = program_statistics(program=program, year=2025, today=day)

    with django_assert_num_queries(STATISTICS_QUERIES):  # type: ignore[operator]
        again = program_statistics(program=program, year=2025, today=day)
    assert again == first
    assert first.volunteers_trained == 2

    basics = TrainingModule.objects.get(program=program, title="Podstawy")
    entry = CompletionEntry(volunteer_id=story.ewa.pk, module=basics, completed_on=date(2025, 8, 1))
    completions_record(entries=[entry], by=coordinator)

    assert program_statistics(program=program, year=2025, today=day).volunteers_trained == 3
    # Piotr's completion expired on 1 October: another cut-off day is counted on its own.
    later = date(2025, 10, 2)
    assert program_statistics(program=program, year=2025, today=later).volunteers_trained == 2
