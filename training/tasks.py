from __future__ import annotations

from celery import shared_task
from django_scopes import scopes_disabled

from training.lapses import lapse_reminders_send
from training.services import training_status_refresh
from volunteers.models import VolunteerProfile


@shared_task(name="volunteers.training_daily", acks_late=True, time_limit=1800)
def training_daily() -> int:
    """Every morning: completions that expired overnight untrain; lapses get their e-mail.

    Safe to run twice: the status is derived, and each reminder has a unique key.
    """
    with scopes_disabled():
        training_status_refresh(volunteers=VolunteerProfile.objects.all())
        return lapse_reminders_send()
