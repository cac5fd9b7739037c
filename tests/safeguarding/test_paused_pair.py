"""A paused pair takes nothing: no check-in (API or page), no survey answer, no request for a
change; each refusal says in the person's language that contact is paused and the programme
will be in touch, never why (issue #22, point 3)."""

from __future__ import annotations

from datetime import timedelta
from html import escape
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Notification, User
from accounts.notifications import notification_send
from commitments.surveys import survey_url
from core import clock
from matching.models import Match
from safeguarding.services import concern_raise
from tests.clients import signed_in
from tests.safeguarding.cast import Pair, pair_in
from tests.unchanged import nothing_changes

pytestmark = pytest.mark.django_db

SECRET = "Prosił o pieniądze"
PAUSED_EN = "Contact in this pairing is paused for now. The programme will be in touch with you."
PAUSED_UK = "Контакт у цій парі поки призупинено. Програма зв'яжеться з вами."


@pytest.fixture
def pair(program, coordinator, volunteer, newcomer) -> Pair:
    pair = pair_in(program, coordinator=coordinator, volunteer=volunteer, newcomer=newcomer)
    concern_raise(
        by=pair.newcomer, match=pair.match, about=pair.volunteer, category="abuse",
        description=SECRET, urgent=True,
    )  # fmt: skip
    assert Match.objects.get(pk=pair.match.pk).paused_at is not None
    return pair


def _check_in(pair: Pair) -> dict[str, object]:
    return {"date": clock.today().isoformat(), "duration_minutes": 45, "topics": [], "note": "Kawa"}


def _speaking(user: User, language: str) -> User:
    User.objects.filter(pk=user.pk).update(preferred_language=language)
    user.refresh_from_db()
    return user


def test_the_api_refuses_a_check_in_with_409_in_the_persons_language(pair):
    client = signed_in(pair.newcomer, language="uk")

    with nothing_changes():
        response = client.post(
            f"/api/v1/matches/{pair.match.pk}/check-ins/", _check_in(pair), format="json"
        )

    assert response.status_code == 409
    assert response.json() == {"detail": PAUSED_UK}
    assert SECRET not in response.content.decode()


def test_the_api_refuses_the_coordinators_check_in_too(pair):
    client = signed_in(pair.coordinator)
    with nothing_changes():
        response = client.post(
            f"/api/v1/matches/{pair.match.pk}/check-ins/", _check_in(pair), format="json"
        )

    assert response.status_code == 409


def test_the_page_refuses_a_check_in_with_409_and_the_notice(pair):
    client = signed_in(pair.volunteer, language="en")

    with nothing_changes():
        response = client.post(
            reverse("participant-match-page", args=[pair.match.pk]), _check_in(pair)
        )

    assert response.status_code == 409
    page = response.content.decode()
    assert PAUSED_EN in page
    assert SECRET not in page and "Abuse" not in page
    assert 'name="duration_minutes"' not in page


def test_the_page_refuses_a_request_for_a_change(pair):
    client = signed_in(pair.newcomer, language="en")

    before = client.get(reverse("participant-match-page", args=[pair.match.pk])).content.decode()
    with nothing_changes():
        response = client.post(
            reverse("participant-match-change-page", args=[pair.match.pk]), {"note": "Zmiana"}
        )

    assert reverse("participant-match-change-page", args=[pair.match.pk]) not in before
    assert response.status_code == 409
    assert PAUSED_EN in response.content.decode()


def test_a_survey_link_sent_before_the_pause_takes_no_answer(pair):
    _speaking(pair.newcomer, "uk")
    Match.objects.filter(pk=pair.match.pk).update(
        started_on=clock.today() - timedelta(days=31),
        commitment_ends_on=clock.today() + timedelta(days=150),
    )
    path = urlsplit(survey_url(match=pair.match, respondent=pair.newcomer, number=1)).path
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    opened = client.get(path)
    with nothing_changes():
        answered = client.post(path, {"rating": "5", "note": "Dobrze"})

    assert opened.status_code == 409
    assert escape(PAUSED_UK) in opened.content.decode()
    assert 'name="rating"' not in opened.content.decode()
    assert answered.status_code == 409
    assert escape(PAUSED_UK) in answered.content.decode()


def test_once_contact_resumes_check_ins_are_taken_again(pair):
    from safeguarding.models import Concern
    from safeguarding.services import concern_resume

    concern_resume(concern=Concern.objects.get(), by=pair.lead)

    response = signed_in(pair.volunteer).post(
        f"/api/v1/matches/{pair.match.pk}/check-ins/", _check_in(pair), format="json"
    )
    assert response.status_code == 201, response.content


def test_mail_about_the_pair_stored_before_the_pause_is_not_sent_after_it(
    program, coordinator, volunteer, newcomer, mailoutbox
):
    """A reminder whose first sending failed waits for a retry: the pause stops it."""
    pair = pair_in(program, coordinator=coordinator, volunteer=volunteer, newcomer=newcomer)
    queued = Notification.objects.create(
        key=f"match-reminder:{pair.match.pk}:{volunteer.pk}:2026-11-01", user=volunteer,
        kind="match_reminder", subject="Jak idzie?", body="…",
    )  # fmt: skip
    elsewhere = Notification.objects.create(
        key=f"match-reminder:{pair.match.pk + 1000}:{volunteer.pk}:2026-11-01", user=volunteer,
        kind="match_reminder", subject="Jak idzie?", body="…",
    )  # fmt: skip

    concern_raise(
        by=newcomer, match=pair.match, about=volunteer, category="abuse", description=SECRET,
        urgent=True,
    )  # fmt: skip

    assert notification_send(notification_id=queued.pk) is False
    queued.refresh_from_db()
    assert (queued.status, queued.failure) == ("failed", "MatchPaused")
    assert notification_send(notification_id=elsewhere.pk) is True
    assert [message.subject for message in mailoutbox] == ["Jak idzie?"]
