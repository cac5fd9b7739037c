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


ERROR_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# DRF's shape: {"field": ["message", ...]}, nested for nested fields and lists of objects.
INVALID_INPUT = {"type": "object", "additionalProperties": True}


def _error(description: str, schema_name: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
    }


def with_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare the errors every operation can answer (see docs/api.md, Conventions),
    unless a view declared its own: 400 for invalid input, 401 without valid credentials and
    403 for a role that may not act (operations behind authentication), 404 for an object the
    caller may not see (or a page past the last), 405 for a method the route lacks, 409 when the
    state does not allow an unsafe method's action."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorDetail", ERROR_DETAIL)
    components.setdefault("InvalidInput", INVALID_INPUT)
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            has_input = bool(operation.get("parameters") or operation.get("requestBody"))
            is_protected = any(requirement for requirement in operation.get("security", [{}]))
            errors = {
                "400": (has_input, _error("Invalid input, by field.", "InvalidInput")),
                "401": (is_protected, _error("No valid credentials.", "ErrorDetail")),
                "403": (is_protected, _error("The caller's role may not act.", "ErrorDetail")),
                "404": (True, _error("Not found, or not the caller's to see.", "ErrorDetail")),
                "405": (True, _error("Method not allowed.", "ErrorDetail")),
                "409": (
                    method in ("post", "put", "patch", "delete"),
                    _error("The state does not allow the action.", "ErrorDetail"),
                ),
            }
            for code, (applies, response) in errors.items():
                if applies and code not in responses:
                    responses[code] = response
    return schema


class ScopeFreeSchemaGenerator(SchemaGenerator):
    """Views' querysets are only inspected for their models, never run, so no scope is needed.

    Every operation's error answers are declared too (`with_error_responses`).
    """

    def get_schema(self, *args: Any, **kwargs: Any) -> Any:
        with scopes_disabled():
            return with_error_responses(super().get_schema(*args, **kwargs))
