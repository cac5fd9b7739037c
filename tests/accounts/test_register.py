"""POST /api/v1/auth/register/: residents and newcomers sign up for a programme."""

from __future__ import annotations

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import Membership, Program, User
from tests.unchanged import nothing_changes

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
        "id": None,  # the same answer as for an address already registered
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


@pytest.mark.django_db(transaction=True)
def test_an_address_already_registered_gets_the_same_answer_and_its_owner_an_e_mail(
    api: APIClient, program: Program
) -> None:
    first = api.post(URL, body(), format="json")
    mail.outbox.clear()

    again = api.post(
        URL, body(email="Ewa.Nowak@Example.org", password="inne-haslo-2027"), format="json"
    )

    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert User.objects.count() == 1
    owner = User.objects.get()
    assert owner.check_password("spacer-po-wisle-2027")  # nothing changed
    assert [message.to for message in mail.outbox] == [["ewa.nowak@example.org"]]
    assert mail.outbox[0].subject == "Ktoś próbował założyć konto na Twój adres e-mail"
    assert "/accounts/password/reset/" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_the_owner_hears_of_attempts_once_a_day(api: APIClient, program: Program) -> None:
    api.post(URL, body(), format="json")
    mail.outbox.clear()

    for _attempt in range(3):
        api.post(URL, body(), format="json")

    assert len(mail.outbox) == 1


def test_a_weak_password_is_refused_the_same_for_an_address_already_registered(
    api: APIClient, program: Program
) -> None:
    api.post(URL, body(), format="json")

    with nothing_changes():
        new_address = api.post(
            URL, body(email="kto@example.org", password="12345678"), format="json"
        )
        taken_address = api.post(URL, body(password="12345678"), format="json")

    assert new_address.status_code == taken_address.status_code == 400
    assert new_address.json() == taken_address.json()


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
    with nothing_changes():
        response = api.post(URL, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"email", "password", "role", "program", "full_name"}


def test_malformed_json_is_a_400_not_a_500(api: APIClient, program: Program) -> None:
    response = api.post(URL, '{"email": "broken', content_type="application/json")

    assert response.status_code == 400
    assert not User.objects.exists()


def test_an_invalid_preferred_language_is_named(api: APIClient, program: Program) -> None:
    with nothing_changes():
        response = api.post(URL, body(preferred_language="de"), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["preferred_language"]
