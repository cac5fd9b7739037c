"""POST/GET /api/v1/matching-runs/: batch proposals for every open request of a programme."""

from __future__ import annotations

from typing import Any

import pytest
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from accounts.models import Program, User
from matching import services
from matching.engine import Assignment
from matching.models import ExclusionSource, Match, MatchingRun, PairExclusion
from tests.clients import signed_in
from tests.matching.matches_cast import KRAKOW, open_request, proposed, ready_volunteer
from tests.queries import queries_for_few_and_many


def start(client: APIClient, capture: Any, **body: Any) -> Any:
    """Start a run; the task is enqueued after commit and runs eagerly here."""
    with capture(execute=True):
        return client.post("/api/v1/matching-runs/", body, format="json")


def test_a_run_proposes_a_volunteer_for_each_open_request_and_reports_what_it_did(
    coordinator: User, program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    ukrainian = ready_volunteer(program, "Anna Kowalska")
    georgian = ready_volunteer(program, "Piotr Nowak", languages={"pl": "native", "ka": "C1"})
    olena = open_request(program, "Olena")
    nino = open_request(program, "Nino", newcomer={"languages": {}, "first_language": "ka"})
    client = signed_in(coordinator)

    response = start(client, django_capture_on_commit_callbacks)

    assert response.status_code == 202, response.json()
    assert response.json()["status"] == "pending"
    run = client.get(f"/api/v1/matching-runs/{response.json()['id']}/").json()
    assert {key: run[key] for key in ("status", "stage", "progress", "proposals", "error")} == {
        "status": "done",
        "stage": "done",
        "progress": 100,
        "proposals": 2,
        "error": "",
    }
    assert (run["requests_considered"], run["volunteers_considered"]) == (2, 2)
    assert run["total_score"] > 0
    assert run["solver_seconds"] >= 0
    assert (run["program"], run["started_by"], run["exact"]) == (
        "warszawa",
        coordinator.pk,
        False,
    )
    assert run["finished_at"] is not None
    pairs = {(m.request_id, m.volunteer_id) for m in Match.objects.filter(run_id=run["id"])}
    assert pairs == {(olena.pk, ukrainian.pk), (nino.pk, georgian.pk)}
    match = Match.objects.get(request=olena)
    assert (match.status, match.proposed_by, match.newcomer) == (
        "proposed",
        coordinator,
        olena.newcomer,
    )
    assert 0 < match.score <= 1
    assert set(match.breakdown) == {
        "language", "skills", "distance", "interests", "availability", "load"
    }  # fmt: skip
    assert match.reasons[0] == {
        "code": "shared_language",
        "params": {"language": "uk", "level": "B2"},
    }
    assert [(d.action, d.by) for d in match.decisions.all()] == [("proposed", coordinator)]


def test_run_proposals_and_pending_ones_never_exceed_a_capacity(
    coordinator: User, program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    volunteer = ready_volunteer(program, capacity=3, active_matches=1)
    proposed(open_request(program, "Waiting"), volunteer, coordinator)
    for name in ("Olena", "Andrii", "Iryna"):
        open_request(program, name)

    response = start(signed_in(coordinator), django_capture_on_commit_callbacks)

    run = MatchingRun.objects.get(pk=response.json()["id"])
    assert (run.status, run.requests_considered, run.proposals) == ("done", 3, 1)
    assert Match.objects.filter(volunteer=volunteer, status="proposed").count() == 2


def test_requests_with_a_proposed_or_active_match_are_left_alone(
    coordinator: User, program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    volunteer = ready_volunteer(program, capacity=5)
    proposed(open_request(program, "Proposed"), volunteer, coordinator)
    waiting = open_request(program, "Waiting")

    response = start(signed_in(coordinator), django_capture_on_commit_callbacks)

    run = MatchingRun.objects.get(pk=response.json()["id"])
    assert (run.requests_considered, run.proposals) == (1, 1)
    assert Match.objects.get(run=run).request == waiting


def test_a_run_never_proposes_an_excluded_pair(
    coordinator: User, program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    volunteer = ready_volunteer(program)
    request = open_request(program)
    PairExclusion.objects.create(
        program=program,
        volunteer=volunteer,
        newcomer=request.newcomer,
        source=ExclusionSource.ENDED_EARLY,
    )

    response = start(signed_in(coordinator), django_capture_on_commit_callbacks)

    assert MatchingRun.objects.get(pk=response.json()["id"]).proposals == 0
    assert not Match.objects.exists()


def test_an_exact_run_finds_the_same_proposals(
    coordinator: User, program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    volunteer = ready_volunteer(program)
    request = open_request(program)

    response = start(signed_in(coordinator), django_capture_on_commit_callbacks, exact=True)

    assert response.json()["exact"] is True
    assert Match.objects.get().request == request
    assert Match.objects.get().volunteer == volunteer


def test_a_second_execution_of_the_same_run_does_nothing(
    coordinator: User, program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    ready_volunteer(program, capacity=2)
    open_request(program)
    run_id = start(signed_in(coordinator), django_capture_on_commit_callbacks).json()["id"]
    open_request(program, "Arrived later")

    with scopes_disabled():
        again = services.run_execute(run_id=run_id)

    assert again is False
    assert Match.objects.count() == 1
    assert MatchingRun.objects.get(pk=run_id).proposals == 1


def test_progress_is_reported_while_the_engine_works(
    coordinator: User,
    program: Program,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ready_volunteer(program)
    open_request(program)
    seen: list[tuple[str, str, int]] = []
    real_assign = services.assign

    def watching_assign(*args: Any, **kwargs: Any) -> Assignment:
        run = MatchingRun.objects.get()
        seen.append((run.status, run.stage, run.progress))
        return real_assign(*args, **kwargs)

    monkeypatch.setattr(services, "assign", watching_assign)

    start(signed_in(coordinator), django_capture_on_commit_callbacks)

    assert seen == [("running", "solving", 40)]


def test_a_failing_run_is_marked_failed_with_the_error_and_proposes_nothing(
    coordinator: User,
    program: Program,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ready_volunteer(program)
    open_request(program)

    def broken_assign(*args: Any, **kwargs: Any) -> Assignment:
        raise RuntimeError("min-cost flow failed")

    monkeypatch.setattr(services, "assign", broken_assign)

    response = start(signed_in(coordinator), django_capture_on_commit_callbacks)

    run = signed_in(coordinator).get(f"/api/v1/matching-runs/{response.json()['id']}/").json()
    assert (run["status"], run["stage"], run["error"]) == (
        "failed",
        "failed",
        "RuntimeError: min-cost flow failed",
    )
    assert run["finished_at"] is not None
    assert not Match.objects.exists()


def test_a_coordinator_lists_the_programmes_runs_newest_first(
    coordinator: User, program: Program, other_program: Program
) -> None:
    older = MatchingRun.objects.create(program=program, started_by=coordinator)
    newer = MatchingRun.objects.create(program=program, started_by=coordinator)
    MatchingRun.objects.create(program=other_program)

    body = signed_in(coordinator).get("/api/v1/matching-runs/").json()

    assert [item["id"] for item in body["results"]] == [newer.pk, older.pk]
    assert body["results"][0]["started_by_name"] == "Agnieszka Wiśniewska"


def test_the_run_list_costs_the_same_queries_for_two_or_twenty_runs(
    coordinator: User, program: Program
) -> None:
    client = signed_in(coordinator)

    def add(numbers: range) -> None:
        for _index in numbers:
            MatchingRun.objects.create(program=program, started_by=coordinator)

    few, many, response = queries_for_few_and_many(
        add, lambda: client.get("/api/v1/matching-runs/")
    )

    assert response.json()["count"] == 20
    # user (the session comes from the cache), scope (whose memberships answer the role check),
    # count, and one page of runs joined with programme and starter
    assert many == few == 4


def test_the_outsider_neither_sees_nor_starts_runs_of_the_programme(
    outsider: User, program: Program
) -> None:
    run = MatchingRun.objects.create(program=program)
    client = signed_in(outsider)

    assert client.get("/api/v1/matching-runs/").json()["count"] == 0
    assert client.get(f"/api/v1/matching-runs/{run.pk}/").status_code == 404
    refused = client.post("/api/v1/matching-runs/", {"program": "warszawa"}, format="json")
    assert (refused.status_code, list(refused.json())) == (400, ["program"])
    assert MatchingRun.objects.count() == 1


def test_volunteers_and_newcomers_may_not_start_or_see_runs(
    volunteer: User, newcomer: User, program: Program
) -> None:
    run = MatchingRun.objects.create(program=program)

    for person in (volunteer, newcomer):
        client = signed_in(person)
        assert client.post("/api/v1/matching-runs/", {}, format="json").status_code == 403
        assert client.get("/api/v1/matching-runs/").status_code == 403
        assert client.get(f"/api/v1/matching-runs/{run.pk}/").status_code == 403
    assert MatchingRun.objects.count() == 1


def test_a_far_volunteer_is_not_proposed(
    coordinator: User, program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    ready_volunteer(program, at=KRAKOW)
    open_request(program)

    response = start(signed_in(coordinator), django_capture_on_commit_callbacks)

    run = MatchingRun.objects.get(pk=response.json()["id"])
    assert (run.status, run.volunteers_considered, run.proposals) == ("done", 1, 0)


def test_a_proposal_outside_the_requests_best_few_is_still_explained(
    coordinator: User,
    program: Program,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ready_volunteer(program)
    open_request(program)
    monkeypatch.setattr(services, "EXPLAIN_TOP_K", 0)

    start(signed_in(coordinator), django_capture_on_commit_callbacks)

    match = Match.objects.get()
    assert match.breakdown["language"] > 0
    assert match.reasons[0]["code"] == "shared_language"
