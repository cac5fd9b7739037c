"""Prometheus metrics at `/metrics`, readable by staff or with `Authorization: Bearer
<METRICS_TOKEN>`.

Two sources, chosen so that several processes on several hosts add up correctly:
- Web requests (django-prometheus middleware: `django_http_requests_latency_seconds_by_view_method`
  and friends) live in the memory of each web process. Under gunicorn set
  `PROMETHEUS_MULTIPROC_DIR` to an empty directory per host (deploy/ does): prometheus_client
  then keeps every worker process's values in files there and `/metrics` sums them, so one
  scrape per web host sees the whole host. Prometheus scrapes every web host.
- Celery (task durations and failures, queue length, the commitment sweep's duration, the
  matching run's solve time) is counted in Redis, the one thing every worker on every host
  shares: a worker's `task_prerun`/`task_postrun` signals add to histogram buckets kept in Redis
  hashes, and any web process reads them when scraped. Queue lengths are read from the broker
  at scrape time. Counting never fails a task: a Redis error is logged and the sample dropped.

The Redis counters live under `welcome_ambassador:metrics:` in the broker's database; with
tasks run eagerly (no broker) only the web metrics exist.
"""

from __future__ import annotations

import hmac
import logging
import os
import time
from collections.abc import Iterable, Iterator
from typing import Any

import redis
from celery import current_app
from celery.signals import task_postrun, task_prerun
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

PREFIX = "welcome_ambassador:metrics:"
BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0)
# Kombu's Redis transport keeps a queue as a list under its name, plus one list per priority
# step when priorities are used.
QUEUES = ("celery",)
PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")

SWEEP_TASK = "matching.monitor_commitments"
RUN_TASK = "matching.run_execute"

# Histograms kept in Redis: name -> (help, label name).
HISTOGRAMS = {
    "celery_task_duration_seconds": ("Celery task run time, by task.", "task"),
    "commitments_sweep_duration_seconds": (
        "The daily commitment sweep's selection and fan-out (its chunks are tasks too).",
        "task",
    ),
    "matching_run_solve_seconds": ("The assignment solver's time in a matching run.", "task"),
}


def _redis_url() -> str:
    url = str(current_app.conf.broker_url or "")
    if current_app.conf.task_always_eager or not url.startswith(("redis://", "rediss://")):
        return ""
    return url


_clients: dict[str, redis.Redis] = {}


def _client() -> redis.Redis | None:
    url = _redis_url()
    if not url:
        return None
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    return _clients[url]


# Writing ----------------------------------------------------------------------------------


def observe(histogram: str, label: str, seconds: float) -> None:
    """Add one observation to a Redis-kept histogram (cumulative buckets, sum, count)."""
    client = _client()
    if client is None:
        return
    key = f"{PREFIX}{histogram}"
    pipeline = client.pipeline(transaction=False)
    for bound in BUCKETS:
        if seconds <= bound:
            pipeline.hincrby(key, f"{label}|{bound}", 1)
    pipeline.hincrby(key, f"{label}|+Inf", 1)
    pipeline.hincrbyfloat(key, f"{label}|sum", seconds)
    try:
        pipeline.execute()
    except redis.RedisError:
        logger.warning("metrics: could not record %s", histogram, exc_info=True)


def count_task(task: str, state: str) -> None:
    client = _client()
    if client is None:
        return
    try:
        client.hincrby(f"{PREFIX}celery_tasks", f"{task}|{state}", 1)
    except redis.RedisError:
        logger.warning("metrics: could not count %s", task, exc_info=True)


_started: dict[str, float] = {}


@task_prerun.connect
def _task_started(task_id: str | None = None, **kwargs: Any) -> None:
    if task_id:
        _started[task_id] = time.perf_counter()


@task_postrun.connect
def _task_finished(
    task_id: str | None = None,
    task: Any = None,
    args: Any = None,
    retval: Any = None,
    state: str | None = None,
    **kwargs: Any,
) -> None:
    started = _started.pop(task_id or "", None)
    if started is None or task is None or not _redis_url():
        return
    seconds = time.perf_counter() - started
    name = str(task.name)
    outcome = {"SUCCESS": "succeeded", "FAILURE": "failed", "RETRY": "retried"}.get(
        state or "", (state or "unknown").lower()
    )
    count_task(name, outcome)
    observe("celery_task_duration_seconds", name, seconds)
    if name == SWEEP_TASK and outcome == "succeeded":
        observe("commitments_sweep_duration_seconds", name, seconds)
    if name == RUN_TASK and retval is True and args:
        _observe_solve_time(int(args[0]))


