"""Safeguarding's periodic work: the case records' own retention."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.conf import settings
from django_scopes import scopes_disabled

from core import clock
from safeguarding.retention import concerns_retention_sweep


@shared_task(
    name="safeguarding.concerns_retention",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
)
def concerns_retention_task(as_of: str | None = None) -> int:
    """Daily (beat); a second run finds nothing left to delete."""
    day = date.fromisoformat(as_of) if as_of else clock.today()
    with scopes_disabled():
        return concerns_retention_sweep(today=day)
