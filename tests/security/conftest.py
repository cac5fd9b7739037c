"""The security tests' world, built once per module.

`world` writes both programmes inside a transaction that stays open for the whole module and
is rolled back at its end; each test runs in a savepoint inside it (pytest-django's `db`), so
whatever a test changes is gone before the next one, and the world costs one build per module
instead of one per test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from tests.security.world import ANONYMOUS, ROLES, World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock(), scopes_disabled():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            built = build_world()
            for role, user in built.users.items():
                browser = Client()
                browser.force_login(user)
                built.sessions[role] = browser.cookies[settings.SESSION_COOKIE_NAME].value
            yield built
        finally:
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.fixture(scope="module")
def _clients(world: World) -> dict[str, Any]:
    """One API client and one browser per role for the whole module, all sharing one
    handler: a handler builds the middleware chain on its first request, and WhiteNoise's
    scan of the static files makes that the slowest part of a request."""
    api_clients, browsers = {}, {}
    shared_handler = APIClient().handler  # credentials travel in headers and cookies
    for role in ROLES:
        api_client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if role != ANONYMOUS:
            api_client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens[role]}")
        browser = Client(HTTP_ACCEPT_LANGUAGE="en")
        api_client.handler = browser.handler = shared_handler
        api_clients[role], browsers[role] = api_client, browser
    return {"api": api_clients, "browser": browsers}


@pytest.fixture
def api_for(_clients: dict[str, Any], db: None) -> Callable[[str], APIClient]:
    """An API client sending the role's token (none for anonymous)."""

    def client_for(role: str) -> APIClient:
        client: APIClient = _clients["api"][role]
        client.cookies.clear()
        return client

    return client_for


@pytest.fixture
def browser_for(world: World, _clients: dict[str, Any], db: None) -> Callable[[str], Client]:
    """A browser signed in as the role (a session made before any deactivation), with no
    other cookie left from an earlier test."""

    def client_for(role: str) -> Client:
        client: Client = _clients["browser"][role]
        client.cookies.clear()
        if role != ANONYMOUS:
            client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
        return client

    return client_for
