"""`signed_in`: the one way a test becomes a person.

The client posts forms to pages as a browser does and JSON to `/api/` as an app does, so the
same signed-in person can walk through pages and the API in one test.
"""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from accounts.models import User


class PersonClient(APIClient):
    """A session-signed-in client: form posts for pages, JSON for the API."""

    def _format_for(self, path: Any, format: str | None, content_type: Any) -> str | None:
        if format or content_type or str(path).startswith("/api/"):
            return format
        return "multipart"

    def post(  # type: ignore[override]  # the format is chosen by the path
        self,
        path: Any,
        data: Any = None,
        format: str | None = None,
        content_type: Any = None,
        follow: bool = False,
        **extra: Any,
    ) -> Any:
        format = self._format_for(path, format, content_type)
        return super().post(path, data, format, content_type, follow, **extra)


def signed_in(user: User, *, language: str | None = None) -> PersonClient:
    """A client signed in as `user` (session), reading `language` when given (Accept-Language)."""
    client = PersonClient()
    if language:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    client.force_login(user)
    return client
