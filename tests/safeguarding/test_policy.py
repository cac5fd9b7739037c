"""The programme's child-protection policy: a page in three languages edited by leads,
linked from every footer and the concern form; volunteers confirm it before a first match
(issue #22, point 6)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Program
from matching.services import MatchConflict, match_approve, match_propose
from safeguarding.models import PolicyReading
from safeguarding.policy import policy_confirm, policy_save
from tests.matching.matches_cast import active, open_request, ready_volunteer
from tests.safeguarding.cast import lead_of
from volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db

POLICY = {
    "text_pl": "Zgłoszenia przyjmuje Lena Opiekuńcza.",
    "text_uk": "Повідомлення приймає Лена.",
    "text_en": "Concerns go to Lena.",
}


def test_a_lead_publishes_the_policy_and_everyone_reads_it_in_their_language(program, client):
    lead = lead_of(program)
    client.force_login(lead)

    published = client.post(
        reverse("safeguarding-policy-page", args=[program.slug]), {"action": "edit", **POLICY}
    )
    assert published.status_code == 302, published.content.decode()
    client.logout()

    url = reverse("safeguarding-policy-page", args=[program.slug])
    assert POLICY["text_uk"] in client.get(url, HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    client.cookies["django_language"] = "en"
    assert POLICY["text_en"] in client.get(url).content.decode()
    assert Program.directory.get(pk=program.pk).safeguarding_policy_version == 1


def test_a_coordinator_who_is_not_a_lead_cannot_edit_it(program, coordinator, client):
    client.force_login(coordinator)
    response = client.post(
        reverse("safeguarding-policy-page", args=[program.slug]), {"action": "edit", **POLICY}
    )
    assert response.status_code == 404
    assert Program.directory.get(pk=program.pk).safeguarding_policy_version == 0


def test_the_footer_links_to_the_policies(client, program):
    page = client.get(reverse("landing")).content.decode()
    assert reverse("safeguarding-policies-page") in page
    listing = client.get(reverse("safeguarding-policies-page")).content.decode()
    assert reverse("safeguarding-policy-page", args=[program.slug]) in listing


def test_a_volunteer_confirms_reading_with_the_date_and_version(program, volunteer, client):
    policy_save(program=program, by=lead_of(program), **POLICY)
    profile = ready_volunteer(program, user=volunteer)
    client.force_login(volunteer)

    client.post(reverse("safeguarding-policy-page", args=[program.slug]), {"action": "confirm"})

    reading = PolicyReading.objects.get(volunteer=profile)
    assert reading.version == 1
    assert reading.read_on is not None
    assert VolunteerProfile.objects.get(pk=profile.pk).policy_read_version == 1


def test_a_first_match_is_refused_until_the_volunteer_confirmed_the_policy(
    program, coordinator, volunteer
):
    policy_save(program=program, by=lead_of(program), **POLICY)
    profile = ready_volunteer(program, user=volunteer)
    proposal = match_propose(request=open_request(program), volunteer=profile, by=coordinator)

    with pytest.raises(MatchConflict, match="safeguarding policy"):
        match_approve(match=proposal, by=coordinator)

    policy_confirm(volunteer=profile, by=volunteer)
    assert match_approve(match=proposal, by=coordinator).status == "active"


def test_a_new_version_does_not_stop_a_volunteer_who_already_had_a_match(
    program, coordinator, volunteer
):
    profile = ready_volunteer(program, user=volunteer, capacity=2)
    active(open_request(program), profile, coordinator)
    policy_save(program=program, by=lead_of(program), **POLICY)

    second = match_propose(
        request=open_request(program, "Iryna Bondarenko"), volunteer=profile, by=coordinator
    )
    assert match_approve(match=second, by=coordinator).status == "active"
