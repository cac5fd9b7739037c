"""Only the programme's safeguarding leads and staff read concerns; other coordinators see a
pair paused for review; the person it is about never sees it (issue #22, point 2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguarding.models import Concern
from safeguarding.services import concern_raise
from tests.clients import signed_in
from tests.safeguarding.cast import Pair, lead_of, pair_in

pytestmark = pytest.mark.django_db

SECRET = "Prosił o pieniądze na Mokotowie"


@pytest.fixture
def pair(program, coordinator, volunteer, newcomer) -> Pair:
    return pair_in(program, coordinator=coordinator, volunteer=volunteer, newcomer=newcomer)


@pytest.fixture
def concern(pair) -> Concern:
    return concern_raise(
        by=pair.newcomer,
        match=pair.match,
        about=pair.volunteer,
        category="boundaries",
        description=SECRET,
        urgent=True,
    )


def test_the_lead_reads_the_concern_and_who_raised_it(pair, concern):
    body = signed_in(pair.lead).get(f"/api/v1/concerns/{concern.pk}/").json()

    assert body["description"] == SECRET
    assert body["raised_by"] == pair.newcomer.pk
    assert [action["kind"] for action in body["actions"]] == ["raised"]
    listed = signed_in(pair.lead).get("/api/v1/concerns/").json()["results"]
    assert [row["id"] for row in listed] == [concern.pk]


def test_a_coordinator_who_is_not_a_lead_sees_only_paused_for_review(pair, concern, client):
    coordinator = signed_in(pair.coordinator)
    assert coordinator.get("/api/v1/concerns/").json()["results"] == []
    assert coordinator.get(f"/api/v1/concerns/{concern.pk}/").status_code == 404
    assert (
        coordinator.patch(
            f"/api/v1/concerns/{concern.pk}/", {"status": "closed"}, format="json"
        ).status_code
        == 404
    )

    client.force_login(pair.coordinator)
    match_page = client.get(reverse("participant-match-page", args=[pair.match.pk]))
    assert "Paused for review" in match_page.content.decode()
    assert SECRET not in match_page.content.decode()
    assert client.get(reverse("coordinator-concern-page", args=[concern.pk])).status_code == 404
    listing = client.get(reverse("coordinator-concerns-page")).content.decode()
    assert "safeguarding leads read concerns" in listing


def test_another_programmes_lead_gets_404(pair, concern, other_program):
    other_lead = lead_of(other_program, "Tomasz Zieliński")

    assert signed_in(other_lead).get(f"/api/v1/concerns/{concern.pk}/").status_code == 404
    assert signed_in(other_lead).get("/api/v1/concerns/").json()["results"] == []


def test_the_person_it_is_about_never_sees_it_nor_who_raised_it(pair, concern, client):
    volunteer = signed_in(pair.volunteer)
    assert volunteer.get(f"/api/v1/concerns/{concern.pk}/").status_code == 403
    assert volunteer.get("/api/v1/concerns/").status_code == 403

    client.force_login(pair.volunteer)
    page = client.get(reverse("participant-match-page", args=[pair.match.pk])).content.decode()
    assert "The programme will be in touch" in page
    assert SECRET not in page
    history = client.get(reverse("my-data-page")).content.decode()
    assert SECRET not in history
    assert "held for a safeguarding review" not in history


def test_staff_read_every_programmes_concerns(concern, staff):
    assert signed_in(staff).get(f"/api/v1/concerns/{concern.pk}/").status_code == 200


def test_the_list_costs_the_same_for_many_concerns(pair, django_assert_num_queries):
    for number in range(5):
        concern_raise(
            by=pair.volunteer, match=pair.match, category="other", description=f"Nr {number}"
        )
    client = signed_in(pair.lead)
    # User (the session comes from the cache), scope (whose memberships answer the
    # coordinator check), count, page (people and programme joined).
    with django_assert_num_queries(4):
        assert len(client.get("/api/v1/concerns/").json()["results"]) == 5


def test_a_coordinator_raises_one_about_a_person_from_the_workspace(pair, client, outsider):
    client.force_login(pair.coordinator)
    url = reverse("coordinator-concern-new-page")
    assert pair.volunteer.full_name in client.get(url).content.decode()

    response = client.post(
        url, {"person": pair.volunteer.pk, "category": "harassment", "description": SECRET}
    )

    assert response.status_code == 302
    assert Concern.objects.get().about_volunteer == pair.profile
    client.force_login(outsider)  # another programme's people are not offered
    refused = client.post(
        url, {"person": pair.volunteer.pk, "category": "other", "description": "x"}
    )
    assert refused.status_code == 400
    assert Concern.objects.count() == 1
