"""GET /api/v1/programs/: each person sees only the programmes they belong to."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope
from django_scopes.exceptions import ScopeError
from rest_framework.test import APIClient

from accounts.models import Program, Role, User
from tests.clients import signed_in
from tests.factories import ProgramFactory, member


def test_a_coordinator_lists_only_their_own_programme(
    coordinator: User, other_program: Program
) -> None:
    response = signed_in(coordinator).get("/api/v1/programs/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [row["slug"] for row in body["results"]] == ["warszawa"]
    assert body["results"][0] == {
        "slug": "warszawa",
        "name": "Ambasadorzy Powitania Warszawa",
        "city": "Warszawa",
        "commitment_months": 6,
    }


def test_another_programme_is_404_not_403(outsider: User, program: Program) -> None:
    response = signed_in(outsider).get("/api/v1/programs/warszawa/")

    assert response.status_code == 404


def test_a_member_reads_their_own_programme(volunteer: User) -> None:
    response = signed_in(volunteer).get("/api/v1/programs/warszawa/")

    assert response.status_code == 200
    assert response.json()["city"] == "Warszawa"


def test_staff_list_every_programme(staff: User, program: Program, other_program: Program) -> None:
    slugs = [row["slug"] for row in signed_in(staff).get("/api/v1/programs/").json()["results"]]

    assert slugs == ["warszawa", "krakow"]  # by name: "Ambasadorzy…" before "Krakowscy…"


def test_anonymous_callers_get_401(api: APIClient, program: Program) -> None:
    assert api.get("/api/v1/programs/").status_code == 401


def test_the_list_costs_the_same_queries_for_one_or_many_programmes(db: None) -> None:
    coordinator = member(ProgramFactory.create(), Role.COORDINATOR)
    client = signed_in(coordinator)
    for _ in range(5):
        member(ProgramFactory.create(), Role.COORDINATOR, email=f"x{_}@example.org")
        coordinator.memberships.create(program=ProgramFactory.create(), role=Role.COORDINATOR)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/programs/")

    assert response.json()["count"] == 6
    # user (the session comes from the cache), the user's programme ids (scope), count, page
    assert len(queries) == 4


@pytest.mark.django_db
def test_a_programme_owned_query_outside_any_scope_fails_loudly(program: Program) -> None:
    with scope(), pytest.raises(ScopeError):
        list(Program.objects.all())


def test_inside_a_scope_only_that_programme_is_visible(
    program: Program, other_program: Program
) -> None:
    with scope(program=[other_program.pk]):
        assert list(Program.objects.all()) == [other_program]
