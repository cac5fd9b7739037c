"""POST /api/v1/auth/token/ and GET /api/v1/auth/me/."""

from __future__ import annotations

from rest_framework.test import APIClient

from accounts.models import Program, User
from tests.clients import signed_in
from tests.factories import TEST_PASSWORD
from tests.unchanged import nothing_changes


def test_valid_credentials_give_a_token_that_signs_requests_in(
    api: APIClient, volunteer: User, program: Program
) -> None:
    response = api.post(
        "/api/v1/auth/token/", {"email": volunteer.email.upper(), "password": TEST_PASSWORD}
    )

    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = api.get("/api/v1/auth/me/")
    assert me.status_code == 200
    assert me.json() == {
        "id": volunteer.pk,
        "email": volunteer.email,
        "full_name": "Anna Kowalska",
        "preferred_language": "pl",
        "role": "volunteer",
        "programs": ["warszawa"],
        "email_confirmed": True,
    }


def test_a_wrong_password_is_a_400_that_does_not_say_which_part_was_wrong(
    api: APIClient, volunteer: User
) -> None:
    with nothing_changes():
        response = api.post("/api/v1/auth/token/", {"email": volunteer.email, "password": "nope"})

    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    assert "token" not in response.json()


def test_an_unknown_address_answers_like_a_wrong_password(api: APIClient, db: None) -> None:
    with nothing_changes():
        response = api.post(
            "/api/v1/auth/token/", {"email": "nobody@example.org", "password": TEST_PASSWORD}
        )

    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]


def test_a_deactivated_account_gets_no_token(api: APIClient, volunteer: User) -> None:
    volunteer.is_active = False
    volunteer.save()

    with nothing_changes():
        response = api.post(
            "/api/v1/auth/token/", {"email": volunteer.email, "password": TEST_PASSWORD}
        )

    assert response.status_code == 400


def test_a_token_of_a_deactivated_account_stops_working(api: APIClient, volunteer: User) -> None:
    token = api.post(
        "/api/v1/auth/token/", {"email": volunteer.email, "password": TEST_PASSWORD}
    ).json()["token"]
    volunteer.is_active = False
    volunteer.save()

    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert api.get("/api/v1/auth/me/").status_code == 401


def test_me_without_credentials_is_401(api: APIClient, db: None) -> None:
    assert api.get("/api/v1/auth/me/").status_code == 401


def test_a_made_up_token_is_401(api: APIClient, db: None) -> None:
    api.credentials(HTTP_AUTHORIZATION="Token " + "a" * 64)

    assert api.get("/api/v1/auth/me/").status_code == 401


def test_me_tells_a_coordinator_their_role(coordinator: User) -> None:
    me = signed_in(coordinator).get("/api/v1/auth/me/").json()

    assert me["role"] == "coordinator"
    assert me["programs"] == ["warszawa"]


def test_me_tells_staff_without_a_programme_they_are_staff(staff: User) -> None:
    me = signed_in(staff).get("/api/v1/auth/me/").json()

    assert me["role"] == "staff"
    assert me["programs"] == []
