"""The e-mail outbox: one message per occasion, nothing for work that rolled back."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import Notification, NotificationStatus, User
from accounts.notifications import notification_queue, notification_send


@pytest.mark.django_db(transaction=True)
def test_the_same_occasion_queued_twice_sends_one_e_mail(volunteer: User) -> None:
    for _ in range(2):
        notification_queue(
            user=volunteer,
            kind="welcome",
            key="welcome:x",
            template="welcome",
            context={"program": volunteer.memberships.get().program, "role": "volunteer"},
        )

    assert len(mail.outbox) == 1
    assert Notification.objects.get(key="welcome:x").status == NotificationStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_for_work_that_rolled_back(volunteer: User) -> None:
    program = volunteer.memberships.get().program
    with pytest.raises(RuntimeError), transaction.atomic():
        notification_queue(
            user=volunteer,
            kind="welcome",
            key="welcome:y",
            template="welcome",
            context={"program": program, "role": "volunteer"},
        )
        raise RuntimeError("the surrounding work failed")

    assert mail.outbox == []
    assert not Notification.objects.filter(key="welcome:y").exists()


@pytest.mark.django_db(transaction=True)
def test_sending_a_sent_notification_again_sends_nothing(volunteer: User) -> None:
    program = volunteer.memberships.get().program
    notification = notification_queue(
        user=volunteer,
        kind="welcome",
        key="welcome:z",
        template="welcome",
        context={"program": program, "role": "volunteer"},
    )
    assert notification is not None

    assert notification_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_the_message_is_written_in_the_recipients_language(newcomer: User) -> None:
    program = newcomer.memberships.get().program
    with transaction.atomic():
        notification = notification_queue(
            user=newcomer,
            kind="welcome",
            key="welcome:uk",
            template="welcome",
            context={"program": program, "role": "newcomer"},
        )

    assert notification is not None
    assert notification.subject.startswith("Ласкаво просимо")
