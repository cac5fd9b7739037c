"""How a task that may run long is delivered, and how it claims its job row: written once
for every app's tasks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

# The states a job row (a matching run, a certificate batch) goes through that delivery reads.
JOB_PENDING, JOB_RUNNING, JOB_FAILED = "pending", "running", "failed"


def durable_task(name: str) -> Callable[[Callable[..., Any]], Any]:
    """A task acknowledged only once it has finished, delivered again when its worker dies,
    and stopped at the settings' time limits. Only for work that is safe to run twice (each
    task's docstring says why)."""
    return shared_task(  # type: ignore[no-any-return]
        name=name,
        acks_late=True,
        reject_on_worker_lost=True,
        time_limit=settings.CELERY_TASK_TIME_LIMIT,
        soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    )


def job_claim(jobs: QuerySet[Any], pk: int, **changes: Any) -> bool:
    """Mark the job `pk` (a row with `status` pending/running/… and `started_at`) running, with
    `changes`; False when it is neither pending nor abandoned. A job still running after the
    task's hard time limit lost its worker: this delivery takes it over."""
    now = timezone.now()
    abandoned = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return bool(
        jobs.filter(
            Q(status=JOB_PENDING) | Q(status=JOB_RUNNING, started_at__lt=abandoned), pk=pk
        ).update(status=JOB_RUNNING, started_at=now, **changes)
    )


def job_fail(jobs: QuerySet[Any], pk: int, error: Exception, **changes: Any) -> None:
    """Mark the job `pk` failed with the error (never left running), and `changes`."""
    jobs.filter(pk=pk).update(
        status=JOB_FAILED,
        error=(f"{type(error).__name__}: {error}")[:2000],
        finished_at=timezone.now(),
        **changes,
    )
