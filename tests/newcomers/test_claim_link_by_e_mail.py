"""A newcomer registered at an integration point with an e-mail address receives the claim link."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import Notification, Program, User
from newcomers.models import NewcomerProfile
from privacy.services import person_erase, person_export, person_for_coordinator
from tests.clients import signed_in

SignIn = Callable[[User], APIClient]


def register(client: APIClient, **fields: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/newcomers/",
        {
            "full_name": "Ірина Бондаренко",
            "languages": [{"code": "uk", "level": "native"}],
            "location": {"city": "Warszawa"},
            **fields,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return dict(response.json())


def test_the_link_is_e_mailed_in_the_newcomers_language_and_works(
    program: Program,
    coordinator: User,
    api: APIClient,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # sent after commit, eagerly here
        register(
            signed_in(coordinator),
            languages=[{"code": "uk", "level": "native"}],
            first_language="uk",
            contact_email="Iryna@Example.org",
        )

    [message] = mail.outbox
    assert message.to == ["iryna@example.org"]
    assert message.subject == "Ваше місце в програмі Ambasadorzy Powitania Warszawa"
    link = next(word for word in message.body.split() if "/claim/" in word)
    assert link.startswith(settings.SITE_URL)
    token = urlsplit(link).path.rstrip("/").split("/")[-1]
    claimed = api.post(
        "/api/v1/newcomers/claim/",
        {"token": token, "email": "iryna@example.org", "password": "kyiv-warszawa-2026"},
        format="json",
    )
    assert claimed.status_code == 201, claimed.json()


@pytest.mark.parametrize(("first_language", "subject_starts"), [("ka", "Your place"), ("", "Your")])
def test_a_language_the_platform_does_not_speak_gets_english(
    program: Program, coordinator: User, first_language: str, subject_starts: str
) -> None:
    register(signed_in(coordinator), first_language=first_language, contact_email="n@example.org")

    assert Notification.objects.get(kind="newcomer-claim").subject.startswith(subject_starts)


def test_without_an_e_mail_address_nothing_is_sent(program: Program, coordinator: User) -> None:
    register(signed_in(coordinator), contact_phone="+48 600 100 200")

    assert not Notification.objects.filter(kind="newcomer-claim").exists()


def test_the_e_mail_is_in_the_export_and_gone_after_erasure(
    program: Program, coordinator: User
) -> None:
    created = register(signed_in(coordinator), contact_email="iryna@example.org")
    person = person_for_coordinator(coordinator, user_id=None, newcomer_id=created["id"])

    exported = person_export(person)["newcomer"]["emails_to_contact_address"]
    person_erase(person=person, by=coordinator)

    assert [row["address"] for row in exported] == ["iryna@example.org"]
    assert not Notification.objects.filter(kind="newcomer-claim").exists()
    assert NewcomerProfile.objects.get(pk=created["id"]).contact_email == ""
