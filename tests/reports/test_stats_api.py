"""GET /api/v1/programs/{slug}/stats/ and /gaps/: coordinators of the programme only."""

from __future__ import annotations

import pytest
from django.urls import resolve
from rest_framework.test import APIClient

from accounts.models import Program, User
from core import clock
from reports.api import StatsView
from tests.clients import signed_in
from tests.reports.reports_cast import KNOWN_2025, year_2025


def test_the_stats_path_is_reports_not_the_programme_viewset() -> None:
    assert resolve("/api/v1/programs/warszawa/stats/").func.view_class is StatsView  # type: ignore[attr-defined]
    assert resolve("/api/v1/programs/warszawa/").url_name == "program-detail"


def test_a_coordinator_reads_the_figures_of_a_year(program: Program, coordinator: User) -> None:
    year_2025(program)

    response = signed_in(coordinator).get("/api/v1/programs/warszawa/stats/?year=2025")

    assert response.status_code == 200
    assert response.json() == KNOWN_2025


def test_the_year_defaults_to_the_current_one(program: Program, coordinator: User) -> None:
    response = signed_in(coordinator).get("/api/v1/programs/warszawa/stats/")

    assert response.status_code == 200
    assert response.json()["year"] == clock.today().year
    assert len(response.json()["by_month"]) == 12


@pytest.mark.parametrize("year", ["next", "1999", "3000", "20.5"])
def test_an_invalid_year_is_a_400_naming_year(
    program: Program, coordinator: User, year: str
) -> None:
    response = signed_in(coordinator).get(f"/api/v1/programs/warszawa/stats/?year={year}")

    assert response.status_code == 400
    assert list(response.json()) == ["year"]


@pytest.mark.parametrize("path", ["stats", "gaps"])
def test_another_programmes_coordinator_gets_404(
    program: Program, outsider: User, path: str
) -> None:
    response = signed_in(outsider).get(f"/api/v1/programs/warszawa/{path}/")

    assert response.status_code == 404


@pytest.mark.parametrize("path", ["stats", "gaps"])
def test_an_unknown_programme_is_the_same_404(coordinator: User, path: str) -> None:
    response = signed_in(coordinator).get(f"/api/v1/programs/nowhere/{path}/")

    assert response.status_code == 404


@pytest.mark.parametrize("role", ["volunteer", "newcomer"])
@pytest.mark.parametrize("path", ["stats", "gaps"])
def test_volunteers_and_newcomers_get_403(
    request: pytest.FixtureRequest, role: str, path: str
) -> None:
    person = request.getfixturevalue(role)

    response = signed_in(person).get(f"/api/v1/programs/warszawa/{path}/")

    assert response.status_code == 403


def test_anonymous_callers_must_sign_in(program: Program, api: APIClient) -> None:
    response = api.get("/api/v1/programs/warszawa/stats/")

    assert response.status_code == 401


def test_staff_read_any_programme(program: Program, staff: User) -> None:
    response = signed_in(staff).get("/api/v1/programs/warszawa/stats/?year=2025")

    assert response.status_code == 200


def test_gaps_list_the_languages_and_needs_waiting(program: Program, coordinator: User) -> None:
    year_2025(program)

    response = signed_in(coordinator).get(
        "/api/v1/programs/warszawa/gaps/", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    first = response.json()[0]
    assert first["is_gap"] is True
    assert set(first) >= {
        "dimension", "code", "label", "requests_waiting", "median_wait_days",
        "longest_wait_days", "ready_volunteers", "free_places", "shortfall",
    }  # fmt: skip
