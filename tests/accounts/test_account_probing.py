"""Accounts tried from outside (issue #20, point 6): many accounts from one address, adding an
e-mail address without the password, and the sign-in page once throttled."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from rest_framework.test import APIClient

from accounts.models import User
from accounts.security import client_address
from tests.factories import TEST_PASSWORD
from tests.unchanged import nothing_changes

TOKEN = "/api/v1/auth/token/"


def test_one_address_trying_many_accounts_is_throttled(volunteer: User) -> None:
    client = APIClient()
    answers = [
        client.post(TOKEN, {"email": f"kto{number}@example.org", "password": "x"}).status_code
        for number in range(20)
    ]

    with nothing_changes():
        next_try = client.post(TOKEN, {"email": volunteer.email, "password": TEST_PASSWORD})
    elsewhere = APIClient(REMOTE_ADDR="192.0.2.80").post(
        TOKEN, {"email": volunteer.email, "password": TEST_PASSWORD}
    )

    assert answers == [400] * 20
    assert next_try.status_code == 429
    assert elsewhere.status_code == 200


def test_a_forged_forwarded_header_counts_for_nothing_without_trusted_proxies(db: None) -> None:
    forged = APIClient(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="10.9.9.9")
    for number in range(20):
        forged.post(TOKEN, {"email": f"kto{number}@example.org", "password": "x"})

    another_forgery = APIClient(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="10.1.1.1")

    with nothing_changes():
        refused = another_forgery.post(TOKEN, {"email": "a@example.org", "password": "x"})
    assert refused.status_code == 429


def test_behind_one_trusted_proxy_the_address_it_saw_counts() -> None:
    forwarded = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.5"
    )

    with override_settings(TRUSTED_PROXIES=1):
        behind_nginx = client_address(forwarded)
    with override_settings(TRUSTED_PROXIES=0):
        reached_directly = client_address(forwarded)

    assert behind_nginx == "203.0.113.5"
    assert reached_directly == "127.0.0.1"


def add_email(browser: Client, **fields: str) -> Any:
    return browser.post(
        "/accounts/email/", {"action_add": "", "email": "nowy@example.org", **fields}
    )


def test_adding_an_e_mail_address_asks_for_the_current_password(volunteer: User) -> None:
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(volunteer)

    without = add_email(browser)
    wrong = add_email(browser, password="not-it")

    assert without.status_code == wrong.status_code == 200
    assert wrong.context["form"].errors["password"] == ["This is not your current password."]
    assert not EmailAddress.objects.filter(email="nowy@example.org").exists()


def test_adding_an_e_mail_address_tells_the_old_one(volunteer: User) -> None:
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(volunteer)

    response = add_email(browser, password=TEST_PASSWORD)

    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=volunteer, email="nowy@example.org").exists()
    recipients = [message.to for message in mail.outbox]
    assert [volunteer.email] in recipients  # "a new address was added to your account"
    assert ["nowy@example.org"] in recipients  # the confirmation link


def test_the_throttled_sign_in_page_answers_429(volunteer: User) -> None:
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    wrong = {"login": volunteer.email, "password": "not-it"}

    answers = [browser.post("/accounts/login/", wrong).status_code for _ in range(5)]
    with nothing_changes():
        throttled = browser.post("/accounts/login/", {**wrong, "password": TEST_PASSWORD})

    assert answers == [200] * 5
    assert throttled.status_code == 429
    assert "Too many failed login attempts" in throttled.content.decode()
