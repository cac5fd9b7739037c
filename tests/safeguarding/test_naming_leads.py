"""A programme's safeguarding leads are named and removed in the coordinators' workspace: by
its leads (and staff; by any of its coordinators while it has none), among its coordinators,
audited, asking first before the last lead goes; with no lead, the programme's safeguarding
address hears of new concerns (issue #22, point 2)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import Membership, Notification, Program, Role, User
from safeguarding.services import concern_raise
from tests.clients import signed_in
from tests.factories import member
from tests.safeguarding.cast import lead_of
from tests.unchanged import nothing_changes

pytestmark = pytest.mark.django_db


def _is_lead(user: User, program: Program) -> bool:
    return Membership.objects.get(user=user, program=program).is_safeguarding_lead


def _leads_url(program: Program) -> str:
    return reverse("coordinator-leads-page", args=[program.slug])


def _remove_url(program: Program, user: User) -> str:
    return reverse("coordinator-lead-remove-page", args=[program.slug, user.pk])


@pytest.fixture
def lead(program) -> User:
    return lead_of(program)


def test_a_lead_names_another_coordinator_and_it_is_audited(program, lead, coordinator):
    client = signed_in(lead, language="en")
    page = client.get(_leads_url(program)).content.decode()
    assert lead.full_name in page
    assert f'<option value="{coordinator.pk}">{coordinator.full_name}</option>' in page

    response = client.post(_leads_url(program), {"user": coordinator.pk})

    assert response.status_code == 302
    assert _is_lead(coordinator, program)
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Membership),
        additional_data__event="safeguarding_lead_named",
    ).get()
    assert entry.actor == lead
    assert entry.changes["is_safeguarding_lead"] == ["False", "True"]
    after = client.get(_leads_url(program)).content.decode()
    assert "is now a safeguarding lead" in after


def test_only_the_programmes_coordinators_can_be_named(program, lead, volunteer, outsider):
    client = signed_in(lead, language="en")

    for someone in (volunteer, outsider):
        with nothing_changes():
            response = client.post(_leads_url(program), {"user": someone.pk})
        assert response.status_code == 400
        assert 'class="error-summary"' in response.content.decode()


def test_a_coordinator_who_is_not_a_lead_sees_the_leads_but_cannot_change_them(
    program, lead, coordinator
):
    client = signed_in(coordinator, language="en")

    page = client.get(_leads_url(program))
    assert page.status_code == 200
    assert lead.full_name in page.content.decode()
    assert "Only the programme's leads name and remove leads" in page.content.decode()
    assert _remove_url(program, lead) not in page.content.decode()
    with nothing_changes():
        assert client.post(_leads_url(program), {"user": coordinator.pk}).status_code == 403
        assert client.get(_remove_url(program, lead)).status_code == 403
        assert client.post(_remove_url(program, lead)).status_code == 403
    assert not _is_lead(coordinator, program)


def test_with_no_lead_any_coordinator_names_the_first(program, coordinator):
    client = signed_in(coordinator, language="en")
    assert "No lead is named yet" in client.get(_leads_url(program)).content.decode()

    assert client.post(_leads_url(program), {"user": coordinator.pk}).status_code == 302

    assert _is_lead(coordinator, program)


def test_another_programmes_coordinator_and_lead_get_404(program, lead, other_program, outsider):
    other_lead = lead_of(other_program, "Tomasz Zieliński-Lider")
    for stranger in (outsider, other_lead):
        client = signed_in(stranger)
        with nothing_changes():
            assert client.get(_leads_url(program)).status_code == 404
            assert client.post(_leads_url(program), {"user": stranger.pk}).status_code == 404
            assert client.get(_remove_url(program, lead)).status_code == 404
            assert client.post(_remove_url(program, lead)).status_code == 404
    assert _is_lead(lead, program)


@pytest.mark.parametrize("role", ["volunteer", "newcomer"])
def test_participants_get_403_and_anonymous_visitors_sign_in(program, lead, role, client):
    person = signed_in(member(program, Role.VOLUNTEER if role == "volunteer" else Role.NEWCOMER))
    with nothing_changes():
        assert person.get(_leads_url(program)).status_code == 403
        assert person.post(_remove_url(program, lead)).status_code == 403
    anonymous = client.get(_leads_url(program))
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


def test_staff_name_and_remove_leads_of_any_programme(program, lead, coordinator, staff):
    client = signed_in(staff)

    assert client.post(_leads_url(program), {"user": coordinator.pk}).status_code == 302
    assert client.post(_remove_url(program, lead)).status_code == 302

    assert (_is_lead(coordinator, program), _is_lead(lead, program)) == (True, False)


def test_removing_a_lead_asks_first(program, lead, coordinator):
    second = lead_of(program, "Marek Drugi")
    client = signed_in(lead, language="en")

    with nothing_changes():
        asked = client.get(_remove_url(program, second))
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Remove Marek Drugi as a safeguarding lead?" in page
    assert 'class="button-danger">Remove the lead</button>' in page
    assert "last safeguarding lead" not in page

    assert client.post(_remove_url(program, second)).status_code == 302
    assert not _is_lead(second, program)
    assert LogEntry.objects.filter(additional_data__event="safeguarding_lead_removed").exists()


def test_removing_the_last_lead_warns_that_the_programmes_address_gets_the_mail(program, lead):
    Program.directory.filter(pk=program.pk).update(safeguarding_email="ochrona@example.org")
    client = signed_in(lead, language="en")

    page = client.get(_remove_url(program, lead)).content.decode()
    assert "last safeguarding lead" in page
    assert "ochrona@example.org" in page
    assert client.post(_remove_url(program, lead)).status_code == 302
    assert not _is_lead(lead, program)


def test_the_last_lead_stays_while_the_programme_has_no_address(program, lead):
    client = signed_in(lead, language="en")

    assert "The last lead stays" in client.get(_leads_url(program)).content.decode()
    with nothing_changes():
        refused = client.post(_remove_url(program, lead))

    assert refused.status_code == 409
    assert "new concerns would reach nobody" in refused.content.decode()
    assert _is_lead(lead, program)


def test_with_no_lead_left_the_programmes_address_hears_of_a_concern(
    program, lead, coordinator, volunteer, django_capture_on_commit_callbacks
):
    Program.directory.filter(pk=program.pk).update(safeguarding_email="ochrona@example.org")
    signed_in(lead).post(_remove_url(program, lead))

    with django_capture_on_commit_callbacks(execute=True):
        concern_raise(by=coordinator, about=volunteer, category="other", description="Skarga")

    sent = Notification.objects.get(kind="concern_raised")
    assert (sent.user, sent.address) == (None, "ochrona@example.org")


def test_the_concerns_page_names_each_programmes_leads(program, lead, coordinator):
    page = signed_in(coordinator, language="en").get(reverse("coordinator-concerns-page"))

    assert lead.full_name in page.content.decode()
    assert _leads_url(program) in page.content.decode()
