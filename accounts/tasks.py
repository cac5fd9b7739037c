from __future__ import annotations

from celery import shared_task

from accounts.notifications import notification_send, notifications_send


@shared_task(
    name="accounts.send_notification",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_notification(notification_id: int) -> bool:
    """Send a stored e-mail; safe to run twice (the row is claimed before sending)."""
    return notification_send(notification_id=notification_id)


@shared_task(
    name="accounts.send_notifications",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_notifications(notification_ids: list[int]) -> int:
    """Send a batch of stored e-mails; safe to run twice (each row is claimed before sending,
    so a retry after a failure part-way sends only what was not sent)."""
    return notifications_send(notification_ids=notification_ids)
