from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from volunteers.agreements import agreement_make
from volunteers.models import VolunteerProfile


@shared_task(
    name="volunteers.agreement_make",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
)
def agreement_make_task(volunteer_id: int) -> bool:
    """Make the agreement of a volunteer just matched; a second delivery finds it made. A
    programme without terms yet makes none (False)."""
    with scopes_disabled():
        volunteer = VolunteerProfile.objects.filter(pk=volunteer_id).first()
        if volunteer is None:
            return False
        try:
            agreement_make(volunteer=volunteer)
        except ValidationError:
            return False
    return True
