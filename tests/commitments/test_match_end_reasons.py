"""Ending early for a reason from the short list; the request follows the reason."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import Program, User
from matching.models import Match, PairExclusion
from tests.clients import signed_in
from tests.matching.matches_cast import active, open_request, ready_volunteer


def end(client: APIClient, match: Match, **body: Any) -> Any:
    return client.post(f"/api/v1/matches/{match.pk}/end/", body, format="json")


def test_a_newcomer_who_no_longer_needs_help_closes_the_request(
    coordinator: User, program: Program
) -> None:
    match = active(open_request(program), ready_volunteer(program), coordinator)

    response = end(
        signed_in(coordinator),
        match,
        end_reason="no_longer_needed",
        reason="Found a job and friends",
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["end_reason"], response.json()["reason"]) == (
        "no_longer_needed",
        "Found a job and friends",
    )
    match.request.refresh_from_db()
    assert match.request.status == "closed"
    assert PairExclusion.objects.filter(volunteer=match.volunteer, newcomer=match.newcomer).exists()


@pytest.mark.parametrize(
    "end_reason", ["moved_away", "not_a_good_fit", "volunteer_unavailable", "safeguarding_concern"]
)
def test_other_reasons_reopen_the_request_keeping_its_wait(
    coordinator: User, program: Program, end_reason: str
) -> None:
    request = open_request(program)
    waiting_since = request.waiting_since
    match = active(request, ready_volunteer(program), coordinator)

    response = end(signed_in(coordinator), match, end_reason=end_reason)

    assert response.status_code == 200, response.json()
    request.refresh_from_db()
    assert (request.status, request.waiting_since) == ("open", waiting_since)


def test_a_listed_code_given_as_the_reason_counts_as_that_reason(
    coordinator: User, program: Program
) -> None:
    match = active(open_request(program), ready_volunteer(program), coordinator)

    response = end(signed_in(coordinator), match, reason="moved_away")

    assert (response.json()["end_reason"], response.json()["reason"]) == ("moved_away", "")


def test_other_needs_a_note_and_an_unknown_reason_is_refused(
    coordinator: User, program: Program
) -> None:
    match = active(open_request(program), ready_volunteer(program), coordinator)
    client = signed_in(coordinator)

    without_note = end(client, match, end_reason="other")
    unknown = end(client, match, end_reason="bored", reason="x")

    assert (without_note.status_code, list(without_note.json())) == (400, ["reason"])
    assert (unknown.status_code, list(unknown.json())) == (400, ["end_reason"])
    match.refresh_from_db()
    assert match.status == "active"


def test_do_not_pair_is_recorded_as_its_own_decision(coordinator: User, program: Program) -> None:
    match = active(open_request(program), ready_volunteer(program), coordinator)

    response = signed_in(coordinator).post(
        f"/api/v1/matches/{match.pk}/do-not-pair/", {"reason": "Conflict"}, format="json"
    )

    assert [row["action"] for row in response.json()["decisions"]][-1] == "do_not_pair"
    assert response.json()["status"] == "active"


def test_the_match_people_do_not_see_the_coordinators_attention(
    coordinator: User, program: Program
) -> None:
    # (a proposed match is not theirs to see at all: tests/security/test_private_answers.py)
    match = active(open_request(program), ready_volunteer(program), coordinator)
    Match.objects.filter(pk=match.pk).update(attention="low_satisfaction")

    own = signed_in(match.volunteer.user).get(f"/api/v1/matches/{match.pk}/").json()
    theirs = signed_in(coordinator).get(f"/api/v1/matches/{match.pk}/").json()

    assert (own["attention"], theirs["attention"]) == ("", "low_satisfaction")
