"""POST /api/v1/matches/{id}/approve/: a proposal becomes an active match, capacity locked."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import Notification, Program, Role, User
from matching.models import Match, MatchDecision
from tests.clients import signed_in
from tests.factories import member
from tests.matching.matches_cast import open_request, proposed, ready_volunteer, today


def approve(client: APIClient, match: Match, **body: Any) -> Any:
    return client.post(
        f"/api/v1/matches/{match.pk}/approve/", body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_approval_starts_the_match_today_for_the_programmes_commitment(
    coordinator: User, program: Program, volunteer: User, newcomer: User
) -> None:
    profile = ready_volunteer(program, user=volunteer)
    match = proposed(open_request(program, user=newcomer), profile, coordinator)

    response = approve(signed_in(coordinator), match)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "active"
    assert body["started_on"] == today().isoformat()
    assert body["commitment_ends_on"] == (today() + relativedelta(months=6)).isoformat()
    assert body["health"] == "on_track"
    assert [item["action"] for item in body["decisions"]] == ["proposed", "approved"]
    assert body["decisions"][1]["by"] == coordinator.pk
    match.refresh_from_db()
    match.request.refresh_from_db()
    profile.refresh_from_db()
    assert (match.decided_by, match.request.status) == (coordinator, "matched")
    assert (profile.active_matches, profile.status) == (1, "active")


def test_a_start_in_the_past_is_allowed_and_the_commitment_counts_calendar_months(
    coordinator: User, program: Program
) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    response = approve(signed_in(coordinator), match, started_on="2025-08-31")

    assert response.status_code == 200, response.json()
    assert (response.json()["started_on"], response.json()["commitment_ends_on"]) == (
        "2025-08-31",
        "2026-02-28",
    )


def test_the_commitment_follows_the_programmes_setting(coordinator: User, program: Program) -> None:
    program.commitment_months = 12
    program.save()
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    response = approve(signed_in(coordinator), match, started_on="2026-03-15")

    assert response.json()["commitment_ends_on"] == "2027-03-15"


def test_a_start_in_the_future_is_refused(coordinator: User, program: Program) -> None:
    volunteer = ready_volunteer(program)
    match = proposed(open_request(program), volunteer, coordinator)
    tomorrow = today() + timedelta(days=1)

    response = approve(signed_in(coordinator), match, started_on=tomorrow.isoformat())

    assert response.status_code == 400
    assert response.json() == {"started_on": ["A match cannot start in the future."]}
    match.refresh_from_db()
    volunteer.refresh_from_db()
    assert (match.status, volunteer.active_matches) == ("proposed", 0)
    assert not Notification.objects.exists()


def test_both_people_are_told_once_after_commit(
    coordinator: User,
    program: Program,
    volunteer: User,
    newcomer: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    match = proposed(
        open_request(program, user=newcomer), ready_volunteer(program, user=volunteer), coordinator
    )
    client = signed_in(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        first = approve(client, match)
        second = approve(client, match)

    assert (first.status_code, second.status_code) == (200, 409)
    assert sorted(Notification.objects.values_list("key", flat=True)) == sorted(
        [f"match-approved:{match.pk}:{volunteer.pk}", f"match-approved:{match.pk}:{newcomer.pk}"]
    )
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [volunteer.email, newcomer.email]
    )
    to_newcomer = next(message for message in mail.outbox if message.to == [newcomer.email])
    assert "Anna" in to_newcomer.body and "Kowalska" not in to_newcomer.body
    assert f"/matches/{match.pk}/" in to_newcomer.body


def test_a_newcomer_without_an_account_yet_is_not_e_mailed(
    coordinator: User, program: Program, volunteer: User
) -> None:
    match = proposed(open_request(program), ready_volunteer(program, user=volunteer), coordinator)

    approve(signed_in(coordinator), match)

    assert list(Notification.objects.values_list("user", flat=True)) == [volunteer.pk]


def test_a_volunteer_at_full_capacity_cannot_get_another_match_and_the_proposal_stays(
    coordinator: User, program: Program
) -> None:
    volunteer = ready_volunteer(program, capacity=1)
    first = proposed(open_request(program, "Olena"), volunteer, coordinator)
    second = proposed(open_request(program, "Andrii"), volunteer, coordinator)
    client = signed_in(coordinator)
    assert approve(client, first).status_code == 200

    response = approve(client, second)

    assert response.status_code == 409
    assert response.json() == {"detail": "This volunteer is at full capacity."}
    second.refresh_from_db()
    second.request.refresh_from_db()
    volunteer.refresh_from_db()
    assert (second.status, second.request.status) == ("proposed", "open")
    assert volunteer.active_matches == 1
    assert not MatchDecision.objects.filter(match=second, action="approved").exists()


def test_a_volunteer_paused_since_the_proposal_cannot_be_approved(
    coordinator: User, program: Program
) -> None:
    volunteer = ready_volunteer(program)
    match = proposed(open_request(program), volunteer, coordinator)
    volunteer.status = "paused"
    volunteer.save()

    response = approve(signed_in(coordinator), match)

    assert response.status_code == 409
    match.refresh_from_db()
    assert match.status == "proposed"


def test_another_coordinator_of_the_programme_may_approve(
    coordinator: User, program: Program
) -> None:
    colleague = member(program, Role.COORDINATOR, full_name="Ewa Nowak")
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    response = approve(signed_in(colleague), match)

    assert response.status_code == 200
    match.refresh_from_db()
    assert match.decided_by == colleague


def test_volunteers_and_newcomers_may_not_approve_even_their_own_match(
    coordinator: User, program: Program, volunteer: User, newcomer: User
) -> None:
    match = proposed(
        open_request(program, user=newcomer), ready_volunteer(program, user=volunteer), coordinator
    )

    assert approve(signed_in(volunteer), match).status_code == 403
    assert approve(signed_in(newcomer), match).status_code == 403
    match.refresh_from_db()
    assert match.status == "proposed"


def test_the_outsider_cannot_find_the_match_to_approve(
    coordinator: User, outsider: User, program: Program
) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    assert approve(signed_in(outsider), match).status_code == 404
    match.refresh_from_db()
    assert match.status == "proposed"
