"""A task enqueued by a request crosses Redis and runs in a real worker against the database."""

from __future__ import annotations

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import Notification, NotificationStatus, Program, User
from tests.worker import real_worker, wait_until


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_welcome_e_mail_is_sent_by_the_worker_after_sign_up(
    api: APIClient, program: Program
) -> None:
    with real_worker():
        response = api.post(
            "/api/v1/auth/register/",
            {
                "email": "bogdan@example.org",
                "password": "spacer-po-wisle-2027",
                "role": "volunteer",
                "program": "warszawa",
                "full_name": "Bogdan Kowal",
            },
            format="json",
        )
        assert response.status_code == 201

        assert wait_until(
            lambda: Notification.objects.filter(
                key=f"welcome:{User.objects.get(email='bogdan@example.org').pk}",
                status=NotificationStatus.SENT,
            ).exists()
        )

    assert [message.to for message in mail.outbox] == [["bogdan@example.org"]]
