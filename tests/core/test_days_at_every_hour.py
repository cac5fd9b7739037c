"""Every rule that counts days, run at the instants where UTC and Warsaw disagree (#16).

Each test freezes the clock at 07:00, 00:20 and 23:50 Warsaw, on the nights the clocks go
forward and back, and on 29 February 2028 (`at_every_hour`), builds its world in local
calendar days relative to that instant, and lets the code find "today" itself.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from rest_framework.test import APIClient

from accounts.models import Notification, Program, User
from commitments.checkins import check_in_log
from core import clock
from matching.models import Match
from privacy.retention import retention_sweep
from reports.statistics import program_statistics
from tests.commitments.sweep_cast import running_match
from tests.instants import WARSAW, days_ago
from tests.matching.matches_cast import active, open_request, ready_volunteer
from tests.privacy.test_retention import closed_pair
from tests.training.training_cast import mentor, module
from training.lapses import lapse_reminders_send
from training.models import TrainingCompletion

pytestmark = pytest.mark.django_db


def monitor() -> str:
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("monitor_commitments", stdout=out)
    return out.getvalue()


def test_quiet_days_and_survey_days_are_counted_on_the_local_calendar(
    at_every_hour: datetime, program: Program
) -> None:
    today = clock.today()
    twenty = running_match(program, started_on=today - timedelta(days=20), volunteer_name="A")
    reminded = running_match(
        program, started_on=today - timedelta(days=21), volunteer_name="B", newcomer_name="Б"
    )
    at_risk = running_match(
        program, started_on=today - timedelta(days=35), volunteer_name="C", newcomer_name="В"
    )

    output = monitor()

    # Day 21 reminds, day 35 flags (and reminds, first seen), day 30 or later sends survey 1.
    assert output.startswith(
        f"{today.isoformat()}: 2 reminded, 1 at risk, 0 completed, 0 commitment unmet, 1 surveys"
    )
    reminded_ids = set(
        Notification.objects.filter(kind="match_reminder").values_list("key", flat=True)
    )
    assert {key.split(":")[1] for key in reminded_ids} == {str(reminded.pk), str(at_risk.pk)}
    assert str(twenty.pk) not in {key.split(":")[1] for key in reminded_ids}


def test_a_match_approved_now_starts_today_here_and_ends_whole_months_later(
    at_every_hour: datetime, program: Program, coordinator: User
) -> None:
    match = active(open_request(program), ready_volunteer(program), coordinator)

    today = at_every_hour.astimezone(WARSAW).date()
    assert match.started_on == today
    assert match.commitment_ends_on == today + relativedelta(months=program.commitment_months)


def test_a_check_in_today_here_is_accepted_and_tomorrow_is_refused(
    at_every_hour: datetime, program: Program, coordinator: User
) -> None:
    volunteer = ready_volunteer(program)
    match = active(open_request(program), volunteer, coordinator)
    today = at_every_hour.astimezone(WARSAW).date()
    data = {"duration_minutes": 30, "mode": "in_person", "topics": []}

    check_in = check_in_log(match=match, by=volunteer.user, data={**data, "date": today})
    with pytest.raises(ValidationError) as refused:
        check_in_log(match=match, by=volunteer.user, data={**data, "date": today + timedelta(1)})

    assert check_in.date == today
    assert "date" in refused.value.message_dict


def test_a_lapse_exactly_30_days_ahead_is_reminded_and_31_is_not_yet(
    at_every_hour: datetime, program: Program, django_capture_on_commit_callbacks: object
) -> None:
    today = clock.today()
    for name, days in (("Anna Kowalska", 30), ("Piotr Nowak", 31)):
        volunteer = mentor(program, name)
        TrainingCompletion.objects.create(
            program=program,
            volunteer=volunteer,
            module=module(program, f"Moduł {days}", validity_months=12),
            completed_on=today - timedelta(days=300),
            expires_on=today + timedelta(days=days),
        )

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        sent = lapse_reminders_send()

    assert sent == 1
    reminded = Notification.objects.get(kind="training_lapse").user
    assert reminded is not None and reminded.full_name == "Anna Kowalska"


def test_retention_counts_whole_months_back_from_today_here(
    at_every_hour: datetime, program: Program
) -> None:
    cutoff = clock.today() - relativedelta(months=program.retention_months)
    old = closed_pair(program, ended_on=cutoff - timedelta(days=1), name="Stara Sprawa")
    kept = closed_pair(program, ended_on=cutoff, name="Nowa Sprawa")

    result = retention_sweep()

    assert result.matches == 1
    assert Match.objects.get(pk=old.pk).reason == ""
    assert Match.objects.get(pk=kept.pk).reason == "Powód"


def test_the_waiting_filter_counts_calendar_days(
    at_every_hour: datetime, program: Program, coordinator: User
) -> None:
    late_evening = open_request(program, "Ołena", waiting_since=days_ago(7, at=time(23, 55)))
    early_morning = open_request(program, "Iwan", waiting_since=days_ago(6, at=time(0, 5)))
    client = APIClient()
    client.force_login(coordinator)

    found = client.get("/api/v1/requests/", {"waiting_days_min": 7}).json()

    ids = {row["id"] for row in found["results"]}
    assert late_evening.pk in ids
    assert early_morning.pk not in ids


def test_the_report_counts_the_year_here_by_default(
    at_every_hour: datetime, program: Program, coordinator: User
) -> None:
    client = APIClient()
    client.force_login(coordinator)

    response = client.get(f"/api/v1/programs/{program.slug}/stats/")

    assert response.status_code == 200
    assert response.json()["year"] == at_every_hour.astimezone(WARSAW).year


def test_a_request_made_just_after_midnight_here_counts_in_the_new_month(
    program: Program,
) -> None:
    # 00:20 on 1 March in Warsaw is still 28 February in UTC.
    first_of_march = datetime(2027, 3, 1, 0, 20, tzinfo=WARSAW)
    with time_machine.travel(first_of_march, tick=False):
        open_request(program)
    with time_machine.travel(first_of_march + timedelta(days=1), tick=False):
        months = program_statistics(program=program, year=2027).by_month

    received = {month["month"]: month["requests_received"] for month in months}
    assert (received["2027-02"], received["2027-03"]) == (0, 1)
