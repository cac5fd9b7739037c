"""The e-mail outbox: one message per occasion, nothing for work that rolled back."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import connection, transaction

from accounts.models import Notification, NotificationStatus, User
from accounts.notifications import (
    Outgoing,
    _Renderer,
    notification_queue,
    notification_send,
    notifications_queue_many,
)


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


def test_many_at_once_store_each_key_once_even_if_another_sweep_took_one_meanwhile(
    volunteer: User, newcomer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    render = _Renderer.render
    taken: list[Notification] = []

    def another_sweep_commits_first(self: _Renderer, item: Outgoing, language: str) -> Any:
        # Between this call's look-up of stored keys and its insert.
        if not taken:
            taken.append(
                Notification.objects.create(
                    key="reminder:1", user=volunteer, kind="k", subject="s", body="b"
                )
            )
        return render(self, item, language)

    monkeypatch.setattr(_Renderer, "render", another_sweep_commits_first)
    items = [
        Outgoing(user=volunteer, kind="k", key="reminder:1", template="welcome"),
        Outgoing(user=newcomer, kind="k", key="reminder:2", template="welcome"),
        Outgoing(user=newcomer, kind="k", key="reminder:2", template="welcome"),  # twice
    ]

    with transaction.atomic():
        stored = notifications_queue_many(items)

    fresh = Notification.objects.get(key="reminder:2")
    # PostgreSQL returns only the rows this call inserted; elsewhere the taken key's row comes
    # back too, and the send's claim keeps it from going out twice.
    postgres = connection.vendor == "postgresql"
    assert stored == ([fresh.pk] if postgres else sorted([taken[0].pk, fresh.pk]))
    assert (fresh.user, fresh.status, fresh.address) == (newcomer, "pending", "")
    assert fresh.subject.startswith("Ласкаво просимо")  # in her language
    assert Notification.objects.get(key="reminder:1").subject == "s"  # untouched
    assert Notification.objects.count() == 2
