"""What the fuzzer (test_fuzz_api.py) found, pinned down one answer at a time: whatever a
client sends is answered without a 500, errors are JSON, and what the API answers may be
sent back."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.security.world import COORDINATOR, VOLUNTEER, World
from tests.unchanged import nothing_changes

ApiFor = Callable[[str], APIClient]
BrowserFor = Callable[[str], Client]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/matches/abc/",
        "/api/v1/matches/abc/approve/",
        "/api/v1/matching-runs/abc/",
        "/api/v1/requests/abc/",
        "/api/v1/requests/abc/cancel/",
        "/api/v1/certificates/abc/pdf/",
        "/api/v1/certificates/abc/credential/",
    ],
)
def test_an_id_that_is_not_a_number_is_not_found(api_for: ApiFor, path: str) -> None:
    client = api_for(COORDINATOR)

    with nothing_changes():
        response = client.post(path) if path.endswith(("approve/", "cancel/")) else client.get(path)

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "asked_for"),
    [
        ("/api/v1/certificates/999999/pdf/?format=pdf", "application/pdf"),
        ("/api/v1/exports/volunteers.csv?program=nowhere&format=csv", "text/csv"),
    ],
)
def test_errors_are_json_even_when_a_pdf_or_a_csv_was_asked_for(
    api_for: ApiFor, path: str, asked_for: str
) -> None:
    response = api_for(COORDINATOR).get(path, HTTP_ACCEPT=asked_for)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/matches/?run=5e40",
        "/api/v1/requests/?waiting_days_min=99999999999999",
        "/coordinators/matches/?run=5e40",
        "/coordinators/requests/?waiting_days_min=99999999999999",
    ],
)
def test_a_filter_with_an_enormous_number_is_refused_or_ignored(
    api_for: ApiFor, browser_for: BrowserFor, query: str
) -> None:
    client = (
        browser_for(COORDINATOR) if query.startswith("/coordinators/") else api_for(COORDINATOR)
    )

    response = client.get(query)

    assert response.status_code in (200, 400)


def test_safeguarding_checks_are_one_plain_list(api_for: ApiFor, world: World) -> None:
    response = api_for(COORDINATOR).get(
        f"/api/v1/volunteers/{world.mine.volunteer.pk}/safeguarding-checks/?page=2"
    )

    assert response.status_code == 200
    assert [check["kind"] for check in response.json()] == ["criminal_record"]


@pytest.mark.parametrize("body", ["null", "[]", '"warszawa"'])
def test_typical_modules_refuse_a_body_that_is_not_an_object(api_for: ApiFor, body: str) -> None:
    with nothing_changes():
        response = api_for(COORDINATOR).post(
            "/api/v1/training/modules/defaults/", body, content_type="application/json"
        )

    assert response.status_code == 400


def test_a_profile_read_from_the_api_can_be_sent_back_with_unknown_coordinates(
    api_for: ApiFor, world: World
) -> None:
    client = api_for(VOLUNTEER)
    location = {"city": "Warszawa", "lat": None, "lon": None}

    response = client.patch("/api/v1/volunteers/me/", {"location": location}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["location"]["city"] == "Warszawa"


def test_the_schema_declares_the_errors_of_every_operation(api_for: ApiFor) -> None:
    schema = api_for(COORDINATOR).get("/api/v1/schema/?format=json").json()

    undeclared = [
        f"{method.upper()} {path}: {code}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for code in ("404", "405")
        if code not in operation["responses"]
    ]
    protected = schema["paths"]["/api/v1/matches/{id}/approve/"]["post"]["responses"]
    assert undeclared == []
    assert {"400", "401", "403", "404", "409"} <= set(protected)
