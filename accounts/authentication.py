from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from knox.auth import TokenAuthentication
from rest_framework.request import Request

from accounts.models import ApiToken, ApiTokenRecord
from accounts.scoping import narrow_scope_to
from accounts.security import SecondFactorRequired, token_lacks_second_factor

# `last_used` is written at most this often per token: a read is not a write each time.
LAST_USED_PRECISION = timedelta(minutes=1)


class ScopedTokenAuthentication(TokenAuthentication):
    """Knox tokens (`Authorization: Token <key>`), putting the caller's programmes in scope.

    Token callers are unknown to the middleware (it sees only the session), so the scope is
    set here, at the one place every API request passes through; for the same reason the
    second factor is checked here: where it is required for the caller's role, a token not
    issued after a second-factor check opens nothing but the views that say
    `allowed_without_second_factor` (signing out), whatever its age or the role its holder
    had when it was issued.
    """

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        view = (getattr(request, "parser_context", None) or {}).get("view")
        if not getattr(view, "allowed_without_second_factor", False):
            reason = token_lacks_second_factor(user, token)
            if reason is not None:
                raise SecondFactorRequired(reason)
        _note_use(token)
        narrow_scope_to(user)
        return result


def _note_use(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used is None or token.last_used < now - LAST_USED_PRECISION:
        ApiTokenRecord.objects.update_or_create(token_id=token.pk, defaults={"last_used": now})
