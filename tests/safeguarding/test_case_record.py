"""A case record: status, dated actions with who took them, and an outcome that acts (issue
#22, point 4)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from matching.candidates import candidates_for
from matching.models import EndReason, ExclusionSource, Match, MatchStatus, PairExclusion
from safeguarding.models import Concern, ConcernStatus
from safeguarding.services import concern_raise
from tests.clients import signed_in
from tests.matching.matches_cast import active, open_request
from tests.safeguarding.cast import Pair, pair_in, waiting_request
from volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(program, coordinator, volunteer, newcomer) -> Pair:
    return pair_in(program, coordinator=coordinator, volunteer=volunteer, newcomer=newcomer)


def _urgent(pair: Pair) -> Concern:
    return concern_raise(
        by=pair.newcomer,
        match=pair.match,
        about=pair.volunteer,
        category="abuse",
        description="Groził mi",
        urgent=True,
    )


def _patch(client, concern: Concern, **body):
    return client.patch(f"/api/v1/concerns/{concern.pk}/", body, format="json")


def test_each_step_is_dated_with_who_took_it(pair):
    concern = _urgent(pair)
    lead = signed_in(pair.lead)

    _patch(lead, concern, status="in_review", note="Rozmowa z wolontariuszem")
    lead.post(f"/api/v1/concerns/{concern.pk}/actions/", {"kind": "note", "note": "Telefon"})
    body = _patch(lead, concern, status="referred").json()

    assert body["status"] == "referred"
    assert [(a["kind"], a["value"], a["by"]) for a in body["actions"]] == [
        ("raised", "", pair.newcomer.pk),
        ("status", "in_review", pair.lead.pk),
        ("note", "", pair.lead.pk),
        ("status", "referred", pair.lead.pk),
    ]
    assert all(action["at"] for action in body["actions"])


def test_closing_needs_an_outcome_and_an_outcome_needs_closing(pair):
    concern = _urgent(pair)
    lead = signed_in(pair.lead)

    assert _patch(lead, concern, status="closed").json().keys() == {"outcome"}
    assert _patch(lead, concern, status="in_review", outcome="advice").json().keys() == {"outcome"}
    assert _patch(lead, concern, status="bogus").json().keys() == {"status"}
    assert Concern.objects.get(pk=concern.pk).status == ConcernStatus.NEW


def test_closing_with_no_action_resumes_contact_and_frees_the_person(pair):
    concern = _urgent(pair)

    _patch(signed_in(pair.lead), concern, status="closed", outcome="no_action")

    assert Match.objects.get(pk=pair.match.pk).paused_at is None
    assert not VolunteerProfile.objects.get(pk=pair.profile.pk).safeguarding_hold
    assert Match.objects.get(pk=pair.match.pk).status == MatchStatus.ACTIVE


def test_removed_ends_every_active_match_records_do_not_pair_and_keeps_them_out(pair, program):
    second = active(open_request(program, "Iryna Bondarenko"), pair.profile, pair.coordinator)
    concern = _urgent(pair)

    body = _patch(signed_in(pair.lead), concern, status="closed", outcome="removed").json()

    assert body["outcome"] == "removed"
    for match in Match.objects.filter(pk__in=[pair.match.pk, second.pk]):
        assert match.status == MatchStatus.ENDED
        assert match.end_reason == EndReason.SAFEGUARDING_CONCERN
    assert PairExclusion.objects.filter(volunteer=pair.profile).count() == 2
    assert VolunteerProfile.objects.get(pk=pair.profile.pk).safeguarding_hold
    waiting = waiting_request(program)
    assert pair.profile.pk not in {c.volunteer_id for c in candidates_for(waiting)}


def test_do_not_pair_again_ends_the_match_and_excludes_the_pair(pair):
    concern = _urgent(pair)

    _patch(signed_in(pair.lead), concern, status="closed", outcome="do_not_pair")

    assert Match.objects.get(pk=pair.match.pk).status == MatchStatus.ENDED
    assert PairExclusion.objects.get(volunteer=pair.profile).source in (
        ExclusionSource.DO_NOT_PAIR, ExclusionSource.ENDED_EARLY,
    )  # fmt: skip
    assert not VolunteerProfile.objects.get(pk=pair.profile.pk).safeguarding_hold


def test_a_lead_pauses_by_hand_and_resumes(pair):
    concern = concern_raise(
        by=pair.volunteer, match=pair.match, category="other", description="Drobiazg"
    )
    lead = signed_in(pair.lead)

    paused = lead.post(f"/api/v1/concerns/{concern.pk}/actions/", {"kind": "pause"})
    assert paused.status_code == 201
    assert Match.objects.get(pk=pair.match.pk).paused_at is not None
    lead.post(f"/api/v1/concerns/{concern.pk}/actions/", {"kind": "resume"})
    assert Match.objects.get(pk=pair.match.pk).paused_at is None


def test_every_change_is_audited_without_the_content(pair):
    concern = _urgent(pair)
    _patch(signed_in(pair.lead), concern, status="in_review")

    entries = LogEntry.objects.get_for_object(concern)
    assert entries.count() == 2
    assert all("Groził mi" not in str(entry.changes) for entry in entries)


def test_the_leads_page_lists_open_cases_first(pair, client):
    closed = _urgent(pair)
    _patch(signed_in(pair.lead), closed, status="closed", outcome="advice")
    newer_open = concern_raise(
        by=pair.volunteer, match=pair.match, category="other", description="Otwarta"
    )

    client.force_login(pair.lead)
    page = client.get(reverse("coordinator-concerns-page")).content.decode()
    assert page.index(reverse("coordinator-concern-page", args=[newer_open.pk])) < page.index(
        reverse("coordinator-concern-page", args=[closed.pk])
    )

    detail = client.post(
        reverse("coordinator-concern-page", args=[newer_open.pk]),
        {"status": "closed", "outcome": "", "note": ""},
    )
    assert detail.status_code == 400
    assert "error-summary" in detail.content.decode()
