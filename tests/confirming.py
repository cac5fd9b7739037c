"""Signing up and following the confirmation link of the welcome e-mail, as people do."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.test import Client

from accounts.models import Notification, Program, User


def confirmation_link(user: User) -> str:
    """The link in the person's welcome e-mail, as a path."""
    body = Notification.objects.get(user=user, kind="welcome").body
    return urlsplit(next(word for word in body.split() if "/confirm-email/" in word)).path


def confirm(user: User) -> None:
    response = Client().post(confirmation_link(user))
    assert response.status_code == 302, response.status_code


def sign_up_on_the_page(client: Client, program: Program, *, language: str) -> Any:
    """Marta Zając signs up as a volunteer on /accounts/signup/, preferring `language`."""
    return client.post(
        "/accounts/signup/",
        {
            "full_name": "Marta Zając",
            "email": "marta@example.org",
            "password1": "spacer-po-wisle-2027",
            "password2": "spacer-po-wisle-2027",
            "role": "volunteer",
            "program": program.pk,
            "preferred_language": language,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
