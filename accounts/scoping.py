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
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse
from django_scopes import scope, scopes_disabled
from django_scopes.state import state

from accounts.models import Membership

# The caller's memberships as (programme id, role), read once with the scope and asked again by
# every role check and coordinator filter of the request (`accounts.permissions`): one query a
# request instead of one per check. Keyed by the user's id; a membership written meanwhile
# forgets it (`forget_memberships`, connected in accounts.apps).
Memberships = tuple[tuple[int, str], ...]
_memberships: ContextVar[tuple[int, Memberships] | None] = ContextVar(
    "request_memberships", default=None
)


def known_memberships(user: Any) -> Memberships | None:
    """The memberships remembered for `user` in this request, or None (not read yet)."""
    known = _memberships.get()
    if known is None or user is None or known[0] != user.pk:
        return None
    return known[1]


def memberships_of(user: Any) -> Memberships:
    """`user`'s memberships: remembered for this request, or read (one query)."""
    known = known_memberships(user)
    if known is not None:
        return known
    return tuple(Membership.objects.filter(user=user).values_list("program_id", "role"))


def forget_memberships(**_signal: Any) -> None:
    _memberships.set(None)


def scope_for(user: Any) -> dict[str, Any]:
    """The scope a user's queries run in: their programmes; staff see every programme.

    Remembers the memberships it read for the rest of the enclosing `user_scope`."""
    if user is None or not user.is_authenticated or not user.is_active:
        return {"program": []}
    if user.is_staff:
        return {"_enabled": False}
    rows = memberships_of(user)
    _memberships.set((user.pk, rows))
    return {"program": sorted({program_id for program_id, _role in rows})}


@contextmanager
def user_scope(user: Any) -> Iterator[None]:
    remembered = _memberships.set(None)  # restored when the scope closes
    try:
        selected = scope_for(user)
        if selected.get("_enabled") is False:
            with scopes_disabled():
                yield
        else:
            with scope(**selected):
                yield
    finally:
        _memberships.reset(remembered)


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
