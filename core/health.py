"""Health and readiness: `/healthz` (the process answers) and `/readyz` (it can serve).

Both answer JSON, unauthenticated, with nothing but a status per check, and are cheap enough
for a load balancer to ask every few seconds:
- `/healthz` touches nothing: 200 `{"status": "ok"}`.
- `/readyz` checks the database (`SELECT 1`), that every migration this code knows is applied
  (one small query; once true it stays true for the process), and, where tasks go through a
  broker, that Redis answers and that some worker wrote its heartbeat within
  `WORKER_HEARTBEAT_MAX_AGE` seconds: one `EXISTS` on a key with that expiry, so there is no
  broadcast ping per probe and no clock to compare across hosts. 200 when all pass, else 503.

The heartbeat is written by every worker every `HEARTBEAT_INTERVAL` seconds from a timer in
its main process (a bootstep, see config/celery.py), independent of beat and of how busy its
pool is. `HealthCheckMiddleware` answers both paths before host validation, HTTPS redirect,
sessions or scoping, so a probe by IP address over plain HTTP gets the real answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache

import redis
from celery import current_app
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "welcome_ambassador:worker-heartbeat"
HEARTBEAT_INTERVAL = 30  # seconds between two heartbeats of a worker
OK = "ok"
FAILED = "failed"
NOT_USED = "not used"  # tasks run eagerly in the web process: no broker, no worker

_migrations_applied = False


@cache
def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


def broker_redis() -> redis.Redis | None:
    """A client of the broker's Redis, or None when tasks do not go through Redis."""
    url = str(current_app.conf.broker_url or "")
    if current_app.conf.task_always_eager or not url.startswith(("redis://", "rediss://")):
        return None
    return _redis(url)


def worker_heartbeat_record(client: redis.Redis) -> None:
    """Mark some worker alive for the next WORKER_HEARTBEAT_MAX_AGE seconds."""
    client.set(HEARTBEAT_KEY, "1", ex=settings.WORKER_HEARTBEAT_MAX_AGE)


def _expected_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("readiness: database unreachable", exc_info=True)
        return FAILED
    return OK


def check_migrations() -> str:
    global _migrations_applied
    if _migrations_applied:
        return OK
    try:
        applied = set(MigrationRecorder(connection).applied_migrations())
    except DatabaseError:
        return FAILED
    if not _expected_migrations() <= applied:
        return "pending"
    _migrations_applied = True
    return OK


def check_broker_and_worker() -> tuple[str, str]:
    client = broker_redis()
    if client is None:
        return NOT_USED, NOT_USED
    try:
        alive = bool(client.exists(HEARTBEAT_KEY))
    except redis.RedisError:
        logger.warning("readiness: broker unreachable", exc_info=True)
        return FAILED, FAILED
    return OK, OK if alive else "no heartbeat"


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return _answer({"status": "ok"}, 200)


@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    database = check_database()
    migrations = check_migrations() if database == OK else FAILED
    broker, worker = check_broker_and_worker()
    checks = {"database": database, "migrations": migrations, "broker": broker, "worker": worker}
    is_ready = all(value in {OK, NOT_USED} for value in checks.values())
    return _answer(
        {"status": "ready" if is_ready else "not ready", "checks": checks}, 200 if is_ready else 503
    )


def _answer(body: dict[str, object], status: int) -> HttpResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # A probe every few seconds must not add an error line each time it hears "not ready".
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


HEALTH_VIEWS: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "/healthz": healthz,
    "/readyz": readyz,
}


class HealthCheckMiddleware:
    """Answer the probes first: before host validation, the HTTPS redirect and sessions."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = HEALTH_VIEWS.get(request.path_info.rstrip("/"))
        if view is not None and request.method in {"GET", "HEAD"}:
            return view(request)
        return self.get_response(request)
