from __future__ import annotations

from datetime import date

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from django_scopes import scopes_disabled

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


@shared_task(
    name="matching.retention_sweep",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
)
def retention_sweep_task(as_of: str | None = None) -> dict[str, int]:
    """The daily retention sweep (beat); a second run finds nothing left to anonymise."""
    from matching.retention import retention_sweep

    day = date.fromisoformat(as_of) if as_of else timezone.localdate()
    with scopes_disabled():
        return retention_sweep(today=day).as_dict()
