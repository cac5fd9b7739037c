"""The daily retention sweep. Its task name keeps the `matching.` prefix it had before the
privacy app: it is what the beat schedule and queued messages know it by."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.conf import settings
from django_scopes import scopes_disabled

from core import clock
from privacy.retention import retention_sweep


@shared_task(
    name="matching.retention_sweep",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
)
def retention_sweep_task(as_of: str | None = None) -> dict[str, int]:
    """The daily retention sweep (beat); a second run finds nothing left to anonymise."""
    day = date.fromisoformat(as_of) if as_of else clock.today()
    with scopes_disabled():
        return retention_sweep(today=day).as_dict()
