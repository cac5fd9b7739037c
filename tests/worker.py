"""A real Celery worker on Redis for the tests that must prove work crosses a broker.

The worker runs in a thread of the test process (celery.contrib.testing), consuming from the
broker in CELERY_TEST_BROKER_URL (default: Redis database 15 on loopback). Where Redis cannot
be reached the tests are skipped with the reason, unless REQUIRE_WORKER_TESTS=1 (CI sets it),
in which case they fail.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from celery.contrib.testing.worker import start_worker

from config.celery import app
from tests.requirements import require_redis

BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


def require_broker() -> None:
    require_redis(BROKER_URL, "this test runs a real Celery worker on it")


def forget_connections() -> None:
    """Drop the pools Celery built for the previous broker (it caches them lazily)."""
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def real_worker() -> Iterator[None]:
    """Route tasks through the broker and consume them in a worker thread."""
    require_broker()
    previous = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.conf.update(broker_url=BROKER_URL, task_always_eager=False)
    forget_connections()
    app.control.purge()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield
    finally:
        app.conf.update(previous)
        forget_connections()


# Generous: it returns as soon as the condition holds, and under pytest-xdist on a busy
# 2-core machine a worker thread may wait its turn for a while.
def wait_until(condition: Callable[[], bool], *, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()
