"""Waiting lists stay true (#18, point 3): "Do you still need help?" after the programme's
days of waiting, one-click signed answers without signing in, a pause after 14 silent days
(out of matching runs, shown paused with its date), a one-click reopen keeping the original
waiting time, and each question once per period however often the sweep runs."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client

from accounts.models import Program, User
from newcomers.models import RequestStatus, SupportRequest
from newcomers.waiting import still_needed_sweep
from tests.matching.matches_cast import open_request

WARSAW = ZoneInfo("Europe/Warsaw")


def at(day: str, hour: int = 9) -> time_machine.travel:
    return time_machine.travel(datetime.fromisoformat(day).replace(hour=hour, tzinfo=WARSAW))


def a_request(program: Program, newcomer: User) -> SupportRequest:
    with at("2027-03-01", 23):
        return open_request(program, user=newcomer)


def links(body: object) -> dict[str, str]:
    body = str(body)
    found = re.findall(r"https?://\S+/still-needed/\S+/(yes|no)/", body)
    urls = re.findall(r"(https?://\S+/still-needed/\S+/(?:yes|no)/)", body)
    return dict(zip(found, [re.sub(r"^https?://[^/]+", "", url) for url in urls], strict=True))


@pytest.mark.django_db(transaction=True)
def test_after_thirty_days_the_newcomer_is_asked_once_in_their_language(
    program: Program, newcomer: User
) -> None:
    support_request = a_request(program, newcomer)

    with at("2027-03-30"):
        assert still_needed_sweep().asked == 0  # 29 calendar days
    with at("2027-03-31", 0):
        first = still_needed_sweep()
    with at("2027-03-31", 23):
        again = still_needed_sweep()
    with at("2027-04-05"):
        later = still_needed_sweep()

    assert (first.asked, again.asked, later.asked) == (1, 0, 0)
    (message,) = mail.outbox
    assert message.to == [newcomer.email]
    assert "Вам досі потрібна допомога?" in message.subject
    assert set(links(message.body)) == {"yes", "no"}
    support_request.refresh_from_db()
    assert support_request.status == RequestStatus.OPEN


@pytest.mark.django_db(transaction=True)
def test_yes_works_in_one_click_without_signing_in_and_the_next_question_waits_a_period(
    client: Client, program: Program, newcomer: User
) -> None:
    support_request = a_request(program, newcomer)
    with at("2027-03-31"):
        still_needed_sweep()
    yes = links(mail.outbox[0].body)["yes"]

    with at("2027-04-02"):
        page = client.get(yes, HTTP_ACCEPT_LANGUAGE="uk")
        still_needed_sweep()
    with at("2027-04-20"):
        assert still_needed_sweep().paused == 0  # answered: no pause
    with at("2027-05-02"):
        assert still_needed_sweep().asked == 1  # 30 days after the yes

    assert page.status_code == 200
    assert "залишається відкритим" in page.content.decode()
    support_request.refresh_from_db()
    assert support_request.status == RequestStatus.OPEN


@pytest.mark.django_db(transaction=True)
def test_no_asks_first_then_withdraws_the_request(
    client: Client, program: Program, newcomer: User
) -> None:
    support_request = a_request(program, newcomer)
    with at("2027-03-31"):
        still_needed_sweep()
    no = links(mail.outbox[0].body)["no"]

    with at("2027-04-01"):
        asked = client.get(no, HTTP_ACCEPT_LANGUAGE="en")
        support_request.refresh_from_db()
        assert (
            support_request.status == RequestStatus.OPEN
        )  # a GET (a link preview) changes nothing
        client.post(no)

    assert "Yes, close my request" in asked.content.decode()
    support_request.refresh_from_db()
    assert support_request.status == RequestStatus.CANCELLED


@pytest.mark.django_db(transaction=True)
def test_silence_for_fourteen_days_pauses_the_request_and_reopening_keeps_its_place(
    client: Client, program: Program, newcomer: User, coordinator: User
) -> None:
    support_request = a_request(program, newcomer)
    waiting_since = support_request.waiting_since
    with at("2027-03-31"):
        still_needed_sweep()
    with at("2027-04-13"):
        assert still_needed_sweep().paused == 0
    with at("2027-04-14"):
        assert still_needed_sweep().paused == 1
        assert still_needed_sweep().paused == 0

    support_request.refresh_from_db()
    assert support_request.status == RequestStatus.PAUSED
    assert str(support_request.paused_on) == "2027-04-14"
    # Out of the matching pool's open requests.
    assert not SupportRequest.objects.filter(pk=support_request.pk, status="open").exists()
    # Coordinators see it paused, with the date.
    with at("2027-04-14"):
        client.force_login(coordinator)
        queue = client.get(
            "/coordinators/requests/?status=paused", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert "Paused on 14 April 2027" in queue or "Paused on April 14, 2027" in queue
    # The newcomer reopens it in one click from their requests (or home) page.
    with at("2027-04-20"):
        client.force_login(newcomer)
        home = client.get("/home/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert f'action="/newcomers/requests/{support_request.pk}/reopen/"' in home
        client.post(f"/newcomers/requests/{support_request.pk}/reopen/")
    support_request.refresh_from_db()
    assert support_request.status == RequestStatus.OPEN
    assert support_request.waiting_since == waiting_since
    assert support_request.paused_on is None


def test_a_forged_link_does_nothing(client: Client, program: Program, newcomer: User) -> None:
    support_request = a_request(program, newcomer)

    response = client.get(f"/still-needed/{support_request.pk}:forged/yes/")

    assert response.status_code == 404
    support_request.refresh_from_db()
    assert support_request.still_needed_confirmed_on is None
