"""Coordinators and staff use a second factor before they see anyone's data."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client, override_settings
from rest_framework.test import APIClient

from accounts.models import User
from tests.clients import signed_in
from tests.factories import TEST_PASSWORD
from tests.unchanged import nothing_changes

pytestmark = pytest.mark.usefixtures("_two_factor_required")


@pytest.fixture
def _two_factor_required() -> object:
    with override_settings(TWO_FACTOR_REQUIRED_FOR_COORDINATORS=True):
        yield


def current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_a_coordinator_without_a_second_factor_is_sent_to_set_one_up(coordinator: User) -> None:
    client = signed_in(coordinator)

    page = client.get("/coordinators/requests/")
    answer = client.get("/api/v1/requests/")

    assert page.status_code == 302
    assert page.headers["Location"].startswith("/accounts/2fa/totp/activate/")
    assert answer.status_code == 403
    # Setting it up is reachable (allauth first confirms the password): no redirect loop.
    setup = client.get("/accounts/2fa/totp/activate/")
    assert setup.headers["Location"].startswith("/accounts/reauthenticate/")


def test_a_coordinator_with_a_second_factor_works_normally(coordinator: User) -> None:
    TOTP.activate(coordinator, generate_totp_secret())

    assert signed_in(coordinator).get("/coordinators/requests/").status_code == 200


def test_residents_need_no_second_factor(volunteer: User) -> None:
    assert signed_in(volunteer).get("/residents/profile/").status_code == 200


def test_a_coordinators_api_token_needs_the_current_code(coordinator: User) -> None:
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    client = APIClient()
    credentials = {"email": coordinator.email, "password": TEST_PASSWORD}

    with nothing_changes():
        without = client.post("/api/v1/auth/token/", credentials)
        wrong = client.post("/api/v1/auth/token/", {**credentials, "code": "000000"})
    right = client.post("/api/v1/auth/token/", {**credentials, "code": current_code(secret)})

    assert (without.status_code, list(without.json())) == (400, ["code"])
    assert wrong.status_code == 400
    assert right.status_code == 200
    assert right.json()["token"]


def test_a_coordinator_without_a_second_factor_gets_no_token(coordinator: User) -> None:
    with nothing_changes():
        response = APIClient().post(
            "/api/v1/auth/token/", {"email": coordinator.email, "password": TEST_PASSWORD}
        )

    assert (response.status_code, list(response.json())) == (400, ["code"])


def test_the_admin_signs_in_through_the_protected_sign_in(staff: User) -> None:
    response = Client().get("/admin/login/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")
