"""Security headers every response carries, and no cache for signed-in answers."""

from __future__ import annotations

from django.test import Client, override_settings

from accounts.models import User


def test_every_page_forbids_inline_scripts_and_framing(db: None) -> None:
    response = Client().get("/")

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@override_settings(SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_https_answers_carry_hsts(db: None) -> None:
    response = Client().get("/", secure=True)

    assert response.headers["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains")


def test_signed_in_pages_and_api_answers_are_never_stored(volunteer: User) -> None:
    client = Client()
    client.force_login(volunteer)

    page = client.get("/residents/profile/")
    answer = client.get("/api/v1/auth/me/")

    for response in (page, answer):
        assert "no-store" in response.headers["Cache-Control"]
        assert "private" in response.headers["Cache-Control"]


def test_public_pages_may_be_cached(db: None) -> None:
    assert "no-store" not in Client().get("/").headers.get("Cache-Control", "")
