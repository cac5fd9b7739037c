"""Each person of a pair has a way to raise a concern: the link in every e-mail about the match
(both people, no sign-in), and, for a newcomer registered at an intake with no account nor
e-mail, their coordinator raising it for them from the match page (issue #22, point 1)."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import Notification
from commitments.sweep import commitments_sweep
from core import clock
from matching.models import Match
from safeguarding.models import Concern
from tests.clients import signed_in
from tests.matching.matches_cast import active, open_request, ready_volunteer
from tests.safeguarding.cast import Pair, lead_of, pair_in

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/concerns/\S+")


@pytest.fixture
def pair(program, coordinator, volunteer, newcomer) -> Pair:
    return pair_in(program, coordinator=coordinator, volunteer=volunteer, newcomer=newcomer)


def _link_in(notification: Notification) -> str:
    found = LINK.search(notification.body)
    assert found, f"no concern link in {notification.kind}"
    return urlsplit(found.group()).path


def test_every_email_about_the_match_brings_each_person_their_own_working_link(pair):
    # A month on and no meeting logged: a reminder and the first survey are due.
    as_of = clock.today() + timedelta(days=31)
    with time_machine.travel(as_of, tick=False):
        commitments_sweep(as_of=as_of)

        for person in (pair.volunteer, pair.newcomer):
            sent = Notification.objects.filter(user=person).order_by("kind")
            assert {n.kind for n in sent} >= {"match_approved", "match_reminder", "match_survey"}
            for notification in sent.filter(kind__startswith="match_"):
                page = Client().get(_link_in(notification))  # no sign-in
                assert page.status_code == 200, notification.kind
                assert "112" in page.content.decode()

        path = _link_in(Notification.objects.get(user=pair.volunteer, kind="match_survey"))
        Client().post(path, {"about": "partner", "category": "boundaries", "description": "Coś"})
    concern = Concern.objects.get()
    assert (concern.raised_by, concern.about) == (pair.volunteer, pair.newcomer)


@pytest.fixture
def unregistered(program, coordinator) -> Match:
    """A pair whose newcomer was registered at an intake: no account, no e-mail."""
    request = open_request(program, "Ołeh Bondarenko")
    assert request.newcomer.user is None and not request.newcomer.contact_email
    return active(request, ready_volunteer(program, "Anna Kowalska"), coordinator)


def test_a_newcomer_without_an_account_gets_no_email_so_the_coordinator_raises_it(
    program, coordinator, unregistered, django_capture_on_commit_callbacks
):
    lead = lead_of(program)
    assert [n.user for n in Notification.objects.filter(kind="match_approved")] == [
        unregistered.volunteer.user
    ]
    client = signed_in(coordinator, language="en")
    match_page = client.get(reverse("participant-match-page", args=[unregistered.pk]))
    assert "Ołeh has no account" in match_page.content.decode()
    form_url = reverse("concern-raise-page", args=[unregistered.pk])
    assert form_url in match_page.content.decode()
    form = client.get(form_url).content.decode()
    assert 'name="for_newcomer"' in form
    assert "The volunteer, Anna" in form

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            form_url,
            {
                "about": "volunteer",
                "category": "harassment",
                "description": "Ołeh opowiedział mi o groźbach",
                "urgent": "on",
                "for_newcomer": "on",
            },
        )

    assert sent.status_code == 200
    concern = Concern.objects.get()
    assert (concern.raised_by, concern.for_newcomer) == (coordinator, True)
    assert concern.about_volunteer == unregistered.volunteer
    assert Match.objects.get(pk=unregistered.pk).paused_at is not None
    assert Notification.objects.filter(kind="concern_raised", user=lead).exists()
    case = signed_in(lead, language="en").get(
        reverse("coordinator-concern-page", args=[concern.pk])
    )
    assert "for the newcomer of the pairing, who told them" in case.content.decode()


def test_only_the_pairings_coordinators_raise_one_for_its_newcomer(pair, other_program):
    participant_form = signed_in(pair.volunteer).get(
        reverse("concern-raise-page", args=[pair.match.pk])
    )
    assert 'name="for_newcomer"' not in participant_form.content.decode()

    body = {"match": pair.match.pk, "category": "other", "description": "x", "for_newcomer": True}
    refused = signed_in(pair.volunteer).post("/api/v1/concerns/", body, format="json")
    assert refused.status_code == 400
    assert refused.json().keys() == {"for_newcomer"}
    allowed = signed_in(pair.coordinator).post(
        "/api/v1/concerns/", {**body, "about": pair.volunteer.pk}, format="json"
    )
    assert allowed.status_code == 201, allowed.content
    assert Concern.objects.get().for_newcomer
    assert not Concern.objects.filter(raised_by=pair.volunteer).exists()


def test_a_coordinator_may_raise_one_without_naming_a_person(program, coordinator, unregistered):
    response = signed_in(coordinator).post(
        reverse("concern-raise-page", args=[unregistered.pk]),
        {"about": "match", "category": "other", "description": "Coś jest nie tak"},
    )

    assert response.status_code == 200
    concern = Concern.objects.get()
    assert (concern.about, concern.about_volunteer, concern.for_newcomer) == (None, None, False)


def test_a_coordinator_names_a_newcomer_without_an_account_and_they_leave_the_pool(
    program, coordinator, unregistered
):
    """Point 3 for a newcomer registered at an intake: an urgent concern about them pauses the
    pair and holds their profile (their requests leave candidates and runs) like anyone's."""
    client = signed_in(coordinator, language="en")
    form_url = reverse("concern-raise-page", args=[unregistered.pk])
    assert "The newcomer, Ołeh" in client.get(form_url).content.decode()

    sent = client.post(
        form_url,
        {"about": "newcomer", "category": "boundaries", "description": "Prosi o pieniądze",
         "urgent": "on"},
    )  # fmt: skip

    assert sent.status_code == 200
    concern = Concern.objects.get()
    assert (concern.about, concern.about_newcomer) == (None, unregistered.newcomer)
    unregistered.newcomer.refresh_from_db()
    assert unregistered.newcomer.safeguarding_hold
    assert Match.objects.get(pk=unregistered.pk).paused_at is not None
    # Raising it "for the newcomer" about the newcomer makes no sense: refused, named.
    refused = client.post(
        form_url,
        {"about": "newcomer", "category": "other", "description": "x", "for_newcomer": "on"},
    )
    assert refused.status_code == 400
    assert Concern.objects.count() == 1
