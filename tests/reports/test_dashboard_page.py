"""The coordinators' dashboard: figures, charts with their tables, the gaps, exports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from django.test import Client

from accounts.models import Program, User
from core import clock
from tests.clients import signed_in
from tests.reports.reports_cast import running_since, year_2025

ClientAs = Callable[[User], Client]


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_the_dashboard_shows_a_years_figures_with_charts_and_tables(
    program: Program, coordinator: User, language: str
) -> None:
    year_2025(program)

    response = signed_in(coordinator).get(
        "/coordinators/dashboard/?program=warszawa&year=2025", HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 200
    page = response.content.decode()
    for chart in ("chart-months", "chart-waits", "chart-needs", "chart-languages"):
        assert f'data-chart="{chart}"' in page
        assert f'<script id="{chart}" type="application/json">' in page
    assert page.count("<table>") >= 5
    assert "static/vendor/chartjs/chart.umd.min.js" in page
    assert "static/reports/charts.js" in page
    assert "<script>" not in page
    assert ' style="' not in page
    assert "/api/v1/exports/volunteers.csv?program=warszawa" in page


def test_the_dashboard_shows_the_gaps_first(program: Program, coordinator: User) -> None:
    year_2025(program)

    page = (
        signed_in(coordinator)
        .get("/coordinators/dashboard/?year=2025", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )

    assert 'class="report-gap"' in page
    assert "ready volunteers" in page


def test_the_dashboard_runs_a_fixed_number_of_queries(
    program: Program, coordinator: User, django_assert_num_queries: object
) -> None:
    year_2025(program)
    client = signed_in(coordinator)

    # The user (1; the session comes from the cache), the scope's memberships (1; the
    # coordinator check asks them again), the programme (1), the form's programmes (whether
    # to offer a choice) and its validation (2), the statistics (12), supply and demand (the
    # requests, the pool version and, not cached yet, the volunteers: 3), the published report
    # (1), the workspace navigation's counts (5).
    with django_assert_num_queries(26):  # type: ignore[operator]
        response = client.get("/coordinators/dashboard/?year=2025")
    # Again: the volunteers' supply comes from the cache under the same pool version.
    with django_assert_num_queries(25):  # type: ignore[operator]
        again = client.get("/coordinators/dashboard/?year=2025")

    assert response.context["year"] == again.context["year"] == 2025
    assert response.context["gaps"] == again.context["gaps"]


def test_a_year_out_of_range_falls_back_to_this_year_with_the_error_shown(
    program: Program, coordinator: User
) -> None:
    response = signed_in(coordinator).get("/coordinators/dashboard/?year=1800")

    assert response.status_code == 200
    assert response.context["year"] == clock.today().year
    assert response.context["form"].errors["year"]


def test_another_programmes_coordinator_gets_404(program: Program, outsider: User) -> None:
    response = signed_in(outsider).get("/coordinators/dashboard/?program=warszawa")

    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/coordinators/dashboard/", "/coordinators/import/"])
def test_volunteers_get_403(program: Program, volunteer: User, path: str) -> None:
    assert signed_in(volunteer).get(path).status_code == 403


@pytest.mark.parametrize("path", ["/coordinators/dashboard/", "/coordinators/import/"])
def test_anonymous_visitors_are_sent_to_sign_in(program: Program, path: str) -> None:
    response = Client().get(path)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_import_page_offers_the_upload_form(program: Program, coordinator: User) -> None:
    response = signed_in(coordinator).get("/coordinators/import/")

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_the_home_page_links_coordinators_to_the_dashboard_and_import(
    program: Program, coordinator: User
) -> None:
    page = signed_in(coordinator).get("/home/").content.decode()

    assert "/coordinators/dashboard/" in page
    assert "/coordinators/import/" in page


def test_the_year_menu_starts_the_year_the_programme_was_created(
    at_every_hour: datetime, program: Program, coordinator: User
) -> None:
    running_since(program, date(2025, 6, 1))
    this_year = clock.today().year

    form = signed_in(coordinator).get("/coordinators/dashboard/").context["form"]

    years = [year for year, _label in form.fields["year"].choices]
    assert years == list(range(this_year, 2024, -1))


def test_a_programme_created_this_year_offers_only_this_year(
    at_every_hour: datetime, program: Program, coordinator: User
) -> None:
    response = signed_in(coordinator).get("/coordinators/dashboard/")

    assert [year for year, _label in response.context["form"].fields["year"].choices] == [
        at_every_hour.year
    ]
