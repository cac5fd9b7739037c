"""Reject, end early and "do not pair again": each recorded, each only from the right state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import Program, User
from matching.models import Match, MatchDecision, PairExclusion
from tests.clients import signed_in
from tests.instants import days_ago
from tests.matching.matches_cast import active, open_request, proposed, ready_volunteer, today
from tests.unchanged import nothing_changes

Api = Callable[[User], APIClient]


def act(client: APIClient, match: Match, action: str, **body: Any) -> Any:
    return client.post(
        f"/api/v1/matches/{match.pk}/{action}/", body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_a_rejected_proposal_leaves_the_request_open(coordinator: User, program: Program) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    response = act(signed_in(coordinator), match, "reject", reason="Different neighbourhoods")

    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["reason"]) == (
        "rejected",
        "Different neighbourhoods",
    )
    assert response.json()["decisions"][-1]["action"] == "rejected"
    assert response.json()["decisions"][-1]["note"] == "Different neighbourhoods"
    match.request.refresh_from_db()
    assert match.request.status == "open"
    assert not PairExclusion.objects.exists()


def test_a_rejected_request_can_get_a_new_proposal(coordinator: User, program: Program) -> None:
    request = open_request(program)
    match = proposed(request, ready_volunteer(program), coordinator)
    act(signed_in(coordinator), match, "reject", reason="No")

    again = proposed(request, ready_volunteer(program, "Piotr Nowak"), coordinator)

    assert again.status == "proposed"


@pytest.mark.parametrize("action", ["reject", "end", "do-not-pair"])
def test_a_decision_needs_a_reason(coordinator: User, program: Program, action: str) -> None:
    match = active(open_request(program), ready_volunteer(program), coordinator)

    missing = act(signed_in(coordinator), match, action)
    blank = act(signed_in(coordinator), match, action, reason="  ")

    assert (missing.status_code, list(missing.json())) == (400, ["reason"])
    assert (blank.status_code, list(blank.json())) == (400, ["reason"])
    match.refresh_from_db()
    assert match.status == "active"
    assert MatchDecision.objects.count() == 2


def test_ending_early_reopens_the_request_frees_the_place_and_excludes_the_pair(
    coordinator: User, program: Program
) -> None:
    volunteer = ready_volunteer(program)
    request = open_request(program)
    waiting_since = days_ago(40)
    request.waiting_since = waiting_since
    request.save()
    match = active(request, volunteer, coordinator)
    volunteer.refresh_from_db()
    assert (volunteer.active_matches, volunteer.status) == (1, "active")

    response = act(signed_in(coordinator), match, "end", reason="Moved to Gdańsk")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["ended_on"], body["reason"]) == (
        "ended",
        today().isoformat(),
        "Moved to Gdańsk",
    )
    assert [item["action"] for item in body["decisions"]] == ["proposed", "approved", "ended"]
    request.refresh_from_db()
    volunteer.refresh_from_db()
    assert (request.status, request.waiting_since) == ("open", waiting_since)
    assert (volunteer.active_matches, volunteer.status) == (0, "ready")
    exclusion = PairExclusion.objects.get()
    assert (exclusion.volunteer, exclusion.newcomer, exclusion.source, exclusion.created_by) == (
        volunteer,
        request.newcomer,
        "ended_early",
        coordinator,
    )


def test_after_an_early_end_the_pair_cannot_be_proposed_again(
    coordinator: User, program: Program
) -> None:
    volunteer = ready_volunteer(program)
    request = open_request(program)
    act(signed_in(coordinator), active(request, volunteer, coordinator), "end", reason="Conflict")

    client = signed_in(coordinator)
    with nothing_changes():
        response = client.post(
            "/api/v1/matches/",
            {"request": request.pk, "volunteer": volunteer.pk},
            format="json",
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 400
    assert response.json() == {
        "volunteer": ["This volunteer and this newcomer must not be paired again."]
    }


def test_do_not_pair_rejects_a_pending_proposal_and_excludes_the_pair(
    coordinator: User, program: Program
) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    response = act(signed_in(coordinator), match, "do-not-pair", reason="They know each other")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "rejected"
    exclusion = PairExclusion.objects.get()
    assert (exclusion.source, exclusion.reason) == ("do_not_pair", "They know each other")
    match.request.refresh_from_db()
    assert match.request.status == "open"


def test_do_not_pair_on_an_active_match_keeps_it_going(coordinator: User, program: Program) -> None:
    match = active(open_request(program), ready_volunteer(program), coordinator)

    response = act(signed_in(coordinator), match, "do-not-pair", reason="Not again after this")

    assert response.json()["status"] == "active"
    assert PairExclusion.objects.get().source == "do_not_pair"


def test_do_not_pair_twice_keeps_one_exclusion(coordinator: User, program: Program) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)
    client = signed_in(coordinator)

    act(client, match, "do-not-pair", reason="Once")
    second = act(client, match, "do-not-pair", reason="Twice")

    assert second.status_code == 200
    assert PairExclusion.objects.count() == 1


@pytest.mark.parametrize(
    ("state", "action", "body"),
    [
        ("ended", "approve", {}),
        ("rejected", "approve", {}),
        ("active", "approve", {}),
        ("proposed", "end", {"reason": "x"}),
        ("rejected", "end", {"reason": "x"}),
        ("ended", "end", {"reason": "x"}),
        ("active", "reject", {"reason": "x"}),
        ("rejected", "reject", {"reason": "x"}),
        ("ended", "reject", {"reason": "x"}),
    ],
)
def test_an_action_the_state_does_not_allow_is_a_conflict_and_changes_nothing(
    coordinator: User, program: Program, state: str, action: str, body: dict[str, Any]
) -> None:
    client = signed_in(coordinator)
    match = proposed(open_request(program), ready_volunteer(program), coordinator)
    if state in ("active", "ended"):
        act(client, match, "approve")
    if state == "ended":
        act(client, match, "end", reason="Ended")
    if state == "rejected":
        act(client, match, "reject", reason="Rejected")
    decisions = MatchDecision.objects.count()

    response = act(client, match, action, **body)

    assert response.status_code == 409
    assert "detail" in response.json()
    match.refresh_from_db()
    assert match.status == state
    assert MatchDecision.objects.count() == decisions


@pytest.mark.parametrize("action", ["reject", "end", "do-not-pair"])
def test_volunteers_may_not_decide_and_the_outsider_cannot_find_the_match(
    coordinator: User,
    outsider: User,
    volunteer: User,
    program: Program,
    action: str,
) -> None:
    match = active(open_request(program), ready_volunteer(program, user=volunteer), coordinator)

    assert act(signed_in(volunteer), match, action, reason="x").status_code == 403
    assert act(signed_in(outsider), match, action, reason="x").status_code == 404
    match.refresh_from_db()
    assert match.status == "active"
    assert not PairExclusion.objects.exists()
