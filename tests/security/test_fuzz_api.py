"""The API fuzzed against its own OpenAPI schema (issue #9, point 2).

Schemathesis reads /api/v1/schema/ from the Django application in-process (no server) and
sends every operation generated requests (valid and invalid) with the token of a coordinator,
a volunteer or a newcomer of the security world (tests/security/world.py), and of a volunteer
who has just signed up and filled in nothing (whose profile is all defaults). Each answer must:

- never be a 5xx (`not_a_server_error`);
- stay inside the schema: a declared status code, the declared content type, and a body that
  validates (`status_code_conformance`, `content_type_conformance`,
  `response_schema_conformance`);
- not ignore authentication: when a 2xx comes back, the same request without the token and
  with a made-up one must be refused (`ignored_auth`).

A path parameter that matches no route (`/matches/abc/`) gets Django's own 404 page, which is
not the operation's answer: only "no 5xx" applies to it.

The default budget is small, fixed and derandomised for CI; `FUZZ_EXAMPLES=200` (any number)
runs that many random examples per operation and role.

One test per operation and role, each a Hypothesis test over `operation.as_strategy()`:
schemathesis' own pytest loader (`schemathesis.pytest.from_fixture`) fails under pytest 9
(it reads `node._nodeid`), and this keeps failures reported per operation anyway.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from knox.models import AuthToken
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import Role
from accounts.services import user_register
from tests.security.world import COORDINATOR, NEWCOMER, VOLUNTEER, World

LARGER_BUDGET = os.environ.get("FUZZ_EXAMPLES")
EXAMPLES = int(LARGER_BUDGET) if LARGER_BUDGET else 3
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    ignored_auth,
]


def _load_schema() -> Any:
    """The schema as the application serves it, bound to the application itself (read at
    collection: one test per operation and role). Serving it reads no table."""
    return schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


SCHEMA = _load_schema()
OPERATIONS = {
    result.ok().label: result.ok()
    for result in SCHEMA.get_all_operations()
    if isinstance(result, Ok)
}


def test_every_operation_of_the_schema_is_fuzzed() -> None:
    broken = [result.err() for result in SCHEMA.get_all_operations() if not isinstance(result, Ok)]
    assert not broken
    assert len(OPERATIONS) > 50


def reaches_a_route(url: str | None) -> bool:
    """Whether the URL resolves: an invalid path parameter (`/matches/abc/`) may match no
    route at all, and Django's own 404 page is not the operation's answer."""
    try:
        resolve(unquote(urlsplit(url or "").path))
    except Resolver404:
        return False
    return True


@pytest.fixture(autouse=True)
def _one_connection_for_the_whole_test() -> Iterator[None]:
    """The WSGI handler closes the database connection around each request (as in
    production); the test's transaction must outlive the requests, as Django's test client
    arranges for itself."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


JUST_SIGNED_UP = "just signed up"


def token_of(role: str, world: World) -> str:
    """The role's token; for a volunteer who just signed up, a new account made as the
    registration endpoint makes it (in the test's savepoint)."""
    if role != JUST_SIGNED_UP:
        return world.tokens[role]
    user = user_register(
        email="dopiero.zapisana@example.org",
        password="Zupełnie-nowe-hasło-2027",
        full_name="Dopiero Zapisana",
        role=Role.VOLUNTEER,
        program=world.mine.program,
    )
    assert user is not None
    return str(AuthToken.objects.create(user)[1])


@pytest.mark.parametrize("role", [COORDINATOR, VOLUNTEER, NEWCOMER, JUST_SIGNED_UP])
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_the_api_keeps_to_its_schema(label: str, role: str, world: World, db: None) -> None:
    operation = OPERATIONS[label]
    token = token_of(role, world)
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=EXAMPLES,
        derandomize=not LARGER_BUDGET,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def answers_within_the_schema(case: Any) -> None:
        headers = {"Authorization": f"Token {token}"}
        response = case.call(headers=headers)
        checks = CHECKS if reaches_a_route(response.request.url) else [not_a_server_error]
        case.validate_response(response, checks=checks, headers=headers)

    answers_within_the_schema()
