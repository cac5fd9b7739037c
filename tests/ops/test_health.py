"""/healthz and /readyz: JSON, unauthenticated, cheap, and nothing but a status per check."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.test import Client

from config.celery import app
from core.health import HEARTBEAT_KEY, broker_redis
from tests.worker import BROKER_URL, forget_connections, real_worker, require_broker


@contextmanager
def broker_without_worker() -> Iterator[None]:
    """Tasks routed to the real broker, no worker running, no heartbeat left from one."""
    require_broker()
    previous = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.conf.update(broker_url=BROKER_URL, task_always_eager=False)
    forget_connections()
    client = broker_redis()
    assert client is not None
    client.delete(HEARTBEAT_KEY)
    try:
        yield
    finally:
        app.conf.update(previous)
        forget_connections()


def test_healthz_answers_without_touching_anything(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_is_ready_when_the_database_is_migrated_and_tasks_run_eagerly(
    client: Client,
) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {
            "database": "ok",
            "migrations": "ok",
            "broker": "not used",
            "worker": "not used",
        },
    }


@pytest.mark.django_db
def test_probes_by_address_over_plain_http_get_the_real_answer(client: Client) -> None:
    """A load balancer probes 10.0.0.5:8000, which is no allowed host, and never over HTTPS."""
    response = client.get("/readyz", HTTP_HOST="10.0.0.5:8000")

    assert response.status_code == 200
    assert response.json()["status"] == "ready"


def test_other_methods_go_to_the_ordinary_routes(client: Client) -> None:
    response = client.post("/healthz")

    assert response.status_code == 405


@pytest.mark.worker
@pytest.mark.django_db
def test_readyz_is_not_ready_without_a_worker_heartbeat(client: Client) -> None:
    with broker_without_worker():
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "not ready",
        "checks": {"database": "ok", "migrations": "ok", "broker": "ok", "worker": "no heartbeat"},
    }


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_running_worker_makes_readyz_ready_through_its_heartbeat(client: Client) -> None:
    with broker_without_worker(), real_worker():
        response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": "ok",
        "migrations": "ok",
        "broker": "ok",
        "worker": "ok",
    }


@pytest.mark.worker
@pytest.mark.django_db
def test_readyz_says_failed_when_the_broker_cannot_be_reached(client: Client) -> None:
    previous = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)
    try:
        response = client.get("/readyz")
    finally:
        app.conf.update(previous)

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "failed"
