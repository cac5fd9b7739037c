"""GET /api/v1/matches/ and /api/v1/matches/{id}/: who sees which match, and at what cost."""

from __future__ import annotations

from rest_framework.test import APIClient

from accounts.models import Program, User
from matching.models import Match
from tests.clients import signed_in
from tests.matching.matches_cast import active, open_request, proposals, proposed, ready_volunteer
from tests.queries import queries_for_few_and_many


def ids(response: object) -> list[int]:
    return sorted(item["id"] for item in response.json()["results"])  # type: ignore[attr-defined]


def test_a_coordinator_sees_the_programmes_matches_paginated(
    coordinator: User, program: Program
) -> None:
    first = proposed(open_request(program, "Olena"), ready_volunteer(program), coordinator)
    second = active(
        open_request(program, "Andrii"), ready_volunteer(program, "Piotr Nowak"), coordinator
    )

    response = signed_in(coordinator).get("/api/v1/matches/?page_size=1")

    body = response.json()
    assert (response.status_code, body["count"], len(body["results"])) == (200, 2, 1)
    assert body["next"] is not None
    assert ids(signed_in(coordinator).get("/api/v1/matches/")) == sorted([first.pk, second.pk])


def test_the_list_filters_by_status_and_health(coordinator: User, program: Program) -> None:
    waiting = proposed(open_request(program, "Olena"), ready_volunteer(program), coordinator)
    running = active(
        open_request(program, "Andrii"), ready_volunteer(program, "Piotr Nowak"), coordinator
    )
    Match.objects.filter(pk=running.pk).update(health="at_risk")
    client = signed_in(coordinator)

    assert ids(client.get("/api/v1/matches/?status=proposed")) == [waiting.pk]
    assert ids(client.get("/api/v1/matches/?status=active&health=at_risk")) == [running.pk]
    assert ids(client.get("/api/v1/matches/?health=on_track")) == [waiting.pk]
    assert client.get("/api/v1/matches/?status=lost").status_code == 400


def test_volunteer_and_newcomer_see_only_their_own_match(
    coordinator: User, program: Program, volunteer: User, newcomer: User
) -> None:
    theirs = active(
        open_request(program, user=newcomer, notes="Przemoc domowa, tylko dla koordynatora"),
        ready_volunteer(program, user=volunteer),
        coordinator,
    )
    other = proposed(
        open_request(program, "Andrii"), ready_volunteer(program, "Piotr Nowak"), coordinator
    )

    for person in (volunteer, newcomer):
        client = signed_in(person)
        listed = client.get("/api/v1/matches/")
        detail = client.get(f"/api/v1/matches/{theirs.pk}/")
        assert ids(listed) == [theirs.pk]
        assert detail.status_code == 200
        assert client.get(f"/api/v1/matches/{other.pk}/").status_code == 404
        assert "Przemoc" not in listed.content.decode() + detail.content.decode()
        assert detail.json()["decisions"] == []


def test_the_reason_of_a_decision_is_for_coordinators_only(
    coordinator: User, program: Program, volunteer: User
) -> None:
    match = active(open_request(program), ready_volunteer(program, user=volunteer), coordinator)
    signed_in(coordinator).post(f"/api/v1/matches/{match.pk}/end/", {"reason": "Complaint"})

    as_volunteer = signed_in(volunteer).get(f"/api/v1/matches/{match.pk}/").json()
    as_coordinator = signed_in(coordinator).get(f"/api/v1/matches/{match.pk}/").json()

    assert (as_volunteer["status"], as_volunteer["reason"]) == ("ended", "")
    assert as_coordinator["reason"] == "Complaint"
    assert [item["action"] for item in as_coordinator["decisions"]] == [
        "proposed",
        "approved",
        "ended",
    ]
    assert as_coordinator["decisions"][-1]["by_name"] == "Agnieszka Wiśniewska"


def test_the_outsider_sees_an_empty_list_and_no_match(
    coordinator: User, outsider: User, program: Program
) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)
    client = signed_in(outsider)

    assert client.get("/api/v1/matches/").json()["count"] == 0
    assert client.get(f"/api/v1/matches/{match.pk}/").status_code == 404


def test_staff_see_every_programme(coordinator: User, staff: User, program: Program) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    assert ids(signed_in(staff).get("/api/v1/matches/")) == [match.pk]


def test_anonymous_callers_are_asked_to_sign_in(api: APIClient) -> None:
    assert api.get("/api/v1/matches/").status_code == 401


def test_the_list_costs_the_same_queries_for_two_or_twenty_matches(
    coordinator: User, program: Program
) -> None:
    client = signed_in(coordinator)

    few, many, response = queries_for_few_and_many(
        proposals(program, coordinator), lambda: client.get("/api/v1/matches/")
    )

    assert response.json()["count"] == 20
    # user (the session comes from the cache), scope (memberships), count, one page of matches
    # joined with programme, request, both people and their accounts, the page's decisions, their
    # coordinators, and the coordinated programmes (who may read reasons and decisions)
    assert many == few == 7
