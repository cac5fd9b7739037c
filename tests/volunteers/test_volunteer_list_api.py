"""GET /api/v1/volunteers/: coordinators browse their programme's volunteers."""

from __future__ import annotations

from rest_framework.test import APIClient

from accounts.models import Program, Role, User
from tests.clients import signed_in
from tests.factories import member
from tests.queries import queries_for_few_and_many
from volunteers.models import VolunteerProfile


def profile(program: Program, name: str, **fields: object) -> VolunteerProfile:
    user = member(program, Role.VOLUNTEER, full_name=name)
    defaults: dict[str, object] = {
        "languages": {"pl": "native"},
        "skills": ["admin_procedures"],
        "address": "ul. Tajna 1",
        "city": "Warszawa",
    }
    return VolunteerProfile.objects.create(user=user, program=program, **{**defaults, **fields})


def names(response: object) -> list[str]:
    return [row["full_name"] for row in response.json()["results"]]  # type: ignore[attr-defined]


def test_a_coordinator_filters_by_language_skill_trained_status_and_search(
    coordinator: User, program: Program
) -> None:
    profile(program, "Anna Kowalska", languages={"pl": "native", "uk": "B2"}, is_trained=True)
    profile(program, "Piotr Nowak", skills=["housing"], status="paused")
    profile(program, "Ewa Lis", languages={"pl": "native", "vi": "C1"}, bio="mówię po wietnamsku")
    client = signed_in(coordinator)

    assert names(client.get("/api/v1/volunteers/?language=uk")) == ["Anna Kowalska"]
    assert names(client.get("/api/v1/volunteers/?skill=housing")) == ["Piotr Nowak"]
    assert names(client.get("/api/v1/volunteers/?trained=true")) == ["Anna Kowalska"]
    assert names(client.get("/api/v1/volunteers/?status=paused")) == ["Piotr Nowak"]
    assert names(client.get("/api/v1/volunteers/?search=wietnam")) == ["Ewa Lis"]
    assert names(client.get("/api/v1/volunteers/")) == ["Anna Kowalska", "Ewa Lis", "Piotr Nowak"]


def test_an_unknown_filter_value_is_a_400_naming_it(coordinator: User) -> None:
    response = signed_in(coordinator).get("/api/v1/volunteers/?language=xx")

    assert response.status_code == 400
    assert "language" in response.json()


def test_a_coordinator_never_sees_a_volunteers_street_address(
    coordinator: User, program: Program
) -> None:
    volunteer = profile(program, "Anna Kowalska")

    body = signed_in(coordinator).get(f"/api/v1/volunteers/{volunteer.pk}/").json()

    assert "address" not in body["location"]
    assert "Tajna" not in str(body)


def test_another_programmes_coordinator_sees_neither_list_rows_nor_details(
    outsider: User, program: Program
) -> None:
    volunteer = profile(program, "Anna Kowalska")
    client = signed_in(outsider)

    assert client.get("/api/v1/volunteers/").json()["count"] == 0
    assert client.get(f"/api/v1/volunteers/{volunteer.pk}/").status_code == 404


def test_volunteers_and_newcomers_cannot_browse_volunteers(
    volunteer: User, newcomer: User, api: APIClient
) -> None:
    assert signed_in(volunteer).get("/api/v1/volunteers/").status_code == 403
    assert signed_in(newcomer).get("/api/v1/volunteers/").status_code == 403
    assert api.get("/api/v1/volunteers/").status_code == 401


def test_the_list_costs_the_same_queries_for_two_or_twenty_volunteers(
    coordinator: User, program: Program
) -> None:
    client = signed_in(coordinator)

    def add(numbers: range) -> None:
        for index in numbers:
            profile(program, f"Osoba {index}")

    few, many, response = queries_for_few_and_many(add, lambda: client.get("/api/v1/volunteers/"))

    assert response.json()["count"] == 20
    # user (the session comes from the cache), scope (programme ids, whose memberships answer the
    # coordinator check), count, page with users
    assert many == few == 4
