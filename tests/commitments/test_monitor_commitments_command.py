"""`manage.py monitor_commitments [--as-of YYYY-MM-DD]`: the daily sweep for operators."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import TestCase

from accounts.models import Notification, Program
from matching.models import Match, MatchHealth
from tests.commitments.sweep_cast import keys, running_match

pytestmark = pytest.mark.django_db


def monitor(*args: str) -> str:
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("monitor_commitments", *args, stdout=out)
    return out.getvalue()


def test_it_sweeps_the_day_it_is_given_and_prints_the_counts(program: Program) -> None:
    match = running_match(program, started_on=date(2027, 3, 1))

    output = monitor("--as-of", "2027-03-22")

    assert output == (
        "2027-03-22: 1 reminded, 0 at risk, 0 completed, 0 commitment unmet, 0 surveys; "
        "2 e-mails stored\n"
    )
    assert Match.objects.get(pk=match.pk).health == MatchHealth.REMINDED


def test_a_second_run_for_the_same_day_changes_nothing(program: Program) -> None:
    running_match(program, started_on=date(2027, 3, 1))
    monitor("--as-of", "2027-03-22")

    output = monitor("--as-of", "2027-03-22")

    assert output.startswith("2027-03-22: 0 reminded, 0 at risk, 0 completed")
    assert Notification.objects.count() == 2


@pytest.mark.parametrize("value", ["2027-02-30", "22.03.2027", "tomorrow"])
def test_a_bad_date_is_refused_naming_the_option(program: Program, value: str) -> None:
    running_match(program, started_on=date(2027, 3, 1))

    with pytest.raises(CommandError, match=r"^--as-of: .* YYYY-MM-DD"):
        monitor("--as-of", value)

    assert Notification.objects.count() == 0


def test_without_as_of_it_is_today_in_warsaw_just_after_midnight(program: Program) -> None:
    match = running_match(program, started_on=date(2027, 3, 1))

    with time_machine.travel(datetime(2027, 3, 21, 22, 30, tzinfo=UTC), tick=False):
        assert monitor().startswith("2027-03-21: 0 reminded")  # 23:30 in Warsaw

    with time_machine.travel(datetime(2027, 3, 21, 23, 30, tzinfo=UTC), tick=False):
        assert monitor().startswith("2027-03-22: 1 reminded")  # 00:30 in Warsaw, day 21

    assert keys("match_reminder") == sorted(
        f"match-reminder:{match.pk}:{user.pk}:2027-03-01"
        for user in (match.volunteer.user, match.newcomer.user)
        if user is not None
    )
