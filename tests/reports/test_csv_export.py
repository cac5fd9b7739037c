"""CSV exports: the coordinator's own programme only, streamed in one query, formulas
neutralised, nothing sensitive."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any, cast

import pytest
from django.http import StreamingHttpResponse
from django_scopes import scope

from accounts.models import Membership, Program, Role, User
from reports.exports import neutralised
from tests.clients import signed_in
from tests.reports.reports_cast import year_2025


def _rows(response: Any) -> list[list[str]]:
    streamed = cast(StreamingHttpResponse, response)
    text = b"".join(cast(Iterator[bytes], streamed.streaming_content)).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize("cell", ["=1+1", "+48 600", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(cell: str) -> None:
    assert neutralised(cell) == "'" + cell


def test_other_cells_are_left_alone() -> None:
    assert neutralised("Anna = mentor") == "Anna = mentor"
    assert neutralised(-2) == -2


def test_the_matches_export_carries_check_in_totals(program: Program, coordinator: User) -> None:
    story = year_2025(program)

    response = signed_in(coordinator).get("/api/v1/exports/matches.csv?program=warszawa")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="warszawa-matches.csv"' in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0][-3:] == ["check-ins", "check-in hours", "check-in minutes"]
    completed = next(row for row in rows if row[0] == str(story.matches["completed"].pk))
    assert completed[-3:] == ["3", "3.0", "180"]  # 30 + 60 + 90 minutes


def test_a_formula_typed_into_a_name_is_exported_as_text(
    program: Program, coordinator: User
) -> None:
    story = year_2025(program)
    story.anna.user.full_name = '=HYPERLINK("http://evil.example","x")'
    story.anna.user.save()

    rows = _rows(signed_in(coordinator).get("/api/v1/exports/volunteers.csv"))

    assert '\'=HYPERLINK("http://evil.example","x")' in [row[1] for row in rows]


def test_no_request_notes_are_exported(program: Program, coordinator: User) -> None:
    story = year_2025(program)
    request = story.matches["active"].request
    request.notes = "Zdrowie: tajemnica"
    request.save()

    response = signed_in(coordinator).get("/api/v1/exports/requests.csv")

    text = b"".join(cast(Iterator[bytes], response.streaming_content)).decode()  # type: ignore[attr-defined]
    assert "tajemnica" not in text
    assert "notes" not in text.splitlines()[0]


@pytest.mark.parametrize("kind", ["volunteers", "requests", "matches", "certificates"])
def test_each_export_is_one_query_whatever_its_size(
    program: Program,
    coordinator: User,
    kind: str,
    django_assert_max_num_queries: object,
) -> None:
    year_2025(program)
    client = signed_in(coordinator)
    response = client.get(f"/api/v1/exports/{kind}.csv")

    # Reading the stream: the export's one SELECT (rows and joins, check-in totals annotated).
    with django_assert_max_num_queries(1):  # type: ignore[operator]
        rows = _rows(response)

    assert len(rows) > 1


def test_the_stream_reads_inside_the_scope_the_view_chose(
    program: Program, coordinator: User
) -> None:
    year_2025(program)
    response = signed_in(coordinator).get("/api/v1/exports/volunteers.csv")

    # Outside the request no programme is in scope: the queryset was made in the view.
    with scope(program=[]):
        rows = _rows(response)

    assert [row[1] for row in rows[1:]] == ["Anna Kowalska", "Piotr Nowak", "Ewa Lis", "Jan Wójcik"]


@pytest.mark.parametrize("kind", ["volunteers", "requests", "matches", "certificates"])
def test_another_programmes_coordinator_gets_404(
    program: Program, outsider: User, kind: str
) -> None:
    response = signed_in(outsider).get(f"/api/v1/exports/{kind}.csv?program=warszawa")

    assert response.status_code == 404


def test_volunteers_get_403(program: Program, volunteer: User) -> None:
    assert signed_in(volunteer).get("/api/v1/exports/volunteers.csv").status_code == 403


def test_an_unknown_export_is_404(program: Program, coordinator: User) -> None:
    assert signed_in(coordinator).get("/api/v1/exports/passwords.csv").status_code == 404


def test_a_coordinator_of_two_programmes_must_say_which(
    program: Program, other_program: Program, coordinator: User
) -> None:
    Membership.objects.create(user=coordinator, program=other_program, role=Role.COORDINATOR)

    response = signed_in(coordinator).get("/api/v1/exports/volunteers.csv")

    assert response.status_code == 400
    assert list(response.json()) == ["program"]
