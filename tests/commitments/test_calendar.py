"""The commitment's calendar, with exact dates (month lengths, a start on the 31st)."""

from __future__ import annotations

from datetime import date

from accounts.models import Program
from commitments.calendar import (
    commitment_kept,
    commitment_months,
    months_without_check_in,
    progress_share,
    quiet_days,
    survey_number_due,
)


def test_six_months_from_the_31st_of_august_end_on_the_last_day_of_february() -> None:
    program = Program(commitment_months=6)

    assert program.commitment_end(date(2026, 8, 31)) == date(2027, 2, 28)
    assert program.commitment_end(date(2027, 8, 31)) == date(2028, 2, 29)  # a leap year


def test_months_are_anchored_on_the_start_and_never_drift() -> None:
    months = commitment_months(date(2027, 1, 31), date(2027, 7, 31))

    assert [first for first, _following in months] == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
        date(2027, 6, 30),
    ]
    assert months[-1] == (date(2027, 6, 30), date(2027, 7, 31))


def test_a_check_in_each_month_keeps_the_commitment() -> None:
    check_ins = [date(2027, 3, 5), date(2027, 4, 2), date(2027, 5, 30), date(2027, 6, 1),
                 date(2027, 7, 15), date(2027, 8, 31)]  # fmt: skip

    assert commitment_kept(date(2027, 3, 1), date(2027, 9, 1), check_ins)
    assert months_without_check_in(date(2027, 3, 1), date(2027, 9, 1), check_ins) == []


def test_one_quiet_month_is_tolerated_two_are_not() -> None:
    start, end = date(2027, 3, 1), date(2027, 9, 1)
    one_gap = [date(2027, 3, 5), date(2027, 5, 2), date(2027, 6, 1), date(2027, 7, 1),
               date(2027, 8, 1)]  # fmt: skip
    two_gaps = [date(2027, 3, 5), date(2027, 5, 2), date(2027, 7, 1), date(2027, 8, 1)]

    assert commitment_kept(start, end, one_gap)
    assert not commitment_kept(start, end, two_gaps)
    assert months_without_check_in(start, end, two_gaps) == [
        (date(2027, 4, 1), date(2027, 5, 1)),
        (date(2027, 6, 1), date(2027, 7, 1)),
    ]
    assert commitment_kept(start, end, two_gaps, tolerated_gaps=2)


def test_a_check_in_on_the_boundary_counts_for_the_month_it_opens() -> None:
    start, end = date(2027, 1, 31), date(2027, 3, 31)

    assert months_without_check_in(start, end, [date(2027, 2, 28)]) == [
        (date(2027, 1, 31), date(2027, 2, 28))
    ]


def test_quiet_days_count_from_the_last_check_in_or_the_start() -> None:
    assert quiet_days(date(2027, 3, 1), None, date(2027, 3, 22)) == 21
    assert quiet_days(date(2027, 3, 1), date(2027, 3, 10), date(2027, 3, 31)) == 21


def test_surveys_come_on_day_30_then_every_60_days() -> None:
    start = date(2027, 1, 31)

    assert survey_number_due(start, date(2027, 3, 1)) == 0  # day 29
    assert survey_number_due(start, date(2027, 3, 2)) == 1  # day 30
    assert survey_number_due(start, date(2027, 4, 30)) == 1  # day 89
    assert survey_number_due(start, date(2027, 5, 1)) == 2  # day 90


def test_progress_is_a_share_of_the_commitment() -> None:
    assert progress_share(date(2027, 1, 1), date(2027, 7, 1), date(2027, 4, 1)) == 90 / 181
    assert progress_share(date(2027, 1, 1), date(2027, 7, 1), date(2028, 1, 1)) == 1.0
