from __future__ import annotations

from celery import shared_task
from django_scopes import scopes_disabled

from newcomers.waiting import still_needed_sweep


@shared_task(name="newcomers.still_needed_daily", acks_late=True, reject_on_worker_lost=True)
def still_needed_daily() -> dict[str, int]:
    """Daily (beat): "Do you still need help?" where due, pauses where unanswered. Safe to
    run twice: each question is an outbox row keyed by its period, pausing is conditional."""
    with scopes_disabled():
        result = still_needed_sweep()
    return {"asked": result.asked, "paused": result.paused}
