"""Homes that say where you stand and what happens next (#18, point 2)."""

from __future__ import annotations

from django.test import Client
from django.utils import translation
from django.utils.formats import date_format

from accounts.models import Program, User
from core.clock import today
from tests.matching.matches_cast import active, open_request, ready_volunteer
from tests.volunteers.agreement_cast import terms_for
from volunteers.agreements import agreement_make, agreement_sign_on_paper


def home(client: Client, user: User) -> str:
    client.force_login(user)
    return client.get("/home/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_new_resident_sees_the_steps_ahead_with_the_profile_first(
    client: Client, volunteer: User
) -> None:
    page = home(client, volunteer)

    steps = ["Your profile", "Training", "Waiting to be matched", "Certificate"]
    positions = [page.index(step) for step in steps]
    assert positions == sorted(positions)
    assert 'href="/residents/profile/"' in page
    assert "To do" in page and "Cannot start yet" in page


def test_a_matched_resident_gets_a_link_to_their_pair(
    client: Client, program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = active(
        open_request(program, user=newcomer),
        ready_volunteer(program, user=volunteer, city="Warszawa"),
        coordinator,
    )

    page = home(client, volunteer)

    assert f'href="/matches/{match.pk}/"' in page
    assert "Your pair: Олена" in page


def test_the_newcomer_s_status_changes_with_the_request(
    client: Client, program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    support_request = open_request(program, user=newcomer)

    waiting = home(client, newcomer)
    requests_page = client.get("/newcomers/requests/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Looking for a volunteer" in waiting
    assert "A coordinator is looking for a volunteer who speaks your language" in waiting
    assert "Looking for a volunteer" in requests_page

    match = active(support_request, ready_volunteer(program, user=volunteer), coordinator)
    matched = home(client, newcomer)
    requests_page = client.get("/newcomers/requests/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for page in (matched, requests_page):
        assert "You have a volunteer" in page
        assert f'href="/matches/{match.pk}/"' in page
        assert "Looking for a volunteer" not in page
        assert "will look for a volunteer" not in page


def test_while_waiting_the_newcomer_sees_the_programme_s_usual_wait(
    client: Client, program: Program, newcomer: User, coordinator: User
) -> None:
    for number in range(5):
        request = open_request(program, f"Osoba {number}")
        active(request, ready_volunteer(program, f"Wolontariusz {number}"), coordinator)
    open_request(program, user=newcomer)

    page = home(client, newcomer)

    assert "In your programme people usually wait about 0 days." in page


def test_the_resident_follows_their_volunteer_agreement_from_home(
    client: Client, program: Program, volunteer: User, coordinator: User
) -> None:
    """Where the programme keeps an agreement (art. 44), it is a step: waiting for the first
    match, then to sign, then signed with its date."""
    assert "Your volunteer agreement" not in home(client, volunteer)  # no terms, no step
    terms_for(program, coordinator)
    resident = ready_volunteer(program, user=volunteer, city="Warszawa")

    before = home(client, volunteer)
    agreement, _created = agreement_make(volunteer=resident)
    to_sign = home(client, volunteer)
    agreement_sign_on_paper(
        agreement=agreement, signed_on=today(), signed_for_program_by="Maria Zielińska",
        by=coordinator,
    )  # fmt: skip
    signed = home(client, volunteer)

    assert 'href="/residents/agreement/"' in before
    assert "It is made when you are first matched; you can read it now." in before
    assert "Sign it on paper with your coordinator, or electronically on its page." in to_sign
    with translation.override("en"):
        assert f"Signed on {date_format(today(), 'DATE_FORMAT')}." in signed
