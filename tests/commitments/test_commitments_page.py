"""The coordinators' morning page: at risk first, quiet days, milestones; ending early."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Program, User
from matching.models import Match
from tests.clients import signed_in
from tests.matching.matches_cast import active, open_request, ready_volunteer, today

PAGE = "/coordinators/commitments/"


def _pairing(program: Program, coordinator: User, name: str, **fields: object) -> Match:
    match = active(
        open_request(program, f"Newcomer {name}"),
        ready_volunteer(program, name),
        coordinator,
        started_on=today() - timedelta(days=40),
    )
    Match.objects.filter(pk=match.pk).update(**fields)
    return match


def test_at_risk_pairings_come_first_then_reminded_then_the_rest(
    program: Program, coordinator: User
) -> None:
    _pairing(program, coordinator, "Calm", last_check_in_on=today() - timedelta(days=2))
    _pairing(program, coordinator, "Reminded", health="reminded")
    _pairing(program, coordinator, "Risky", health="at_risk")
    _pairing(program, coordinator, "Unhappy", attention="low_satisfaction",
             last_check_in_on=today() - timedelta(days=1))  # fmt: skip

    response = signed_in(coordinator).get(PAGE, HTTP_ACCEPT_LANGUAGE="en")

    names = [row["match"].volunteer.user.full_name for row in response.context["rows"]]
    assert names == ["Risky", "Reminded", "Unhappy", "Calm"]
    calm = response.context["rows"][-1]
    assert (calm["quiet_days"], calm["month"], calm["months"]) == (2, 2, 6)
    assert calm["milestone_on"] == today() - timedelta(days=2) + timedelta(days=21)


def test_filters_narrow_the_list(program: Program, coordinator: User) -> None:
    _pairing(program, coordinator, "Risky", health="at_risk")
    _pairing(program, coordinator, "Calm")

    response = signed_in(coordinator).get(PAGE, {"health": "at_risk"})

    assert [row["match"].volunteer.user.full_name for row in response.context["rows"]] == ["Risky"]


def test_another_programmes_pairings_never_appear(
    program: Program, other_program: Program, coordinator: User, outsider: User
) -> None:
    _pairing(program, coordinator, "Ours")

    response = signed_in(outsider).get(PAGE)

    assert response.context["rows"] == []


def test_residents_cannot_open_the_morning_page(volunteer: User) -> None:
    assert signed_in(volunteer).get(PAGE).status_code == 403


@pytest.mark.parametrize("pairings", [1, 8])
def test_the_morning_page_costs_the_same_queries_for_any_number_of_pairings(
    program: Program, coordinator: User, pairings: int
) -> None:
    for position in range(pairings):
        _pairing(program, coordinator, f"Person {position}")
    client = signed_in(coordinator)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE)

    assert len(response.context["rows"]) == pairings
    # user (the session comes from the cache), scope memberships (which answer the
    # coordinator check), count, and the page of matches with people and programme joined
    # (the coordinated programmes are a subquery), and the workspace navigation's counts
    # (5, commitments.workspace).
    assert len(queries) == 9, [query["sql"] for query in queries.captured_queries]


def test_ending_early_from_the_page_needs_a_listed_reason(
    program: Program, coordinator: User
) -> None:
    match = _pairing(program, coordinator, "Leaving")
    client = signed_in(coordinator)

    refused = client.post(f"/coordinators/matches/{match.pk}/end/", {"end_reason": "other"})
    ended = client.post(f"/coordinators/matches/{match.pk}/end/", {"end_reason": "moved_away"})

    assert refused.status_code == 200
    assert ended.status_code == 302
    match.refresh_from_db()
    assert (match.status, match.end_reason) == ("ended", "moved_away")


def test_another_programmes_coordinator_cannot_end_a_pairing(
    program: Program, coordinator: User, outsider: User
) -> None:
    match = _pairing(program, coordinator, "Ours")

    response = signed_in(outsider).post(
        f"/coordinators/matches/{match.pk}/end/", {"end_reason": "moved_away"}
    )

    assert response.status_code == 404
    match.refresh_from_db()
    assert match.status == "active"
