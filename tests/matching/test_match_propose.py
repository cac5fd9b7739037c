"""POST /api/v1/matches/: a coordinator proposes a volunteer, checked like the engine checks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import Program, User
from matching.models import ExclusionSource, Match, MatchDecision, PairExclusion
from tests.clients import signed_in
from tests.matching.matches_cast import KRAKOW, open_request, proposed, ready_volunteer, today
from tests.unchanged import nothing_changes


def propose(client: APIClient, request_id: int, volunteer_id: int) -> Any:
    """Asked in English, so messages and reasons read as written in the code."""
    return client.post(
        "/api/v1/matches/",
        {"request": request_id, "volunteer": volunteer_id},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_a_coordinator_proposes_a_volunteer_with_the_engines_score_and_reasons(
    coordinator: User, program: Program
) -> None:
    volunteer = ready_volunteer(program)
    request = open_request(program)

    response = propose(signed_in(coordinator), request.pk, volunteer.pk)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["request"], body["volunteer"]) == (
        "proposed",
        request.pk,
        volunteer.pk,
    )
    assert body["newcomer"] == request.newcomer_id
    assert (body["volunteer_name"], body["newcomer_name"], body["program"]) == (
        "Anna Kowalska",
        "Олена Ковальчук",
        "warszawa",
    )
    assert 0 < body["score"] <= 1
    assert set(body["breakdown"]) == {
        "language", "skills", "distance", "interests", "availability", "load"
    }  # fmt: skip
    assert body["reason_codes"][0] == {
        "code": "shared_language",
        "params": {"language": "uk", "level": "B2"},
    }
    assert body["reasons"][0] == "Both speak Ukrainian (B2)."
    match = Match.objects.get()
    assert (match.status, match.proposed_by, match.run) == ("proposed", coordinator, None)
    assert [(d.action, d.by) for d in MatchDecision.objects.all()] == [("proposed", coordinator)]
    request.refresh_from_db()
    assert request.status == "open"


BROKEN = [
    ("not_trained", {"is_trained": False}, {}, {}),
    ("paused", {"status": "paused"}, {}, {}),
    ("withdrawn", {"status": "withdrawn"}, {}, {}),
    ("full", {"capacity": 2, "active_matches": 2}, {}, {}),
    ("no_shared_language", {"languages": {"pl": "native", "uk": "A2"}}, {}, {}),
    ("too_far", {}, {"at": KRAKOW}, {}),
    ("too_far_for_the_programme", {"max_distance_km": 100}, {"at": (52.2297, 22.2)}, {}),
    # However close: a request for online meetings only and an in-person-only volunteer.
    ("no_shared_mode_online_request", {"modes": ["in_person"]}, {}, {"modes": ["online"]}),
    ("no_shared_mode_in_person_request", {"modes": ["online"]}, {}, {"modes": ["in_person"]}),
    ("minors_without_check", {}, {}, {"involves_minors": True}),
    (
        "minors_with_expired_check",
        {"minors_check_valid_until": today() - timedelta(days=1)},
        {},
        {"involves_minors": True},
    ),
]
NO_SHARED_MODE = (
    "This volunteer and the newcomer have no way of meeting in common (in person or online)."
)
MESSAGES = {
    "not_trained": "This volunteer has not completed the required training.",
    "paused": "This volunteer is paused or has withdrawn.",
    "withdrawn": "This volunteer is paused or has withdrawn.",
    "full": "This volunteer has no free capacity.",
    "no_shared_language": (
        "This volunteer and the newcomer share no language at B1 level or above."
    ),
    "too_far": "This volunteer lives too far away and they cannot meet online.",
    "too_far_for_the_programme": "This volunteer lives too far away and they cannot meet online.",
    "no_shared_mode_online_request": NO_SHARED_MODE,
    "no_shared_mode_in_person_request": NO_SHARED_MODE,
    "minors_without_check": (
        "The request involves children and this volunteer has no valid safeguarding check."
    ),
    "minors_with_expired_check": (
        "The request involves children and this volunteer has no valid safeguarding check."
    ),
}


@pytest.mark.parametrize(
    ("broken", "volunteer_fields", "newcomer_fields", "request_fields"),
    BROKEN,
    ids=[case[0] for case in BROKEN],
)
def test_a_proposal_breaking_a_hard_constraint_is_refused_naming_it(
    coordinator: User,
    program: Program,
    broken: str,
    volunteer_fields: dict[str, Any],
    newcomer_fields: dict[str, Any],
    request_fields: dict[str, Any],
) -> None:
    volunteer = ready_volunteer(program, **volunteer_fields)
    request = open_request(program, newcomer=dict(newcomer_fields), **request_fields)

    response = propose(signed_in(coordinator), request.pk, volunteer.pk)

    assert response.status_code == 400
    assert response.json() == {"volunteer": [MESSAGES[broken]]}
    assert not Match.objects.exists()
    assert not MatchDecision.objects.exists()


def test_a_pair_marked_never_again_is_refused(coordinator: User, program: Program) -> None:
    volunteer = ready_volunteer(program)
    request = open_request(program)
    PairExclusion.objects.create(
        program=program,
        volunteer=volunteer,
        newcomer=request.newcomer,
        source=ExclusionSource.DO_NOT_PAIR,
    )

    response = propose(signed_in(coordinator), request.pk, volunteer.pk)

    assert response.status_code == 400
    assert response.json() == {
        "volunteer": ["This volunteer and this newcomer must not be paired again."]
    }
    assert not Match.objects.exists()


def test_every_broken_constraint_is_named_at_once(coordinator: User, program: Program) -> None:
    volunteer = ready_volunteer(program, is_trained=False, status="paused")
    request = open_request(program, newcomer={"at": KRAKOW})

    response = propose(signed_in(coordinator), request.pk, volunteer.pk)

    assert response.status_code == 400
    assert response.json()["volunteer"] == [
        MESSAGES["not_trained"],
        MESSAGES["paused"],
        MESSAGES["too_far"],
    ]


def test_the_newcomers_first_language_counts_as_native(coordinator: User, program: Program) -> None:
    volunteer = ready_volunteer(program, languages={"ka": "B1"})
    request = open_request(program, newcomer={"languages": {}, "first_language": "ka"})

    response = propose(signed_in(coordinator), request.pk, volunteer.pk)

    assert response.status_code == 201, response.json()


def test_a_first_language_given_below_b1_does_not_count(
    coordinator: User, program: Program
) -> None:
    volunteer = ready_volunteer(program, languages={"ka": "C1"})
    request = open_request(program, newcomer={"languages": {"ka": "A2"}, "first_language": "ka"})

    response = propose(signed_in(coordinator), request.pk, volunteer.pk)

    assert response.json() == {"volunteer": [MESSAGES["no_shared_language"]]}


def test_a_far_volunteer_is_reachable_online_when_both_accept_it(
    coordinator: User, program: Program
) -> None:
    online = ready_volunteer(program, modes=["in_person", "online"], at=KRAKOW)
    request = open_request(program, modes=["in_person", "online"])

    response = propose(signed_in(coordinator), request.pk, online.pk)

    assert response.status_code == 201, response.json()
    assert {"code": "online", "params": {}} in response.json()["reason_codes"]


def test_a_volunteer_cleared_for_minors_may_take_a_request_involving_children(
    coordinator: User, program: Program
) -> None:
    volunteer = ready_volunteer(program, minors_check_valid_until=today())
    request = open_request(program, involves_minors=True)

    assert propose(signed_in(coordinator), request.pk, volunteer.pk).status_code == 201


def test_a_request_with_a_proposal_gets_no_second_one(coordinator: User, program: Program) -> None:
    request = open_request(program)
    proposed(request, ready_volunteer(program), coordinator)
    second = ready_volunteer(program, "Piotr Nowak")

    response = propose(signed_in(coordinator), request.pk, second.pk)

    assert response.status_code == 409
    assert response.json() == {"detail": "This request already has a proposed or active match."}
    assert Match.objects.count() == 1


def test_a_request_that_is_no_longer_open_gets_no_proposal(
    coordinator: User, program: Program
) -> None:
    request = open_request(program, status="cancelled")

    response = propose(signed_in(coordinator), request.pk, ready_volunteer(program).pk)

    assert response.status_code == 409
    assert not Match.objects.exists()


def test_request_and_volunteer_are_required(coordinator: User) -> None:
    client = signed_in(coordinator)
    with nothing_changes():
        response = client.post("/api/v1/matches/", {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"request", "volunteer"}


def test_another_programmes_request_and_volunteer_read_as_unknown(
    outsider: User, program: Program
) -> None:
    volunteer = ready_volunteer(program)
    request = open_request(program)

    response = propose(signed_in(outsider), request.pk, volunteer.pk)

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"request", "volunteer"}
    assert "does not exist" in body["request"][0]
    assert not Match.objects.exists()


def test_volunteers_and_newcomers_may_not_propose(
    volunteer: User, newcomer: User, program: Program
) -> None:
    profile = ready_volunteer(program, user=volunteer)
    request = open_request(program, user=newcomer)

    assert propose(signed_in(volunteer), request.pk, profile.pk).status_code == 403
    assert propose(signed_in(newcomer), request.pk, profile.pk).status_code == 403
    assert not Match.objects.exists()


def test_anonymous_callers_are_asked_to_sign_in(api: APIClient, program: Program) -> None:
    assert propose(api, 1, 1).status_code == 401


def test_a_volunteer_of_another_programme_cannot_be_proposed_even_by_staff(
    staff: User, program: Program, other_program: Program
) -> None:
    volunteer = ready_volunteer(other_program)
    request = open_request(program)

    response = propose(signed_in(staff), request.pk, volunteer.pk)

    assert response.status_code == 400
    assert response.json() == {"volunteer": ["This volunteer belongs to another programme."]}
    assert not Match.objects.exists()
