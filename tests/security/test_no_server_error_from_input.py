"""No 500 from client input (issue #20, point 5): bodies too deep or too large, ids that are
not ids, and every list endpoint's filters driven with arbitrary text."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from drf_spectacular.settings import spectacular_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import Program, User
from tests.unchanged import nothing_changes

BODY_ENDPOINTS = ["/api/v1/auth/register/", "/api/v1/auth/token/", "/api/v1/matches/"]


@pytest.fixture
def coordinator_api(coordinator: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(coordinator)[1]}")
    return client


def post_raw(client: APIClient, url: str, text: str) -> Any:
    return client.generic("POST", url, text, content_type="application/json")


@pytest.mark.parametrize("url", BODY_ENDPOINTS)
@pytest.mark.parametrize(
    "text",
    ["[" * 50_000, '{"a":' * 3_000 + "1" + "}" * 3_000, "[" * 33 + "]" * 33],
    ids=["50000 brackets", "objects 3000 deep", "33 levels"],
)
def test_json_nested_too_deep_is_a_400_in_json(
    url: str, text: str, coordinator_api: APIClient, program: Program
) -> None:
    response = post_raw(coordinator_api, url, text)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "32" in response.json()["detail"]


def test_json_32_levels_deep_is_read(coordinator_api: APIClient, program: Program) -> None:
    nested = json.dumps({"request": 1, "volunteer": 2})
    deep = "[" * 31 + nested + "]" * 31

    response = post_raw(coordinator_api, "/api/v1/matches/", deep)

    assert response.status_code == 400  # a list is not the object expected: but it was read
    assert "32" not in json.dumps(response.json())


def test_brackets_inside_strings_do_not_count(api: APIClient, program: Program) -> None:
    with nothing_changes():
        response = api.post(
            "/api/v1/auth/token/", {"email": "a@example.org", "password": "[" * 100}, format="json"
        )

    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]


def test_a_body_over_the_limit_is_a_413_in_json(api: APIClient, db: None) -> None:
    big = json.dumps({"email": "a@example.org", "password": "x" * 5_000_000})

    response = post_raw(api, "/api/v1/auth/token/", big)

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "1048576" in response.json()["detail"]


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "1.5", "-1", "abc"])
def test_a_module_that_is_not_an_id_is_a_400_naming_it(
    value: str, coordinator_api: APIClient, program: Program
) -> None:
    response = coordinator_api.get("/api/v1/training/sessions/", {"module": value})

    assert response.status_code == 400
    assert list(response.json()) == ["module"]


def _list_operations() -> list[tuple[str, list[str]]]:
    """Every GET of the schema without path parameters, with its query parameters."""
    schema = spectacular_settings.DEFAULT_GENERATOR_CLASS().get_schema(request=None, public=True)
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        names = [p["name"] for p in get.get("parameters", []) if p["in"] == "query"]
        if names:
            found.append((path, names))
    return sorted(found)


LIST_OPERATIONS = _list_operations()


def test_the_filters_of_every_list_are_driven() -> None:
    assert len(LIST_OPERATIONS) >= 10
    assert ("/api/v1/training/sessions/", ["module", "page", "page_size", "upcoming"]) in [
        (path, sorted(names)) for path, names in LIST_OPERATIONS
    ]


@pytest.mark.parametrize(("path", "names"), LIST_OPERATIONS, ids=[p for p, _ in LIST_OPERATIONS])
def test_no_filter_value_makes_a_list_answer_5xx(
    path: str, names: list[str], coordinator_api: APIClient, program: Program
) -> None:
    @settings(
        max_examples=25,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(query=st.dictionaries(st.sampled_from(names), st.text(), min_size=1))
    def answers_without_a_server_error(query: dict[str, str]) -> None:
        response = coordinator_api.get(path, query)
        assert response.status_code < 500, (query, response.content[:300])

    answers_without_a_server_error()


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "0", "x"])
def test_an_id_that_is_not_one_on_the_coordinators_pages_is_a_404(
    value: str, coordinator: User
) -> None:
    browser = Client()
    browser.force_login(coordinator)

    history = browser.get("/coordinators/history/", {"volunteer": value})
    erase = browser.get("/coordinators/erase/", {"user": value})

    assert history.status_code == erase.status_code == 404
