"""Anyone raises a concern from where they are; urgent or child-safety concerns pause the
pair at once and keep the person out of matching until a lead decides (issue #22, points 1
and 3)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, User
from commitments.sweep import commitments_sweep
from matching.candidates import candidates_for
from matching.concern_links import CONCERN_LINK_MAX_AGE, concern_token, concern_url
from matching.models import Match
from matching.services import MatchConflict, match_propose, run_start
from newcomers.models import NewcomerProfile
from safeguarding.models import ActionKind, Concern
from tests.clients import signed_in
from tests.matching.matches_cast import ready_volunteer
from tests.safeguarding.cast import Pair, pair_in, waiting_request
from volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(program, coordinator, volunteer, newcomer) -> Pair:
    return pair_in(program, coordinator=coordinator, volunteer=volunteer, newcomer=newcomer)


def _raise(client: Any, pair: Pair, **body: Any) -> Any:
    payload = {"match": pair.match.pk, "category": "other", "description": "Coś mnie niepokoi"}
    return client.post("/api/v1/concerns/", {**payload, **body}, format="json")


def test_the_newcomer_raises_an_urgent_concern_about_the_volunteer_and_contact_pauses(
    pair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _raise(
            signed_in(pair.newcomer), pair, about=pair.volunteer.pk, category="abuse", urgent=True
        )

    assert response.status_code == 201, response.content
    assert response.json()["paused"] is True
    assert "description" not in response.json()
    concern = Concern.objects.get(pk=response.json()["id"])
    assert (concern.raised_by, concern.about, concern.about_volunteer) == (
        pair.newcomer, pair.volunteer, pair.profile,
    )  # fmt: skip
    assert Match.objects.get(pk=pair.match.pk).paused_at is not None
    assert VolunteerProfile.objects.get(pk=pair.profile.pk).safeguarding_hold
    assert [action.kind for action in concern.actions.all()] == [ActionKind.RAISED]
    # The lead hears at once, without the content.
    sent = Notification.objects.get(kind="concern_raised")
    assert sent.user == pair.lead
    assert "Coś mnie niepokoi" not in sent.body
    assert reverse("coordinator-concern-page", args=[concern.pk]) in sent.body


def test_a_concern_about_a_child_pauses_even_when_not_marked_urgent(pair):
    response = _raise(
        signed_in(pair.volunteer), pair, about=pair.newcomer.pk, category="child_safety"
    )

    assert response.json()["paused"] is True
    assert Match.objects.get(pk=pair.match.pk).paused_at is not None
    assert NewcomerProfile.objects.get(user=pair.newcomer).safeguarding_hold


def test_other_concerns_reach_the_lead_without_pausing(pair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _raise(signed_in(pair.volunteer), pair, category="boundaries")

    assert response.json()["paused"] is False
    assert Match.objects.get(pk=pair.match.pk).paused_at is None
    assert Notification.objects.filter(kind="concern_raised", user=pair.lead).exists()


def test_without_a_lead_the_programmes_safeguarding_address_hears(
    pair, django_capture_on_commit_callbacks
):
    from accounts.models import Membership, Program

    Membership.objects.filter(user=pair.lead).update(is_safeguarding_lead=False)
    Program.directory.filter(pk=pair.program.pk).update(safeguarding_email="ochrona@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        _raise(signed_in(pair.volunteer), pair)

    assert Notification.objects.get(kind="concern_raised").address == "ochrona@example.org"


def test_bad_input_is_a_400_naming_the_field(pair, other_program):
    client = signed_in(pair.volunteer)

    assert _raise(client, pair, category="gossip").json().keys() == {"category"}
    assert _raise(client, pair, description="").json().keys() == {"description"}
    # A participant names only the other person of their own match.
    stranger = ready_volunteer(pair.program, "Witold Sąsiedzki").user
    assert _raise(client, pair, about=stranger.pk).json().keys() == {"about"}
    assert _raise(client, pair, about=pair.volunteer.pk).json().keys() == {"about"}
    assert _raise(client, pair, match=999999).json().keys() == {"match"}
    assert client.post(
        "/api/v1/concerns/", {"category": "other", "description": "x"}, format="json"
    ).json().keys() == {"about"}
    assert not Concern.objects.exists()


def test_a_coordinator_raises_one_about_any_person_of_their_programme(pair, outsider):
    waiting = waiting_request(pair.program)
    waiting.newcomer.user = User.objects.create_user("taras@example.org", full_name="Taras M")
    waiting.newcomer.save()

    response = signed_in(pair.coordinator).post(
        "/api/v1/concerns/",
        {"about": pair.volunteer.pk, "category": "harassment", "description": "Skarga"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Concern.objects.get().about_volunteer == pair.profile
    # Another programme's coordinator cannot.
    refused = signed_in(outsider).post(
        "/api/v1/concerns/",
        {"about": pair.volunteer.pk, "category": "harassment", "description": "Skarga"},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json().keys() == {"about"}


def test_a_paused_match_gets_no_reminder_survey_or_at_risk_mail(pair):
    _raise(signed_in(pair.newcomer), pair, about=pair.volunteer.pk, urgent=True)
    Notification.objects.all().delete()

    # Long past the reminder, the at-risk threshold and the first survey.
    as_of = timezone.localdate() + timedelta(days=70)
    with time_machine.travel(as_of, tick=False):
        result = commitments_sweep(as_of=as_of)

    assert result.notifications == 0
    assert not Notification.objects.exists()


def test_the_person_concerned_leaves_the_pool_and_matching_runs(pair):
    waiting = waiting_request(pair.program)
    assert pair.profile.pk in {c.volunteer_id for c in candidates_for(waiting)}

    _raise(signed_in(pair.newcomer), pair, about=pair.volunteer.pk, urgent=True)

    assert pair.profile.pk not in {c.volunteer_id for c in candidates_for(waiting)}
    with pytest.raises(ValidationError) as refused:
        match_propose(request=waiting, volunteer=pair.profile, by=pair.coordinator)
    assert refused.value.message_dict.keys() == {"volunteer"}


def test_a_held_newcomer_gets_no_proposal(pair, program):
    _raise(signed_in(pair.volunteer), pair, about=pair.newcomer.pk, urgent=True)
    newcomer = NewcomerProfile.objects.get(user=pair.newcomer)
    from newcomers.models import SupportRequest

    second = SupportRequest.objects.create(
        program=program, newcomer=newcomer, needs=["housing"], modes=["in_person"], days=["mon"]
    )
    other = ready_volunteer(program, "Witold Sąsiedzki")

    with pytest.raises(MatchConflict):
        match_propose(request=second, volunteer=other, by=pair.coordinator)
    run = run_start(program=program, by=pair.coordinator)
    run.refresh_from_db()
    assert not Match.objects.filter(request=second).exists()


def test_the_match_page_says_contact_is_paused_without_saying_why(pair, client):
    _raise(signed_in(pair.newcomer), pair, about=pair.volunteer.pk, category="abuse", urgent=True)

    client.force_login(pair.volunteer)
    page = client.get(reverse("participant-match-page", args=[pair.match.pk])).content.decode()

    assert "paused" in page
    assert "Coś mnie niepokoi" not in page
    assert "Abuse" not in page
    assert 'name="duration_minutes"' not in page  # no check-in form while paused


def test_the_link_in_an_email_opens_the_form_without_signing_in(pair, client):
    url = concern_url(match_id=pair.match.pk, user_id=pair.newcomer.pk)
    path = url.split("://", 1)[-1].split("/", 1)[1]

    page = client.get("/" + path)
    assert page.status_code == 200
    assert "112" in page.content.decode()

    sent = client.post(
        "/" + path,
        {"about": "partner", "category": "child_safety", "description": "Widziałam coś złego"},
    )
    assert sent.status_code == 200
    concern = Concern.objects.get()
    assert (concern.raised_by, concern.about) == (pair.newcomer, pair.volunteer)
    assert concern.pauses


def test_an_altered_or_old_link_is_refused_politely(pair, client):
    token = concern_token(match_id=pair.match.pk, user_id=pair.newcomer.pk)
    assert client.get(reverse("concern-link-page", args=[token + "x"])).status_code == 410

    later = timezone.now() + CONCERN_LINK_MAX_AGE + timedelta(days=1)
    with time_machine.travel(later, tick=False):
        assert client.get(reverse("concern-link-page", args=[token])).status_code == 410


def test_the_approval_email_carries_the_concern_link(pair):
    body = Notification.objects.get(kind="match_approved", user=pair.newcomer).body
    assert "/concerns/" in body
    assert "112" in body


def test_the_form_from_the_match_page_says_who_reads_it_and_gives_112(pair, client):
    client.force_login(pair.newcomer)
    page = client.get(reverse("concern-raise-page", args=[pair.match.pk])).content.decode()

    assert "112" in page
    assert "safeguarding lead" in page
    assert reverse("safeguarding-policy-page", args=[pair.program.slug]) in page

    refused = client.post(reverse("concern-raise-page", args=[pair.match.pk]), {"category": "x"})
    assert refused.status_code == 400
    assert "error-summary" in refused.content.decode()
    assert not Concern.objects.exists()
    assert mail.outbox == []
