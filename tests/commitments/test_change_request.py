"""`match_change_request` and POST /matches/<pk>/change/: the volunteer or the newcomer asks
the coordinators for a change; the match is flagged and the coordinators are e-mailed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client

from accounts.models import Notification, Program, Role, User
from commitments.checkins import match_change_request
from matching.models import Match
from matching.services import MatchConflict
from tests.clients import signed_in
from tests.factories import member
from tests.matching.matches_cast import active, open_request, ready_volunteer

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture(autouse=True)
def _on_a_day_in_april() -> Iterator[None]:
    with time_machine.travel("2027-04-15T10:00:00+02:00", tick=False):
        yield


@pytest.fixture
def match(program: Program, volunteer: User, newcomer: User, coordinator: User) -> Match:
    return active(
        open_request(program, user=newcomer),
        ready_volunteer(program, user=volunteer),
        coordinator,
        started_on=date(2027, 3, 1),
    )


def alerts() -> list[str]:
    return sorted(
        Notification.objects.filter(kind="match_change_requested").values_list("key", flat=True)
    )


def test_the_newcomer_asks_for_a_change_and_the_coordinators_hear_of_it(
    match: Match, newcomer: User, coordinator: User, program: Program
) -> None:
    second = member(program, Role.COORDINATOR, full_name="Marek Lis")

    response = signed_in(newcomer, language="en").post(
        f"/matches/{match.pk}/change/", {"note": "Nie mamy wspólnego czasu"}
    )

    assert (response.status_code, response["Location"]) == (302, f"/matches/{match.pk}/")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Your coordinator will contact you soon."
    ]
    match.refresh_from_db()
    assert (match.attention, match.attention_note, match.attention_at) == (
        "change_requested",
        "Nie mamy wspólnego czasu",
        datetime(2027, 4, 15, 10, 0, tzinfo=WARSAW),
    )
    assert alerts() == [
        f"match-change-requested:{match.pk}:{coordinator.pk}:2027-04-15",
        f"match-change-requested:{match.pk}:{second.pk}:2027-04-15",
    ]
    body = Notification.objects.get(kind="match_change_requested", user=coordinator).body
    assert "Олена" in body and "Nie mamy wspólnego czasu" in body


def test_the_volunteer_may_ask_without_a_note(match: Match, volunteer: User) -> None:
    signed_in(volunteer, language="en").post(f"/matches/{match.pk}/change/", {})

    match.refresh_from_db()
    assert (match.attention, match.attention_note) == ("change_requested", "")


def test_asking_twice_in_a_day_keeps_the_newest_note_and_sends_one_e_mail(
    match: Match, volunteer: User, coordinator: User
) -> None:
    client = signed_in(volunteer, language="en")

    client.post(f"/matches/{match.pk}/change/", {"note": "Pierwsza"})
    client.post(f"/matches/{match.pk}/change/", {"note": "Druga"})

    match.refresh_from_db()
    assert match.attention_note == "Druga"
    assert alerts() == [f"match-change-requested:{match.pk}:{coordinator.pk}:2027-04-15"]


def test_a_change_request_replaces_a_low_satisfaction_flag(match: Match, volunteer: User) -> None:
    Match.objects.filter(pk=match.pk).update(attention="low_satisfaction", attention_note="2/5")

    match_change_request(match=match, by=volunteer, note="Proszę o zmianę")

    match.refresh_from_db()
    assert (match.attention, match.attention_note) == ("change_requested", "Proszę o zmianę")


def test_coordinators_and_strangers_cannot_ask_and_nothing_happens(
    match: Match, coordinator: User, outsider: User, program: Program
) -> None:
    stranger = member(program, Role.VOLUNTEER, full_name="Piotr Nowak")

    for person in (coordinator, outsider, stranger):
        assert signed_in(person, language="en").post(
            f"/matches/{match.pk}/change/", {"note": "x"}
        ).status_code == (404)
    assert Client().post(f"/matches/{match.pk}/change/", {"note": "x"}).status_code == 302
    match.refresh_from_db()
    assert match.attention == ""
    assert alerts() == []


def test_only_an_active_match_takes_a_change_request(match: Match, volunteer: User) -> None:
    Match.objects.filter(pk=match.pk).update(status="completed")

    with pytest.raises(MatchConflict):
        match_change_request(match=match, by=volunteer, note="Za późno")
    response = signed_in(volunteer, language="en").post(
        f"/matches/{match.pk}/change/", {"note": "Za późno"}
    )

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "A change can be asked for only while the match is active."
    ]
    match.refresh_from_db()
    assert match.attention == ""
    assert alerts() == []


def test_asking_for_a_change_needs_a_post(match: Match, volunteer: User) -> None:
    assert (
        signed_in(volunteer, language="en").get(f"/matches/{match.pk}/change/").status_code == 405
    )