def _observe_solve_time(run_id: int) -> None:
    from django_scopes import scopes_disabled

    from matching.models import MatchingRun

    with scopes_disabled():
        solver_seconds = (
            MatchingRun.objects.filter(pk=run_id).values_list("solver_seconds", flat=True).first()
        )
    if solver_seconds is not None:
        observe("matching_run_solve_seconds", RUN_TASK, float(solver_seconds))


# Reading ----------------------------------------------------------------------------------


class CeleryRedisCollector(Collector):
    """What the workers counted in Redis, and the queues' lengths, at scrape time."""

    def collect(self) -> Iterator[Metric]:
        client = _client()
        if client is None:
            return
        try:
            pipeline = client.pipeline(transaction=False)
            pipeline.hgetall(f"{PREFIX}celery_tasks")
            for histogram in HISTOGRAMS:
                pipeline.hgetall(f"{PREFIX}{histogram}")
            for queue in QUEUES:
                for suffix in PRIORITY_SUFFIXES:
                    pipeline.llen(queue + suffix)
            answers = pipeline.execute()
        except redis.RedisError:
            logger.warning("metrics: Redis unreachable", exc_info=True)
            return
        counts, *rest = answers
        histograms, lengths = rest[: len(HISTOGRAMS)], rest[len(HISTOGRAMS) :]

        tasks = CounterMetricFamily(
            "welcome_ambassador_celery_tasks",
            "Celery tasks finished, by task and outcome (succeeded, failed, retried).",
            labels=["task", "state"],
        )
        for field, value in sorted(_decoded(counts).items()):
            task, _, state = field.rpartition("|")
            tasks.add_metric([task, state], float(value))
        yield tasks

        for (name, (documentation, label)), stored in zip(
            HISTOGRAMS.items(), histograms, strict=True
        ):
            yield _histogram(f"welcome_ambassador_{name}", documentation, label, _decoded(stored))

        queue_length = GaugeMetricFamily(
            "welcome_ambassador_celery_queue_length",
            "Messages waiting in the broker, by queue.",
            labels=["queue"],
        )
        for index, queue in enumerate(QUEUES):
            steps = lengths[index * len(PRIORITY_SUFFIXES) : (index + 1) * len(PRIORITY_SUFFIXES)]
            queue_length.add_metric([queue], float(sum(steps)))
        yield queue_length


def _decoded(stored: dict[bytes, bytes]) -> dict[str, str]:
    return {key.decode(): value.decode() for key, value in stored.items()}


def _histogram(
    name: str, documentation: str, label: str, stored: dict[str, str]
) -> HistogramMetricFamily:
    family = HistogramMetricFamily(name, documentation, labels=[label])
    values = sorted({field.rpartition("|")[0] for field in stored})
    for value in values:
        buckets = [(str(bound), float(stored.get(f"{value}|{bound}", 0))) for bound in BUCKETS] + [
            ("+Inf", float(stored.get(f"{value}|+Inf", 0)))
        ]
        family.add_metric([value], buckets, float(stored.get(f"{value}|sum", 0)))
    return family


def exposition() -> bytes:
    """The metrics page: this host's web metrics, then the shared Celery ones."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        web: CollectorRegistry = CollectorRegistry()
        MultiProcessCollector(web)
    else:
        web = REGISTRY
    celery_registry = CollectorRegistry(auto_describe=False)
    celery_registry.register(CeleryRedisCollector())
    return generate_latest(web) + generate_latest(celery_registry)


def _bearer_token(request: HttpRequest) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def may_read_metrics(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_active and user.is_staff:
        return True
    expected = settings.METRICS_TOKEN
    given = _bearer_token(request)
    return bool(expected and given) and hmac.compare_digest(given.encode(), expected.encode())


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not may_read_metrics(request):
        return HttpResponse(status=403)
    response = HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response


def metric_names(text: str) -> Iterable[str]:
    """The sample names of an exposition text (for tests and the smoke script)."""
    for line in text.splitlines():
        if line and not line.startswith("#"):
            yield line.split("{", 1)[0].split(" ", 1)[0]
