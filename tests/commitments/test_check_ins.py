"""POST and GET /api/v1/matches/{id}/check-ins/ and `check_in_log`: who may log a meeting,
which dates count, and what a check-in does to its match."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from accounts.models import Notification, Program, Role, User
from commitments.models import CheckIn
from matching.models import Match
from tests.clients import signed_in
from tests.factories import member
from tests.matching.matches_cast import active, check_ins, open_request, proposed, ready_volunteer
from tests.queries import queries_for_few_and_many
from tests.unchanged import nothing_changes

# 1 April 2027 in Warsaw (UTC+2 from 28 March).
APRIL_FIRST = "2027-04-01T10:00:00+02:00"


@pytest.fixture
def on_april_first() -> Iterator[None]:
    with time_machine.travel(APRIL_FIRST, tick=False):
        yield


def pair(
    program: Program,
    volunteer: User,
    newcomer: User,
    coordinator: User,
    started_on: date = date(2027, 3, 1),
) -> Match:
    return active(
        open_request(program, user=newcomer, needs=["admin_procedures", "housing"]),
        ready_volunteer(program, user=volunteer),
        coordinator,
        started_on=started_on,
    )


def meeting(**changes: Any) -> dict[str, Any]:
    return {
        "date": "2027-03-20",
        "duration_minutes": 60,
        "topics": ["admin_procedures"],
        **changes,
    }


def url(match: Match) -> str:
    return f"/api/v1/matches/{match.pk}/check-ins/"


@pytest.mark.usefixtures("on_april_first")
def test_the_volunteer_logs_a_meeting_and_the_match_moves_on(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)
    Match.objects.filter(pk=match.pk).update(health="at_risk")

    response = signed_in(volunteer, language="en").post(
        url(match),
        meeting(
            mode="online", topics=["housing", "admin_procedures"], note="Urząd", satisfaction=4
        ),
    )

    assert response.status_code == 201
    body = response.json()
    assert {key: body[key] for key in body if key not in ("id", "created_at")} == {
        "match": match.pk,
        "date": "2027-03-20",
        "duration_minutes": 60,
        "mode": "online",
        "topics": ["housing", "admin_procedures"],
        "note": "Urząd",
        "satisfaction": 4,
        "by": volunteer.pk,
        "by_name": "Anna Kowalska",
    }
    match.refresh_from_db()
    assert (match.last_check_in_on, match.health, match.last_satisfaction, match.attention) == (
        date(2027, 3, 20),
        "on_track",
        4,
        "",
    )


@pytest.mark.usefixtures("on_april_first")
def test_mode_defaults_to_in_person_and_note_and_satisfaction_are_optional(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)

    response = signed_in(newcomer, language="en").post(url(match), meeting())

    assert response.status_code == 201
    assert (response.json()["mode"], response.json()["note"], response.json()["satisfaction"]) == (
        "in_person",
        "",
        None,
    )
    match.refresh_from_db()
    assert match.last_satisfaction is None


@pytest.mark.usefixtures("on_april_first")
def test_the_newcomer_and_a_coordinator_of_the_programme_may_log_too(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)

    by_newcomer = signed_in(newcomer, language="en").post(url(match), meeting(date="2027-03-10"))
    by_coordinator = signed_in(coordinator, language="en").post(
        url(match), meeting(date="2027-03-12")
    )

    assert (by_newcomer.status_code, by_coordinator.status_code) == (201, 201)
    assert list(CheckIn.objects.order_by("date").values_list("by", flat=True)) == [
        newcomer.pk,
        coordinator.pk,
    ]


@pytest.mark.usefixtures("on_april_first")
def test_anyone_else_gets_404_and_nothing_is_logged(
    program: Program,
    volunteer: User,
    newcomer: User,
    coordinator: User,
    outsider: User,
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)
    other_volunteer = ready_volunteer(program, "Piotr Nowak")
    active(open_request(program, "Andrii"), other_volunteer, coordinator, date(2027, 3, 1))
    other_newcomer = member(program, Role.NEWCOMER, full_name="Andrii Shevchenko")

    for person in (other_volunteer.user, other_newcomer, outsider):
        client = signed_in(person, language="en")
        assert client.post(url(match), meeting()).status_code == 404
        assert client.get(url(match)).status_code == 404
    assert APIClient().get(url(match)).status_code == 401
    assert signed_in(coordinator, language="en").post(
        "/api/v1/matches/999999/check-ins/", meeting()
    ).status_code == (404)
    assert not CheckIn.objects.exists()


@pytest.mark.usefixtures("on_april_first")
def test_a_date_in_the_future_is_refused_naming_date(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)

    response = signed_in(volunteer, language="en").post(url(match), meeting(date="2027-04-02"))

    assert response.status_code == 400
    assert response.json() == {"date": ["A check-in cannot be in the future."]}
    assert not CheckIn.objects.exists()


@pytest.mark.usefixtures("on_april_first")
def test_a_date_before_the_start_is_refused_and_the_start_day_itself_is_allowed(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator, started_on=date(2027, 3, 1))
    client = signed_in(volunteer, language="en")

    before = client.post(url(match), meeting(date="2027-02-28"))
    on_the_day = client.post(url(match), meeting(date="2027-03-01"))

    assert before.status_code == 400
    assert before.json() == {"date": ["A check-in cannot be before the match started."]}
    assert on_the_day.status_code == 201
    assert list(CheckIn.objects.values_list("date", flat=True)) == [date(2027, 3, 1)]


def test_today_is_the_day_in_warsaw_not_in_utc(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    with time_machine.travel("2027-03-31T12:00:00+02:00", tick=False):
        match = pair(program, volunteer, newcomer, coordinator)
        client = signed_in(volunteer, language="en")

    # 23:30 on 31 March in Warsaw: 1 April is still tomorrow.
    with time_machine.travel("2027-03-31 21:30:00+00:00", tick=False), nothing_changes():
        too_early = client.post(url(match), meeting(date="2027-04-01"))
    # 00:30 on 1 April in Warsaw, still 31 March in UTC.
    with time_machine.travel("2027-03-31 22:30:00+00:00", tick=False):
        on_time = client.post(url(match), meeting(date="2027-04-01"))

    assert too_early.status_code == 400
    assert too_early.json() == {"date": ["A check-in cannot be in the future."]}
    assert on_time.status_code == 201


@pytest.mark.usefixtures("on_april_first")
def test_a_match_that_is_not_active_is_a_conflict(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    waiting = proposed(open_request(program, user=newcomer), ready_volunteer(program), coordinator)
    ended = pair(program, volunteer, member(program, Role.NEWCOMER), coordinator)
    Match.objects.filter(pk=ended.pk).update(status="ended", ended_on=date(2027, 3, 25))

    for match in (waiting, ended):
        response = signed_in(coordinator, language="en").post(url(match), meeting())
        assert response.status_code == 409
        assert response.json() == {"detail": "Check-ins can be logged only for an active match."}
    assert not CheckIn.objects.exists()


@pytest.mark.usefixtures("on_april_first")
def test_invalid_fields_are_all_named(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)

    response = signed_in(volunteer, language="en").post(
        url(match),
        {
            "date": "soon",
            "duration_minutes": 0,
            "topics": ["karaoke"],
            "mode": "letter",
            "satisfaction": 6,
        },
    )

    assert response.status_code == 400
    assert sorted(response.json()) == [
        "date",
        "duration_minutes",
        "mode",
        "satisfaction",
        "topics",
    ]
    assert not CheckIn.objects.exists()


@pytest.mark.usefixtures("on_april_first")
def test_an_older_check_in_never_moves_the_last_check_in_backwards(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)
    client = signed_in(volunteer, language="en")

    client.post(url(match), meeting(date="2027-03-25", satisfaction=5))
    client.post(url(match), meeting(date="2027-03-05", satisfaction=3))

    match.refresh_from_db()
    assert (match.last_check_in_on, match.last_satisfaction) == (date(2027, 3, 25), 5)


@pytest.mark.usefixtures("on_april_first")
def test_a_low_satisfaction_flags_the_match_and_emails_each_coordinator_once_a_day(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    second = member(program, Role.COORDINATOR, full_name="Marek Lis")
    match = pair(program, volunteer, newcomer, coordinator)
    client = signed_in(newcomer, language="en")

    client.post(url(match), meeting(satisfaction=2, note="Nie przyszedł na spotkanie"))
    client.post(url(match), meeting(date="2027-03-21", satisfaction=1))

    match.refresh_from_db()
    assert (match.attention, match.attention_note, match.last_satisfaction) == (
        "low_satisfaction",
        "",
        1,
    )
    assert match.attention_at is not None
    alerts = Notification.objects.filter(kind="match_low_satisfaction")
    assert sorted(alerts.values_list("key", flat=True)) == [
        f"match-low-satisfaction:{match.pk}:{coordinator.pk}:2027-04-01",
        f"match-low-satisfaction:{match.pk}:{second.pk}:2027-04-01",
    ]
    body = alerts.get(user=coordinator).body
    assert "Nie przyszedł na spotkanie" in body
    assert f"/matches/{match.pk}/" in body


@pytest.mark.usefixtures("on_april_first")
def test_a_low_satisfaction_does_not_replace_a_request_for_a_change(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)
    Match.objects.filter(pk=match.pk).update(
        attention="change_requested", attention_note="Proszę o kogoś innego"
    )

    signed_in(volunteer, language="en").post(url(match), meeting(satisfaction=1))

    match.refresh_from_db()
    assert (match.attention, match.attention_note, match.last_satisfaction) == (
        "change_requested",
        "Proszę o kogoś innego",
        1,
    )


@pytest.mark.usefixtures("on_april_first")
def test_the_list_is_newest_first_and_paginated(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)
    client = signed_in(volunteer, language="en")
    for day in ("2027-03-05", "2027-03-25", "2027-03-15"):
        client.post(url(match), meeting(date=day))

    first_page = client.get(url(match) + "?page_size=2").json()
    everything = signed_in(newcomer, language="en").get(url(match)).json()

    assert (first_page["count"], first_page["next"] is not None) == (3, True)
    assert [item["date"] for item in first_page["results"]] == ["2027-03-25", "2027-03-15"]
    assert [item["date"] for item in everything["results"]] == [
        "2027-03-25",
        "2027-03-15",
        "2027-03-05",
    ]


@pytest.mark.usefixtures("on_april_first")
def test_the_list_costs_the_same_queries_for_two_or_twenty_check_ins(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)
    client = signed_in(volunteer, language="en")

    few, many, response = queries_for_few_and_many(
        check_ins(match, date(2027, 3, 2)), lambda: client.get(url(match))
    )

    assert response.json()["count"] == 20
    # user (the session comes from the cache), scope memberships, the match with its people
    # (permission), count, one page of check-ins joined with who logged them
    assert many == few == 5
