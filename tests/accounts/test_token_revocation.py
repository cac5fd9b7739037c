"""API tokens die with the password, the account and the role they were issued under; a
token's holder lists and revokes their tokens (issue #20, point 1)."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.cache import caches
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import privileges_raised, user_deactivate
from tests.clients import signed_in
from tests.factories import TEST_PASSWORD
from tests.unchanged import nothing_changes

NEW_PASSWORD = "zupelnie-nowe-haslo-2027"


def token_of(user: User, password: str = TEST_PASSWORD) -> str:
    response = APIClient().post("/api/v1/auth/token/", {"email": user.email, "password": password})
    assert response.status_code == 200
    return str(response.json()["token"])


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_changing_the_password_ends_every_token_and_every_other_session(volunteer: User) -> None:
    token = token_of(volunteer)
    here, elsewhere = signed_in(volunteer), signed_in(volunteer)

    changed = here.post(
        "/accounts/password/change/",
        {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert changed.status_code == 302
    assert with_token(token).get("/api/v1/auth/me/").status_code == 401
    assert elsewhere.get("/home/").status_code == 302  # to the sign-in page
    assert here.get("/home/").status_code == 200  # the session that changed it stays
    assert with_token(token_of(volunteer, NEW_PASSWORD)).get("/api/v1/auth/me/").status_code == 200


def test_resetting_the_password_through_the_mailed_link_ends_every_token(
    volunteer: User,
) -> None:
    token = token_of(volunteer)
    browser = Client()
    browser.post("/accounts/password/reset/", {"email": volunteer.email})
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", str(mail.outbox[-1].body))
    assert link is not None
    form = browser.get(link.group(0).removeprefix("http://testserver"), follow=True)

    reset = browser.post(
        form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert reset.status_code == 302
    assert with_token(token).get("/api/v1/auth/me/").status_code == 401


def test_switching_an_account_off_ends_its_tokens_and_sessions(volunteer: User) -> None:
    token, browser = token_of(volunteer), signed_in(volunteer)

    user_deactivate(user=volunteer)

    assert with_token(token).get("/api/v1/auth/me/").status_code == 401
    assert browser.get("/home/").status_code == 302
    assert not AuthToken.objects.filter(user=volunteer).exists()


def test_raised_privileges_end_the_sessions_at_once_though_they_are_cached(
    volunteer: User,
) -> None:
    """The session stays valid for the user as such (same password, still active): only its
    deletion ends it, from the cache as well as from the table."""
    browser = signed_in(volunteer)
    assert browser.get("/home/").status_code == 200  # read once: now in the cache

    privileges_raised(user=volunteer)

    assert browser.get("/home/").status_code == 302  # to the sign-in page


def test_a_session_cached_again_before_the_revocation_commits_is_forgotten_after_it(
    volunteer: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    """Another request can read the row (still there for it) between the delete and the
    commit and cache it again: the cached copy goes once the transaction commits."""
    browser = signed_in(volunteer)
    assert browser.get("/home/").status_code == 200
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    engine = import_module(settings.SESSION_ENGINE)
    cached = engine.SessionStore(key).load()

    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        privileges_raised(user=volunteer)
    store = engine.SessionStore(key)
    caches[settings.SESSION_CACHE_ALIAS].set(store.cache_key, cached)  # the other request's
    assert browser.get("/home/").status_code == 200  # before the commit: still served
    for callback in after_commit:
        callback()

    assert browser.get("/home/").status_code == 302


def test_logout_revokes_the_token_in_use_and_no_other(volunteer: User) -> None:
    first, second = token_of(volunteer), token_of(volunteer)

    response = with_token(first).post("/api/v1/auth/logout/")

    assert response.status_code == 204
    assert with_token(first).get("/api/v1/auth/me/").status_code == 401
    assert with_token(second).get("/api/v1/auth/me/").status_code == 200


def test_logout_all_revokes_every_token_of_the_caller_only(volunteer: User, newcomer: User) -> None:
    first, second, hers = token_of(volunteer), token_of(volunteer), token_of(newcomer)

    response = with_token(first).post("/api/v1/auth/logout-all/")

    assert response.status_code == 204
    assert with_token(first).get("/api/v1/auth/me/").status_code == 401
    assert with_token(second).get("/api/v1/auth/me/").status_code == 401
    assert with_token(hers).get("/api/v1/auth/me/").status_code == 200


def test_the_token_list_shows_dates_and_which_is_in_use_never_the_secret(
    volunteer: User, newcomer: User
) -> None:
    older, current = token_of(volunteer), token_of(volunteer)
    token_of(newcomer)
    with_token(older).get("/api/v1/auth/me/")

    response = with_token(current).get("/api/v1/auth/tokens/")

    assert response.status_code == 200
    tokens = response.json()["results"]
    assert [sorted(token) for token in tokens] == [
        ["created", "current", "expiry", "last_used", "second_factor"]
    ] * 2
    assert [token["current"] for token in tokens] == [True, False]
    assert all(token["last_used"] is not None for token in tokens)
    assert older[:8] not in response.content.decode()
    assert current[:8] not in response.content.decode()


def test_logout_without_a_token_is_a_401(api: APIClient, db: None) -> None:
    with nothing_changes():
        logout = api.post("/api/v1/auth/logout/")
        logout_all = api.post("/api/v1/auth/logout-all/")

    assert (logout.status_code, logout_all.status_code) == (401, 401)
    assert api.get("/api/v1/auth/tokens/").status_code == 401


def admin_change(staff: User, person: User, **changes: object) -> Any:
    """Staff save the person's page in the admin with `changes` (None: the box unticked)."""
    staff.is_superuser = True
    staff.save()
    browser = Client()
    browser.force_login(staff)
    form = {
        "email": person.email,
        "full_name": person.full_name,
        "preferred_language": person.preferred_language,
        "is_active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        **changes,
    }
    return browser.post(
        f"/admin/accounts/user/{person.pk}/change/",
        {k: v for k, v in form.items() if v is not None},
    )


def test_switching_an_account_off_in_the_admin_ends_its_tokens(
    staff: User, volunteer: User
) -> None:
    token = token_of(volunteer)

    response = admin_change(staff, volunteer, is_active=None)

    assert response.status_code == 302
    assert with_token(token).get("/api/v1/auth/me/").status_code == 401
    assert not AuthToken.objects.filter(user=volunteer).exists()


def test_making_someone_staff_in_the_admin_ends_their_tokens(staff: User, volunteer: User) -> None:
    token = token_of(volunteer)

    response = admin_change(staff, volunteer, is_staff="on")

    assert response.status_code == 302
    assert with_token(token).get("/api/v1/auth/me/").status_code == 401
