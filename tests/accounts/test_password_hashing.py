"""Passwords are hashed with Argon2id, and older hashes are upgraded at sign-in (issue #20,
point 8). The rest of the suite keeps a fast hasher (config/settings_test.py); these tests use
the production list."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.models import User
from config import settings as production
from tests.factories import TEST_PASSWORD

ARGON2ID_AS_TUNED = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.fixture(autouse=True)
def _production_hashers() -> Iterator[None]:
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        yield


def stored_hash(user: User) -> str:
    return str(User.objects.values_list("password", flat=True).get(pk=user.pk))


def test_a_new_password_is_hashed_with_argon2id(volunteer: User) -> None:
    volunteer.set_password("nowe-haslo-2027")
    volunteer.save()

    assert stored_hash(volunteer).startswith(ARGON2ID_AS_TUNED)


@pytest.mark.parametrize("algorithm", ["pbkdf2_sha256", "pbkdf2_sha1"])
def test_an_older_hash_is_upgraded_when_its_owner_signs_in(volunteer: User, algorithm: str) -> None:
    old_hash = make_password(TEST_PASSWORD, hasher=algorithm)
    User.objects.filter(pk=volunteer.pk).update(password=old_hash)

    response = APIClient().post(
        "/api/v1/auth/token/", {"email": volunteer.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 200
    assert stored_hash(volunteer).startswith(ARGON2ID_AS_TUNED)


def test_an_argon2_hash_of_other_costs_is_upgraded_too(volunteer: User) -> None:
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        default_cost = make_password(TEST_PASSWORD)
    User.objects.filter(pk=volunteer.pk).update(password=default_cost)

    response = APIClient().post(
        "/api/v1/auth/token/", {"email": volunteer.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 200
    assert default_cost.startswith("argon2$argon2id$v=19$m=102400,t=2,p=8$")
    assert stored_hash(volunteer).startswith(ARGON2ID_AS_TUNED)


def test_a_wrong_password_changes_no_hash(volunteer: User) -> None:
    old_hash = make_password(TEST_PASSWORD, hasher="pbkdf2_sha256")
    User.objects.filter(pk=volunteer.pk).update(password=old_hash)

    APIClient().post("/api/v1/auth/token/", {"email": volunteer.email, "password": "not-it"})

    assert stored_hash(volunteer) == old_hash
