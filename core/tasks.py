"""How a task that may run long is delivered: written once for every app's tasks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.conf import settings


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
