"""The Celery app: Redis as the broker in production, JSON messages only.

Workers and beat run as their own processes (`celery -A config worker`, `celery -A config
beat`); schedules live in settings (CELERY_BEAT_SCHEDULE) so a reviewer sees them.
"""

import logging
import os
import time
from typing import Any

from celery import Celery, bootsteps
from celery.signals import beat_init, setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("welcome_ambassador")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# Operations (see docs/operations.md) ------------------------------------------------------


@setup_logging.connect
def _use_django_logging(**kwargs: Any) -> None:
    """Workers and beat log through settings.LOGGING (JSON lines with request ids), not
    Celery's own handler."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


class WorkerHeartbeat(bootsteps.StartStopStep):
    """Every HEARTBEAT_INTERVAL seconds, from the worker's main process, mark a worker alive
    in the broker's Redis for /readyz (core.health). Independent of beat and of a busy pool."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.timer_entry: Any = None

    def start(self, parent: Any) -> None:
        from core.health import HEARTBEAT_INTERVAL

        _heartbeat()
        self.timer_entry = parent.timer.call_repeatedly(HEARTBEAT_INTERVAL, _heartbeat)

    def stop(self, parent: Any) -> None:
        if self.timer_entry is not None:
            self.timer_entry.cancel()


def _heartbeat() -> None:
    import redis

    from core.health import broker_redis, worker_heartbeat_record

    client = broker_redis()
    if client is None:
        return
    try:
        worker_heartbeat_record(client)
    except redis.RedisError:
        logging.getLogger(__name__).warning("worker heartbeat not written", exc_info=True)


app.steps["worker"].add(WorkerHeartbeat)


# Exactly one beat: a beat takes a lock in the broker's Redis when it starts and renews it
# every BEAT_LOCK_RENEW seconds. A second beat, on any host, finds it taken and stops with an
# error; if the holder dies, the lock expires after BEAT_LOCK_SECONDS and the next beat to
# start (systemd restarts a stopped one) takes over. Beat on one host only stays the rule.
BEAT_LOCK_KEY = "welcome_ambassador:beat-lock"
BEAT_LOCK_SECONDS = 90
BEAT_LOCK_RENEW = 30
_RENEW_IF_OURS = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then "
    "return redis.call('expire', KEYS[1], ARGV[2]) else return 0 end"
)
_RELEASE_IF_OURS = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) "
    "else return 0 end"
)


@beat_init.connect
def _take_beat_lock(**kwargs: Any) -> None:
    import atexit
    import socket
    import threading

    from core.health import broker_redis

    client = broker_redis()
    if client is None:
        return
    logger = logging.getLogger(__name__)
    holder = f"{socket.gethostname()}:{os.getpid()}"
    if not client.set(BEAT_LOCK_KEY, holder, nx=True, ex=BEAT_LOCK_SECONDS):
        other = client.get(BEAT_LOCK_KEY)
        logger.critical(
            "beat refused: another beat holds the lock (%s); run exactly one beat",
            other.decode() if isinstance(other, bytes) else "expired meanwhile",
        )
        raise SystemExit(1)

    def renew() -> None:
        while True:
            time.sleep(BEAT_LOCK_RENEW)
            try:
                kept = client.eval(_RENEW_IF_OURS, 1, BEAT_LOCK_KEY, holder, BEAT_LOCK_SECONDS)
            except Exception:  # a broker outage: try again; the lock outlives two misses
                logger.warning("beat lock not renewed", exc_info=True)
                continue
            if not kept:
                logger.critical("beat lock lost to another beat: this beat stops")
                os._exit(1)

    def release() -> None:
        try:
            client.eval(_RELEASE_IF_OURS, 1, BEAT_LOCK_KEY, holder)
        except Exception:  # the lock expires by itself
            logger.warning("beat lock not released", exc_info=True)

    threading.Thread(target=renew, name="beat-lock", daemon=True).start()
    atexit.register(release)
    logger.info("beat lock taken (%s)", holder)


# Task metrics counted in Redis by every worker (config/metrics.py connects its signals).
import config.metrics  # noqa: E402, F401
