from __future__ import annotations

from celery import shared_task
from django.conf import settings

from certificates.services import batch_execute


@shared_task(
    name="certificates.batch_execute",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
)
def batch_execute_task(batch_id: int) -> bool:
    """Issue a batch's training certificates; a second delivery finds it done and does nothing."""
    return batch_execute(batch_id=batch_id)
