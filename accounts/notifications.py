"""The e-mail outbox: a notification is a row first and an e-mail second.

`notification_queue` stores the message under a unique key inside the caller's transaction
and enqueues its sending only after commit, so nothing is sent for work that rolled back and
nothing is sent twice for the same occasion. `notification_send` runs in the worker.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Notification, NotificationStatus, User


def notification_queue(
    *, user: User, kind: str, key: str, template: str, context: dict[str, Any] | None = None
) -> Notification | None:
    """Store the message for `key` unless it exists; returns the new row, or None if it did.

    `template` names `emails/<template>_subject.txt` and `emails/<template>_body.txt`,
    rendered in the recipient's preferred language.
    """
    context = {"user": user, "site_url": settings.SITE_URL, **(context or {})}
    with translation.override(user.preferred_language):
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"emails/{template}_body.txt", context)
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            key=key, defaults={"user": user, "kind": kind, "subject": subject, "body": body}
        )
        if created:
            from accounts.tasks import send_notification

            transaction.on_commit(lambda: send_notification.delay(notification.pk))
    return notification if created else None


def notification_send(*, notification_id: int) -> bool:
    """Send one stored notification; True if this call sent it.

    The claim is a conditional update, so two workers holding the same message (a redelivery
    after a crash, a duplicated enqueue) cannot both send it.
    """
    now = timezone.now()
    abandoned = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimed = Notification.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=abandoned),
        pk=notification_id,
        status=NotificationStatus.PENDING,
    ).update(claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    try:
        send_mail(
            notification.subject,
            notification.body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.user.email],
        )
    except Exception:
        # Release the claim so the task's retry can send it.
        Notification.objects.filter(pk=notification_id).update(claimed_at=None)
        raise
    Notification.objects.filter(pk=notification_id).update(
        status=NotificationStatus.SENT, sent_at=timezone.now()
    )
    return True
