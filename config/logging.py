"""Logs: one JSON object a line in production, readable text in development.

Every line carries the request id (`request_id`): django-guid takes it from the incoming
`X-Request-ID` header (a UUID; anything else is replaced) or makes one, returns it in the
response, and its Celery integration carries it in the headers of every task the request
enqueues, so the worker's lines for that task carry the same id.

No personal data: our own loggers log ids and hashes, never e-mail addresses, names or notes
(`tests/ops/test_no_personal_data_in_logs.py` scans a whole flow for them). As a second line of
defence every handler passes records through `RedactEmailAddresses`, and SQL with its parameters
is never logged. Each request is logged once by `RequestLogMiddleware` with the route pattern
(`api/v1/requests/<int:pk>/candidates/`), never the path or query string, which may carry a
searched name; keep the WSGI server's own access log off (deploy/gunicorn.conf.py does).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from pythonjsonlogger.core import RESERVED_ATTRS

LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR"}
FORMATS = {"json", "text"}

# A domain ending in a name, so `redis://:**@127.0.0.1:6379` stays readable.
_EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@(?:[\w-]+\.)+[^\W\d_]{2,}\b")

access_logger = logging.getLogger("welcome_ambassador.requests")


class RedactEmailAddresses(logging.Filter):
    """Replace anything shaped like an e-mail address in a record's message with `<email>`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "@" in message:
            record.msg = _EMAIL_ADDRESS.sub("<email>", message)
            record.args = ()
        return True


def logging_settings(*, level: str, log_format: str) -> dict[str, Any]:
    """The LOGGING dict: one console handler (stderr), JSON or text, request ids, redaction."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "django_guid.log_filters.CorrelationId"},
            "celery_tracing": {"()": "django_guid.integrations.celery.log_filters.CeleryTracing"},
            "redact_email_addresses": {"()": "config.logging.RedactEmailAddresses"},
        },
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(message)s %(correlation_id)s",
                "rename_fields": {
                    "levelname": "level",
                    "name": "logger",
                    "correlation_id": "request_id",
                    "celery_parent_id": "task_parent_id",
                    "celery_current_id": "task_trace_id",
                },
                "timestamp": True,
                # Django's request logger passes the request object along; its repr has the
                # path, which may carry personal data.
                "reserved_attrs": [*RESERVED_ATTRS, "request"],
            },
            "text": {
                "format": "%(asctime)s %(levelname)s [%(correlation_id)s] %(name)s: %(message)s",
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id", "celery_tracing", "redact_email_addresses"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's default configuration gives "django" a console handler of its own (with
            # DEBUG on) that would bypass the filters above: everything goes through ours.
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            # SQL with its parameters (personal data) stays out whatever LOG_LEVEL says.
            "django.db.backends": {"level": "INFO"},
            # One line per published task and per worker prerun is noise; ids are on every line.
            "django_guid": {"level": "WARNING"},
            # Our own access log replaces Django's per-request server lines.
            "django.server": {"level": "WARNING"},
        },
    }


def _readable(route: str) -> str:
    """`/api/v1/requests/<int:pk>/`; router-made routes are regular expressions
    (`api/v1/^matching-runs/(?P<pk>[^/.]+)/$`): without their anchors."""
    return "/" + re.sub(r"(^|/)\^", r"\1", route).removesuffix("$")


class RequestLogMiddleware:
    """One line per request: method, route pattern, view, status and duration in ms."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = _readable(match.route) if match else None
        access_logger.info(
            "%s %s %s",
            request.method,
            route or "<unresolved>",
            response.status_code,
            extra={
                "method": request.method,
                "route": route,
                "view": match.view_name if match else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response
