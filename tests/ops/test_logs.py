"""Logs: JSON lines with a request id that follows the request into the tasks it enqueues."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings

from accounts.models import Program, User
from config.logging import RedactEmailAddresses, logging_settings
from matching.models import MatchingRun
from tests.clients import signed_in
from tests.matching.matches_cast import open_request, ready_volunteer
from tests.worker import real_worker, wait_until


def json_handler(stream: io.StringIO) -> logging.Handler:
    """The production handler (JSON, request ids, redaction), writing into `stream`."""
    configured = logging_settings(level="DEBUG", log_format="json")
    handler = logging.StreamHandler(stream)
    formatter = configured["formatters"]["json"]
    factory = formatter.pop("()")
    assert factory == "pythonjsonlogger.json.JsonFormatter"
    from pythonjsonlogger.json import JsonFormatter

    handler.setFormatter(JsonFormatter(**formatter))
    from django_guid.integrations.celery.log_filters import CeleryTracing
    from django_guid.log_filters import CorrelationId

    for log_filter in (CorrelationId(), CeleryTracing(), RedactEmailAddresses()):
        handler.addFilter(log_filter)
    return handler


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = json_handler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def entries(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_the_production_format_is_json_with_the_request_id(
    coordinator: User, json_log: io.StringIO
) -> None:
    request_id = uuid.uuid4().hex

    response = signed_in(coordinator).get("/api/v1/requests/", HTTP_X_REQUEST_ID=request_id)

    assert response["X-Request-ID"] == request_id
    (line,) = [
        entry for entry in entries(json_log) if entry["logger"] == "welcome_ambassador.requests"
    ]
    assert {key: line[key] for key in ("level", "request_id", "method", "route", "status")} == {
        "level": "INFO",
        "request_id": request_id,
        "method": "GET",
        "route": "/api/v1/requests/",
        "status": 200,
    }


def test_a_request_is_logged_by_its_route_never_its_path_or_query(
    coordinator: User, json_log: io.StringIO
) -> None:
    signed_in(coordinator).get("/api/v1/volunteers/?search=Kowalska")
    text = json_log.getvalue()
    assert "Kowalska" not in text
    assert '"route": "/api/v1/volunteers/"' in text


def test_an_email_address_in_a_message_is_redacted(json_log: io.StringIO) -> None:
    logging.getLogger("welcome_ambassador.anything").warning(
        "mail to %s bounced", "anna.kowalska@example.org"
    )

    (line,) = entries(json_log)
    assert line["message"] == "mail to <email> bounced"


def test_sql_is_never_logged_whatever_the_level() -> None:
    assert settings.LOGGING["loggers"]["django.db.backends"]["level"] == "INFO"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_request_id_follows_a_request_into_the_task_it_enqueues(
    coordinator: User, program: Program
) -> None:
    ready_volunteer(program)
    open_request(program)
    request_id = uuid.uuid4().hex
    stream = io.StringIO()
    handler = json_handler(stream)

    with real_worker():
        # Starting the worker applies settings.LOGGING anew: listen from here on.
        logging.getLogger().addHandler(handler)
        try:
            response = signed_in(coordinator).post(
                "/api/v1/matching-runs/", {}, HTTP_X_REQUEST_ID=request_id
            )
            run_id = response.json()["id"]
            assert wait_until(lambda: MatchingRun.objects.filter(pk=run_id, status="done").exists())
            assert wait_until(lambda: "succeeded" in stream.getvalue())
        finally:
            logging.getLogger().removeHandler(handler)

    worker_lines = [
        entry
        for entry in entries(stream)
        if entry["logger"] == "celery.app.trace" and "matching.run_execute" in str(entry["message"])
    ]
    assert worker_lines
    assert {entry["request_id"] for entry in worker_lines} == {request_id}
