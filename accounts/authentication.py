from __future__ import annotations

from typing import Any

from knox.auth import TokenAuthentication
from rest_framework.request import Request

from accounts.scoping import narrow_scope_to


class ScopedTokenAuthentication(TokenAuthentication):
    """Knox tokens (`Authorization: Token <key>`), putting the caller's programmes in scope.

    Token callers are unknown to the middleware (it sees only the session), so the scope is
    set here, at the one place every API request passes through.
    """

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None:
            narrow_scope_to(result[0])
        return result
