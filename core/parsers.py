"""The API's JSON parser: bounded in size and depth, and no control characters in text.

DRF's own parser hands any body to `json.load`: 50,000 `[` or objects nested 3,000 deep end
in a RecursionError (a 500), and a body of any size is read. Here a body over
API_MAX_BODY_BYTES answers 413 and nesting deeper than API_MAX_JSON_DEPTH answers 400, both
as JSON, before anything is parsed; a string holding a control character other than tab and
line breaks answers 400 naming the field (core.text; one-line fields refuse those too).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.parsers import JSONParser

from core.text import control_characters, message_for

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest in a JSON text (brackets inside strings not counted)."""
    if text.count("[") + text.count("{") <= 1:
        return text.count("[") + text.count("{")
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub('""', text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def control_character_errors(data: Any) -> Any:
    """The places in parsed JSON holding a control character, shaped like DRF's errors
    (`{"full_name": [...]}`, `{"0": {"note": [...]}}`); None when there is none."""
    if isinstance(data, str):
        return [message_for(multi_line=True)] if control_characters(data, multi_line=True) else None
    items: Iterable[tuple[Any, Any]]
    if isinstance(data, Mapping):
        items = data.items()
    elif isinstance(data, list):
        items = ((str(index), value) for index, value in enumerate(data))
    else:
        return None
    errors = {}
    for key, value in items:
        found = control_character_errors(value)
        if found is None and isinstance(key, str) and control_characters(key, multi_line=False):
            found = [message_for(multi_line=False)]
        if found is not None:
            errors[key] = found
    return errors or None


class BoundedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = int(settings.API_MAX_BODY_BYTES)
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        too_large = PayloadTooLarge(too_large_message(limit))
        if declared and str(declared).isdigit() and int(declared) > limit:
            raise too_large
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise too_large
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise ParseError(_("The request body is not valid %(encoding)s.")
                             % {"encoding": encoding}) from None  # fmt: skip
        depth_limit = int(settings.API_MAX_JSON_DEPTH)
        if nesting_depth(text) > depth_limit:
            raise ParseError(
                _("JSON nested deeper than %(limit)d levels is refused.") % {"limit": depth_limit}
            )
        try:
            data = json.loads(text, parse_constant=self._refuse_constant)
        except ValueError as error:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": error}) from None
        errors = control_character_errors(data)
        if errors is not None:
            raise ValidationError(errors)
        return data

    @staticmethod
    def _refuse_constant(name: str) -> Any:
        # NaN and Infinity are not JSON (DRF's STRICT_JSON refuses them too).
        raise ValueError(f"{name} is not a JSON value")


class BodyLimitMiddleware:
    """Refuses an API body whose declared length is over API_MAX_BODY_BYTES with a 413 in
    JSON, before anything reads it (Django's own DATA_UPLOAD_MAX_MEMORY_SIZE would answer an
    HTML 400 once DRF reads the body). The parser above holds bodies sent without a length
    to the same limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = str(request.META.get("CONTENT_LENGTH") or "")
        limit = int(settings.API_MAX_BODY_BYTES)
        if request.path.startswith("/api/") and declared.isdigit() and int(declared) > limit:
            return JsonResponse(
                {"detail": too_large_message(limit)},
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        return self.get_response(request)


def too_large_message(limit: int) -> str:
    return _("The request body is larger than %(limit)d bytes.") % {"limit": limit}
