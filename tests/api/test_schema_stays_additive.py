"""The API contract only grows: the live schema keeps everything the released one promised.

`openapi-v1-baseline.json` is the schema as last released (refresh it with `python manage.py
spectacular --format openapi-json --file tests/api/openapi-v1-baseline.json` when a release
ships, after this test passed). Adding paths, fields, parameters and answers is fine; removing
or retyping them, or making a request field required, breaks clients and fails here.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.api.schema_diff import breaking_changes

BASELINE = Path(__file__).with_name("openapi-v1-baseline.json")


@pytest.fixture
def live_schema(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return dict(response.json())


@pytest.fixture(scope="module")
def baseline() -> dict[str, Any]:
    return dict(json.loads(BASELINE.read_text(encoding="utf-8")))


def test_the_live_schema_keeps_everything_the_released_one_promised(
    live_schema: dict[str, Any], baseline: dict[str, Any]
) -> None:
    assert breaking_changes(baseline, live_schema) == []


def test_the_check_catches_a_removed_answer_field(baseline: dict[str, Any]) -> None:
    broken = copy.deepcopy(baseline)
    del broken["components"]["schemas"]["Match"]["properties"]["commitment_ends_on"]

    assert "GET /api/v1/matches/{id}/ 200.commitment_ends_on: removed" in breaking_changes(
        baseline, broken
    )


def test_the_check_catches_a_request_field_that_became_required(
    baseline: dict[str, Any],
) -> None:
    broken = copy.deepcopy(baseline)
    broken["components"]["schemas"]["ApproveInput"].setdefault("required", []).append("started_on")

    assert "POST /api/v1/matches/{id}/approve/ body.started_on: became required" in (
        breaking_changes(baseline, broken)
    )


def test_the_check_lets_an_added_endpoint_pass(baseline: dict[str, Any]) -> None:
    grown = copy.deepcopy(baseline)
    grown["paths"]["/api/v1/something-new/"] = {"get": {"responses": {"200": {}}}}

    assert breaking_changes(baseline, grown) == []


def test_a_new_read_only_answer_field_is_an_addition(baseline: dict[str, Any]) -> None:
    grown = copy.deepcopy(baseline)
    request = grown["components"]["schemas"]["SupportRequest"]
    request["properties"]["district"] = {"type": "string", "readOnly": True}
    request["required"].append("district")

    assert breaking_changes(baseline, grown) == []


def test_the_check_catches_a_new_required_field_a_client_must_send(
    baseline: dict[str, Any],
) -> None:
    grown = copy.deepcopy(baseline)
    request = grown["components"]["schemas"]["SupportRequest"]
    request["properties"]["district"] = {"type": "string"}
    request["required"].append("district")

    assert "POST /api/v1/requests/ body.district: became required" in breaking_changes(
        baseline, grown
    )
