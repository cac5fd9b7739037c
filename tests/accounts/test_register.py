"""POST /api/v1/auth/register/: residents and newcomers sign up for a programme."""

from __future__ import annotations

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import Membership, Program, User

URL = "/api/v1/auth/register/"


def body(**overrides: object) -> dict[str, object]:
    return {
        "email": "ewa.nowak@example.org",
        "password": "spacer-po-wisle-2027",
        "role": "volunteer",
        "program": "warszawa",
        "full_name": "Ewa Nowak",
        **overrides,
    }


@pytest.mark.django_db(transaction=True)
def test_a_resident_signs_up_as_a_volunteer_of_a_programme(
    api: APIClient, program: Program
) -> None:
    response = api.post(URL, body(preferred_language="uk"), format="json")

    assert response.status_code == 201
    user = User.objects.get(email="ewa.nowak@example.org")
    assert response.json() == {
        "id": user.pk,
        "email": "ewa.nowak@example.org",
        "role": "volunteer",
        "program": "warszawa",
    }
    assert user.full_name == "Ewa Nowak"
    assert user.preferred_language == "uk"
    assert user.check_password("spacer-po-wisle-2027")
    assert Membership.objects.get(user=user).role == "volunteer"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ewa.nowak@example.org"]
    assert "Ambasadorzy Powitania Warszawa" in mail.outbox[0].subject


def test_a_newcomer_signs_up_too(api: APIClient, program: Program) -> None:
    response = api.post(URL, body(role="newcomer", email="olena@example.org"), format="json")

    assert response.status_code == 201
    assert response.json()["role"] == "newcomer"


def test_an_address_already_registered_is_refused_whatever_its_case(
    api: APIClient, program: Program
) -> None:
    api.post(URL, body(), format="json")

    response = api.post(URL, body(email="Ewa.Nowak@Example.org"), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["email"]
    assert User.objects.count() == 1


def test_a_weak_password_is_refused_naming_the_field(api: APIClient, program: Program) -> None:
    response = api.post(URL, body(password="12345678"), format="json")

    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.exists()


def test_an_unknown_programme_is_a_400_on_program(api: APIClient, program: Program) -> None:
    response = api.post(URL, body(program="atlantis"), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["program"]
    assert not User.objects.exists()


def test_nobody_can_sign_up_as_a_coordinator(api: APIClient, program: Program) -> None:
    response = api.post(URL, body(role="coordinator"), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["role"]
    assert not User.objects.exists()


def test_every_missing_field_is_named(api: APIClient, program: Program) -> None:
    response = api.post(URL, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"email", "password", "role", "program", "full_name"}


def test_malformed_json_is_a_400_not_a_500(api: APIClient, program: Program) -> None:
    response = api.post(URL, '{"email": "broken', content_type="application/json")

    assert response.status_code == 400
    assert not User.objects.exists()


def test_an_invalid_preferred_language_is_named(api: APIClient, program: Program) -> None:
    response = api.post(URL, body(preferred_language="de"), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["preferred_language"]
