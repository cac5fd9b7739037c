"""Tenant isolation: every request runs inside the scope of the caller's programmes.

Programme-owned models use `ScopedManager(program=...)` from django-scopes. Outside a scope a
query on them raises `ScopeError`, so code that forgets which programme it serves fails loudly
instead of leaking another city's data. Requests get their scope here, once: the middleware
opens it for the session user and restores the previous state when the response is done; the
token authentication narrows it for API callers (see `accounts.authentication`). Celery tasks
and management commands choose their scope explicitly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpRequest, HttpResponse
from django_scopes import scope, scopes_disabled
from django_scopes.state import state

from accounts.models import Membership


def scope_for(user: Any) -> dict[str, Any]:
    """The scope a user's queries run in: their programmes; staff see every programme."""
    if user is None or not user.is_authenticated or not user.is_active:
        return {"program": []}
    if user.is_staff:
        return {"_enabled": False}
    program_ids = list(Membership.objects.filter(user=user).values_list("program_id", flat=True))
    return {"program": program_ids}


@contextmanager
def user_scope(user: Any) -> Iterator[None]:
    selected = scope_for(user)
    if selected.get("_enabled") is False:
        with scopes_disabled():
            yield
    else:
        with scope(**selected):
            yield


def narrow_scope_to(user: Any) -> None:
    """Replace the current request's scope; the middleware's `scope()` restores it afterwards."""
    selected = scope_for(user)
    current = dict(state.get() or {})
    current.update({"_enabled": True, **selected})
    state.set(current)


class ProgramScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with user_scope(getattr(request, "user", None)):
            return self.get_response(request)
