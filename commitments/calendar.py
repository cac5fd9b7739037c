"""The six-month commitment's calendar rules, on plain dates (no database).

Where it ends is the programme's rule (`Program.commitment_end`), set when a match is approved.

- A commitment is cut into months anchored on its start: a start on 31 January gives months
  starting 31 Jan, 28/29 Feb, 31 Mar, 30 Apr, ... (calendar months, clipped to the month's
  last day, never drifting: each boundary is start + n months, not the previous one + 1).
- It is kept when at most `tolerated_gaps` of those months have no check-in.
- A match is quiet from its last check-in, or from its start when there was none; the reminder
  and the at-risk flag are due after the programme's thresholds in whole days.
- Surveys are due 30 days after the start, then every 60 days, while the match runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from core.clock import days_between

FIRST_SURVEY_AFTER_DAYS = 30
SURVEY_EVERY_DAYS = 60


def commitment_months(started_on: date, ends_on: date) -> list[tuple[date, date]]:
    """The commitment's months as half-open [first day, next month's first day) ranges."""
    months: list[tuple[date, date]] = []
    index = 0
    while True:
        first = started_on + relativedelta(months=index)
        if first >= ends_on:
            return months
        following = min(started_on + relativedelta(months=index + 1), ends_on)
        months.append((first, following))
        index += 1


def months_without_check_in(
    started_on: date, ends_on: date, check_in_dates: Iterable[date]
) -> list[tuple[date, date]]:
    dates = sorted(set(check_in_dates))
    return [
        (first, following)
        for first, following in commitment_months(started_on, ends_on)
        if not any(first <= day < following for day in dates)
    ]


def commitment_kept(
    started_on: date, ends_on: date, check_in_dates: Iterable[date], *, tolerated_gaps: int = 1
) -> bool:
    return len(months_without_check_in(started_on, ends_on, check_in_dates)) <= tolerated_gaps


def quiet_since(started_on: date, last_check_in_on: date | None) -> date:
    return last_check_in_on if last_check_in_on is not None else started_on


def quiet_days(started_on: date, last_check_in_on: date | None, as_of: date) -> int:
    return days_between(quiet_since(started_on, last_check_in_on), as_of)


def latest_cutoff(as_of: date, threshold_days: int) -> date:
    """A match quiet since this day or earlier has been quiet `threshold_days` by `as_of`."""
    return as_of - timedelta(days=threshold_days)


def survey_number_due(started_on: date, as_of: date) -> int:
    """How many surveys are due by `as_of` (0 before day 30; 1 from day 30; 2 from day 90 ...)."""
    days = days_between(started_on, as_of)
    if days < FIRST_SURVEY_AFTER_DAYS:
        return 0
    return 1 + (days - FIRST_SURVEY_AFTER_DAYS) // SURVEY_EVERY_DAYS


def progress_share(started_on: date, ends_on: date, as_of: date) -> float:
    """How far along the commitment is, in [0, 1]."""
    total = days_between(started_on, ends_on)
    if total <= 0:
        return 1.0
    return min(days_between(started_on, as_of) / total, 1.0)
