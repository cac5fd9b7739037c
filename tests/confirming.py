"""Following the confirmation link of someone's welcome e-mail, as they would."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.test import Client

from accounts.models import Notification, User


def confirmation_link(user: User) -> str:
    """The link in the person's welcome e-mail, as a path."""
    body = Notification.objects.get(user=user, kind="welcome").body
    return urlsplit(next(word for word in body.split() if "/confirm-email/" in word)).path


def confirm(user: User) -> None:
    response = Client().post(confirmation_link(user))
    assert response.status_code == 302, response.status_code
