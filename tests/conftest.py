"""The named cast every test can ask for.

- `program` (Warszawa) and `other_program` (Kraków), two cities sharing one deployment;
- `volunteer` (a resident mentor) and `newcomer` of `program`, and their `coordinator`;
- `outsider`: the coordinator of `other_program`, who must never see `program`'s data;
- `staff`: an operator of the whole deployment.

Test set-up runs with tenant scopes disabled so factories can write anywhere; every request
made through a client runs the real scoping of the middleware and authentication.
Sign clients in with `force_login` (session) or a real token: DRF's `force_authenticate`
skips the authentication class that scopes token callers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from accounts.models import Program, Role, User
from matching.snapshot import snapshot_clear
from tests.factories import ProgramFactory, UserFactory, member


@pytest.fixture(autouse=True)
def _scopes_disabled_for_set_up() -> Iterator[None]:
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _fresh_matching_snapshots() -> Iterator[None]:
    """Each test starts without a process-wide pool snapshot: factories write around the
    services that bump the pool version, and test databases reuse ids."""
    snapshot_clear()
    yield
    snapshot_clear()


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Rate limits (allauth's sign-up e-mails, the public certificate check) count in the
    cache, which outlives a test."""
    cache.clear()


@pytest.fixture
def program(db: None) -> Program:
    return ProgramFactory.create(
        slug="warszawa", name="Ambasadorzy Powitania Warszawa", city="Warszawa"
    )


@pytest.fixture
def other_program(db: None) -> Program:
    return ProgramFactory.create(slug="krakow", name="Krakowscy Ambasadorzy", city="Kraków")


@pytest.fixture
def coordinator(program: Program) -> User:
    return member(program, Role.COORDINATOR, full_name="Agnieszka Wiśniewska")


@pytest.fixture
def outsider(other_program: Program) -> User:
    return member(other_program, Role.COORDINATOR, full_name="Tomasz Zieliński")


@pytest.fixture
def volunteer(program: Program) -> User:
    return member(program, Role.VOLUNTEER, full_name="Anna Kowalska")


@pytest.fixture
def newcomer(program: Program) -> User:
    return member(program, Role.NEWCOMER, full_name="Олена Ковальчук", preferred_language="uk")


@pytest.fixture
def staff(db: None) -> User:
    return UserFactory.create(is_staff=True, full_name="Operator")


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def api_as() -> Callable[[User], APIClient]:
    """A client signed in as the given person (session)."""

    def sign_in(user: User) -> APIClient:
        client = APIClient()
        client.force_login(user)
        return client

    return sign_in
