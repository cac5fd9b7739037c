"""Hours are right: the check-ins' minutes add up to the same hours on the volunteer's
confirmation of service, in the impact report and in the export; a coordinator's correction
of a duration (audited) moves all three."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any, cast

import pytest
import time_machine
from auditlog.models import LogEntry
from django.http import StreamingHttpResponse
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Program, User
from commitments.hours import hours_of
from commitments.models import CheckIn
from reports.impact import public_figures
from reports.statistics import program_statistics
from tests.certificates.certificates_cast import checked_in, match_of, resident
from tests.clients import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_december_2026() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 12, 7, 11, 0, tzinfo=UTC), tick=False):
        yield


def _export_minutes(client: APIClient) -> tuple[list[int], list[float]]:
    response = client.get("/api/v1/exports/matches.csv?program=warszawa")
    assert response.status_code == 200
    streamed = cast(StreamingHttpResponse, response)
    text = b"".join(cast(Iterator[bytes], streamed.streaming_content)).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text[1:])))
    header, body = rows[0], rows[1:]
    minutes = [int(row[header.index("check-in minutes")]) for row in body]
    hours = [float(row[header.index("check-in hours")]) for row in body]
    return minutes, hours


def _three_figures(program: Program, volunteer_client: APIClient, by: User) -> dict[str, Any]:
    confirmation = volunteer_client.post(reverse("volunteer-me-service-confirmation"))
    assert confirmation.status_code in (200, 201), confirmation.content
    minutes, row_hours = _export_minutes(signed_in(by))
    statistics = program_statistics(program=program, year=2026)
    return {
        "confirmation": hours_of(confirmation.json()["details"]["minutes"]),
        "report": statistics.check_in_hours,
        "published": public_figures(statistics)["check_in_hours"],
        "export": hours_of(sum(minutes)),
        "export_rows": row_hours,
        "export_minutes": minutes,
    }


def test_the_confirmation_the_impact_report_and_the_export_agree_after_a_correction(
    program: Program, coordinator: User
) -> None:
    volunteer = resident(program)
    first = match_of(volunteer, started_on=date(2026, 3, 2), ends_on=date(2026, 9, 2))
    second = match_of(volunteer, status="active", started_on=date(2026, 9, 14))
    # Awkward minutes: each pairing rounds on its own (0.2 + 0.2 h) unlike their sum (0.3 h).
    checked_in(first, 10, 50, 95)
    checked_in(second, 10, 600)  # 600: ten hours typed for a three-hour meeting
    mistyped = CheckIn.objects.get(match=second, duration_minutes=600)
    volunteer_client = signed_in(volunteer.user)

    before = _three_figures(program, volunteer_client, coordinator)
    assert before["confirmation"] == before["report"] == before["export"] == hours_of(765)

    corrected = signed_in(coordinator).patch(
        reverse("check-in-detail", args=[mistyped.pk]), {"duration_minutes": 180}
    )
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["duration_minutes"] == 180

    after = _three_figures(program, volunteer_client, coordinator)
    total = 10 + 50 + 95 + 10 + 180
    assert after["export_minutes"] == [155, 190]
    assert after["confirmation"] == after["report"] == after["export"] == hours_of(total) == 5.8
    assert after["published"] == math.ceil(after["report"]) == 6  # whole hours, published
    # Rows are each rounded for reading (2.6 + 3.2 here); totals add minutes, not rows.
    assert after["export_rows"] == [hours_of(155), hours_of(190)] == [2.6, 3.2]
    # The correction is in the audit trail, with the value before and after.
    entry = LogEntry.objects.get(
        object_pk=str(mistyped.pk), additional_data__event="duration_corrected"
    )
    assert entry.changes["duration_minutes"] == ["600", "180"]
    assert entry.actor == coordinator


def test_hours_are_added_up_before_they_are_rounded() -> None:
    assert hours_of(0) == 0.0
    assert hours_of(10) + hours_of(10) == 0.4
    assert hours_of(20) == 0.3
    assert hours_of(3) == 0.1  # 0.05 rounds half up
    assert hours_of(90) == 1.5


@pytest.mark.parametrize("role", ["outsider", "volunteer", "newcomer"])
def test_only_the_programmes_coordinator_corrects_a_duration(
    program: Program,
    outsider: User,
    newcomer: User,
    role: str,
) -> None:
    volunteer = resident(program)
    match = match_of(volunteer, status="active")
    checked_in(match, 45)
    check_in = CheckIn.objects.get()
    caller = {"outsider": outsider, "volunteer": volunteer.user, "newcomer": newcomer}[role]

    response = signed_in(caller).patch(
        reverse("check-in-detail", args=[check_in.pk]), {"duration_minutes": 5}
    )

    assert response.status_code == {"outsider": 404, "volunteer": 403, "newcomer": 403}[role]
    assert CheckIn.objects.get().duration_minutes == 45


def test_a_duration_outside_a_day_is_refused_at_the_field(
    program: Program, coordinator: User
) -> None:
    volunteer = resident(program)
    checked_in(match_of(volunteer, status="active"), 45)
    check_in = CheckIn.objects.get()

    for value in (0, 1441, "dużo"):
        response = signed_in(coordinator).patch(
            reverse("check-in-detail", args=[check_in.pk]), {"duration_minutes": value}
        )
        assert response.status_code == 400
        assert list(response.json()) == ["duration_minutes"]
