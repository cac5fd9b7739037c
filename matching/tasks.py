from __future__ import annotations

from celery import shared_task
from django.conf import settings

from matching.services import run_execute


@shared_task(
    name="matching.run_execute",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
)
def run_execute_task(run_id: int) -> bool:
    """Execute a matching run; a second delivery finds it no longer pending and does nothing."""
    return run_execute(run_id=run_id)
