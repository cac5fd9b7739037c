"""Two factors nobody can step around (issue #20, point 2): where they are required, an API
token not issued after a second-factor check opens nothing but signing out, whatever its age
or its holder's role when it was issued; becoming coordinator or staff ends the old tokens
and sessions. The API, the pages and the admin, with the setting on and off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command
from django.test import Client, override_settings
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import Program, Role, User
from accounts.services import privileges_raised
from tests.accounts.test_two_factor import current_code
from tests.factories import TEST_PASSWORD, member


@pytest.fixture
def required() -> Iterator[None]:
    with override_settings(TWO_FACTOR_REQUIRED_FOR_COORDINATORS=True):
        yield


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def old_token(user: User) -> str:
    """A token issued without a second-factor check (before the setting was on)."""
    return str(AuthToken.objects.create(user)[1])


def test_an_old_coordinator_token_is_refused_with_a_code_to_act_on(
    coordinator: User, required: None
) -> None:
    TOTP.activate(coordinator, generate_totp_secret())
    client = with_token(old_token(coordinator))

    response = client.get("/api/v1/volunteers/")

    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"
    assert client.get("/api/v1/auth/me/").status_code == 403
    assert client.post("/api/v1/auth/logout/").status_code == 204  # giving it up is allowed


def test_without_a_second_factor_set_up_the_code_says_to_set_one_up(
    coordinator: User, required: None
) -> None:
    response = with_token(old_token(coordinator)).get("/api/v1/volunteers/")

    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_setup_required"


def test_a_token_issued_with_the_current_code_works(coordinator: User, required: None) -> None:
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    issued = APIClient().post(
        "/api/v1/auth/token/",
        {"email": coordinator.email, "password": TEST_PASSWORD, "code": current_code(secret)},
    )

    response = with_token(issued.json()["token"]).get("/api/v1/volunteers/")

    assert response.status_code == 200


def test_with_the_setting_off_an_old_token_works(coordinator: User) -> None:
    with override_settings(TWO_FACTOR_REQUIRED_FOR_COORDINATORS=False):
        response = with_token(old_token(coordinator)).get("/api/v1/volunteers/")

    assert response.status_code == 200


def test_residents_tokens_need_no_second_factor(volunteer: User, required: None) -> None:
    assert with_token(old_token(volunteer)).get("/api/v1/auth/me/").status_code == 200


def test_a_volunteer_made_coordinator_loses_her_token_and_her_session(
    other_program: Program, program: Program, required: None
) -> None:
    volunteer = member(other_program, Role.VOLUNTEER, full_name="Ola Nowa")
    token = old_token(volunteer)
    browser = Client()
    browser.force_login(volunteer)

    call_command(
        "create_coordinator", program="warszawa", email=volunteer.email, password=TEST_PASSWORD
    )

    assert with_token(token).get("/api/v1/volunteers/").status_code == 401
    page = browser.get("/coordinators/requests/")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/accounts/login/")


def test_becoming_staff_ends_the_old_tokens(volunteer: User, required: None) -> None:
    token = old_token(volunteer)
    volunteer.is_staff = True
    volunteer.save()

    privileges_raised(user=volunteer)

    assert with_token(token).get("/api/v1/auth/me/").status_code == 401


def test_the_admin_asks_staff_for_a_second_factor_where_required(staff: User) -> None:
    browser = Client()
    browser.force_login(staff)

    with override_settings(TWO_FACTOR_REQUIRED_FOR_COORDINATORS=True):
        required = browser.get("/admin/")
    with override_settings(TWO_FACTOR_REQUIRED_FOR_COORDINATORS=False):
        not_required = browser.get("/admin/")

    assert required.status_code == 302
    assert required.headers["Location"].startswith("/accounts/2fa/totp/activate/")
    assert not_required.status_code == 200


def test_pages_ask_coordinators_only_where_required(coordinator: User) -> None:
    browser = Client()
    browser.force_login(coordinator)

    with override_settings(TWO_FACTOR_REQUIRED_FOR_COORDINATORS=True):
        required = browser.get("/coordinators/requests/")
        api_with_session = browser.get("/api/v1/volunteers/")
    with override_settings(TWO_FACTOR_REQUIRED_FOR_COORDINATORS=False):
        not_required = browser.get("/coordinators/requests/")

    assert required.status_code == 302
    assert api_with_session.status_code == 403
    assert api_with_session.json()["code"] == "second_factor_setup_required"
    assert not_required.status_code == 200
