"""Private answers kept private (issue #20, point 3): a newcomer's survey answer reaches only
the coordinators; participants see through the API only the matches their pages show; people
who have not confirmed their address are on no coordinator page."""

from __future__ import annotations

from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import Program, Role, User
from commitments.surveys import survey_answer
from tests.factories import member
from tests.matching.matches_cast import active, open_request, proposed, ready_volunteer


def with_token(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user)[1]}")
    return client


def test_the_newcomers_rating_reaches_the_coordinator_and_not_her_volunteer(
    program: Program, coordinator: User, newcomer: User
) -> None:
    volunteer = ready_volunteer(program)
    match = active(open_request(program, user=newcomer), volunteer, coordinator)
    survey_answer(match=match, respondent=newcomer, number=1, rating=1, wants_contact=True)

    as_volunteer = with_token(volunteer.user).get(f"/api/v1/matches/{match.pk}/")
    as_newcomer = with_token(newcomer).get(f"/api/v1/matches/{match.pk}/")
    as_coordinator = with_token(coordinator).get(f"/api/v1/matches/{match.pk}/")
    volunteer_list = with_token(volunteer.user).get("/api/v1/matches/")

    assert as_volunteer.json()["last_satisfaction"] is None
    assert as_volunteer.json()["attention"] == ""
    assert as_newcomer.json()["last_satisfaction"] is None
    assert volunteer_list.json()["results"][0]["last_satisfaction"] is None
    assert as_coordinator.json()["last_satisfaction"] == 1
    assert as_coordinator.json()["attention"] == "low_satisfaction"


def test_participants_do_not_see_proposed_or_rejected_matches(
    program: Program, coordinator: User, newcomer: User
) -> None:
    volunteer = ready_volunteer(program)
    match = proposed(open_request(program, user=newcomer), volunteer, coordinator)
    client = with_token(volunteer.user)

    listed = client.get("/api/v1/matches/")
    one = client.get(f"/api/v1/matches/{match.pk}/")
    check_ins = client.get(f"/api/v1/matches/{match.pk}/check-ins/")

    assert listed.json()["count"] == 0
    assert one.status_code == 404
    assert check_ins.status_code == 404
    assert with_token(coordinator).get(f"/api/v1/matches/{match.pk}/").status_code == 200


def test_an_unconfirmed_sign_up_is_on_no_coordinator_page(
    program: Program, coordinator: User
) -> None:
    unconfirmed = member(program, Role.VOLUNTEER, full_name="Niepotwierdzona Osoba",
                         verified_email=False)  # fmt: skip
    profile = ready_volunteer(program, user=unconfirmed)
    browser = Client()
    browser.force_login(coordinator)

    history = browser.get(f"/coordinators/history/?volunteer={profile.pk}")
    erase = browser.get(f"/coordinators/erase/?user={unconfirmed.pk}")
    volunteers = browser.get("/coordinators/volunteers/")

    assert history.status_code == erase.status_code == 404
    for page in (history, erase, volunteers):
        assert "Niepotwierdzona" not in page.content.decode()
        assert unconfirmed.email not in page.content.decode()
