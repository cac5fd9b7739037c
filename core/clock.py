""" "Today, here" and "days between": the one place that turns instants into calendar days.

A person counts days on the calendar of the programme's city, not in 24-hour periods: a
request made at 23:50 on Monday has waited one day on Tuesday morning. Every count of days a
person reads or a rule uses goes through `days_between`, and every "today" through `today`,
so the answer is the same at 00:20 and at 23:50, across the nights the clocks change.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone


def now() -> datetime:
    """The current instant (aware); tests move it with time-machine."""
    return timezone.now()


def local_date(moment: datetime | date) -> date:
    """The calendar day an instant falls on in the deployment's time zone (dates pass through)."""
    if isinstance(moment, datetime):
        return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
    return moment


def today() -> date:
    """Today's date in the deployment's time zone (`TIME_ZONE`, Europe/Warsaw by default)."""
    return timezone.localdate()


def days_between(earlier: datetime | date, later: datetime | date | None = None) -> int:
    """Calendar days from `earlier` to `later` (today when omitted), never below zero."""
    end = local_date(later) if later is not None else today()
    return max(0, (end - local_date(earlier)).days)


def days_until(day: date, since: date | None = None) -> int:
    """Calendar days from `since` (today when omitted) to `day`: negative once it has passed."""
    return (day - (since if since is not None else today())).days


def start_of(day: date) -> datetime:
    """The first instant of `day` in the deployment's time zone: "on or after `day`" is
    `>= start_of(day)`, "before `day`" is `< start_of(day)`."""
    return timezone.make_aware(datetime.combine(day, time.min))
