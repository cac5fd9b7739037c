"""Guessing passwords: the sixth failure within five minutes answers 429 and is logged."""

from __future__ import annotations

import logging

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from tests.factories import TEST_PASSWORD
from tests.unchanged import nothing_changes

URL = "/api/v1/auth/token/"


def test_the_sixth_failure_is_throttled_even_with_the_right_password(
    volunteer: User, caplog: pytest.LogCaptureFixture
) -> None:
    client = APIClient()
    wrong = {"email": volunteer.email, "password": "not-it"}

    answers = [client.post(URL, wrong).status_code for _ in range(5)]
    with caplog.at_level(logging.WARNING, logger="welcome_ambassador.security"), nothing_changes():
        sixth = client.post(URL, {"email": volunteer.email, "password": TEST_PASSWORD})

    assert answers == [400] * 5
    assert sixth.status_code == 429
    assert "sign-in throttled" in caplog.text
    assert volunteer.email not in caplog.text


def test_failures_for_one_account_do_not_lock_out_another(volunteer: User, newcomer: User) -> None:
    client = APIClient()
    for _ in range(5):
        client.post(URL, {"email": volunteer.email, "password": "not-it"})

    other = client.post(URL, {"email": newcomer.email, "password": TEST_PASSWORD})

    assert other.status_code == 200


def test_a_right_password_before_the_limit_still_works(volunteer: User) -> None:
    client = APIClient()
    for _ in range(4):
        client.post(URL, {"email": volunteer.email, "password": "not-it"})

    assert (
        client.post(URL, {"email": volunteer.email, "password": TEST_PASSWORD}).status_code == 200
    )
