"""/api/v1/requests/: newcomers ask for support; coordinators see and filter the queue."""

from __future__ import annotations

from accounts.models import Program, User
from newcomers.models import NewcomerProfile, SupportRequest
from tests.clients import signed_in
from tests.instants import days_ago
from tests.queries import queries_for_few_and_many
from tests.unchanged import nothing_changes

REQUEST = {"needs": ["admin_procedures", "housing"], "modes": ["in_person"], "urgency": "high"}


def waiting_request(program: Program, name: str, days: int, **fields: object) -> SupportRequest:
    newcomer = NewcomerProfile.objects.create(
        program=program, full_name=name, languages=fields.pop("languages", {"uk": "native"})
    )
    return SupportRequest.objects.create(
        program=program,
        newcomer=newcomer,
        needs=fields.pop("needs", ["housing"]),
        modes=["in_person"],
        waiting_since=days_ago(days),
        **fields,
    )


def test_a_newcomer_asks_for_support_for_themselves(newcomer: User) -> None:
    response = signed_in(newcomer).post("/api/v1/requests/", {**REQUEST, "notes": "Karta pobytu"})

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["needs"], body["urgency"]) == (
        "open",
        ["admin_procedures", "housing"],
        "high",
    )
    assert body["program"] == "warszawa"
    assert SupportRequest.objects.get().newcomer.user == newcomer


def test_a_coordinator_asks_on_behalf_of_a_newcomer(coordinator: User, program: Program) -> None:
    profile = NewcomerProfile.objects.create(program=program, full_name="Andrii")

    response = signed_in(coordinator).post("/api/v1/requests/", {**REQUEST, "newcomer": profile.pk})

    assert response.status_code == 201
    assert response.json()["newcomer"] == profile.pk


def test_a_coordinator_cannot_ask_for_another_programmes_newcomer(
    outsider: User, program: Program
) -> None:
    profile = NewcomerProfile.objects.create(program=program, full_name="Andrii")

    response = signed_in(outsider).post("/api/v1/requests/", {**REQUEST, "newcomer": profile.pk})

    assert response.status_code == 400
    assert "newcomer" in response.json()
    assert not SupportRequest.objects.exists()


def test_needs_must_be_known_and_at_least_one(newcomer: User) -> None:
    client = signed_in(newcomer)

    empty = client.post("/api/v1/requests/", {**REQUEST, "needs": []})
    unknown = client.post("/api/v1/requests/", {**REQUEST, "needs": ["astrology"]})
    long_notes = client.post("/api/v1/requests/", {**REQUEST, "notes": "x" * 1001})

    assert (empty.status_code, list(empty.json())) == (400, ["needs"])
    assert (unknown.status_code, list(unknown.json())) == (400, ["needs"])
    assert (long_notes.status_code, list(long_notes.json())) == (400, ["notes"])
    assert not SupportRequest.objects.exists()


def test_a_newcomer_cancels_their_own_open_request_once(newcomer: User) -> None:
    client = signed_in(newcomer)
    request_id = client.post("/api/v1/requests/", REQUEST).json()["id"]

    first = client.post(f"/api/v1/requests/{request_id}/cancel/")
    with nothing_changes():
        second = client.post(f"/api/v1/requests/{request_id}/cancel/")

    assert first.json()["status"] == "cancelled"
    assert second.status_code == 409


def test_a_newcomer_sees_only_their_own_requests(newcomer: User, program: Program) -> None:
    someone_else = waiting_request(program, "Someone", 3)
    client = signed_in(newcomer)
    client.post("/api/v1/requests/", REQUEST)

    assert client.get("/api/v1/requests/").json()["count"] == 1
    assert client.get(f"/api/v1/requests/{someone_else.pk}/").status_code == 404


def test_volunteers_never_see_the_request_queue(volunteer: User, program: Program) -> None:
    request = waiting_request(program, "Olena", 3)

    assert signed_in(volunteer).get("/api/v1/requests/").status_code == 403
    assert signed_in(volunteer).get(f"/api/v1/requests/{request.pk}/").status_code == 403


def test_a_coordinator_filters_the_queue(coordinator: User, program: Program) -> None:
    old = waiting_request(program, "Olena", 40, needs=["housing"], urgency="high")
    waiting_request(program, "Lan", 2, needs=["job_search"], languages={"vi": "native"})
    client = signed_in(coordinator)

    def ids(query: str) -> list[int]:
        return [row["id"] for row in client.get(f"/api/v1/requests/?{query}").json()["results"]]

    assert ids("need=housing") == [old.pk]
    assert ids("urgency=high") == [old.pk]
    assert ids("waiting_days_min=30") == [old.pk]
    assert len(ids("language=vi")) == 1
    assert len(ids("status=open")) == 2
    assert client.get(f"/api/v1/requests/{old.pk}/").json()["waiting_days"] == 40


def test_another_programmes_requests_are_invisible(outsider: User, program: Program) -> None:
    request = waiting_request(program, "Olena", 3)
    client = signed_in(outsider)

    assert client.get("/api/v1/requests/").json()["count"] == 0
    assert client.get(f"/api/v1/requests/{request.pk}/").status_code == 404
    assert client.post(f"/api/v1/requests/{request.pk}/cancel/").status_code == 404
    request.refresh_from_db()
    assert request.status == "open"


def test_the_queue_costs_the_same_queries_for_two_or_twenty_requests(
    coordinator: User, program: Program
) -> None:
    client = signed_in(coordinator)

    def add(numbers: range) -> None:
        for index in numbers:
            waiting_request(program, f"Person {index}", index)

    few, many, response = queries_for_few_and_many(add, lambda: client.get("/api/v1/requests/"))

    assert response.json()["count"] == 20
    # session, user, scope, role checks (permission and visibility), count, page
    assert many == few
