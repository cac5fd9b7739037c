"""OpenAPI generation: our token authentication and programme scopes, described once."""

from __future__ import annotations

from typing import Any

from django_scopes import scopes_disabled
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.generators import SchemaGenerator


class ScopedTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "accounts.authentication.ScopedTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A key from POST /api/v1/auth/token/, sent as "Token <key>".',
        }


class ScopeFreeSchemaGenerator(SchemaGenerator):
    """Views' querysets are only inspected for their models, never run, so no scope is needed."""

    def get_schema(self, *args: Any, **kwargs: Any) -> Any:
        with scopes_disabled():
            return super().get_schema(*args, **kwargs)
