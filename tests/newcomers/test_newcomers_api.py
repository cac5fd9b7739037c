"""Newcomers: their own profile, intake by a coordinator, and claiming the account later."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership, Program, User
from core import clock
from newcomers.models import NewcomerProfile
from tests.clients import signed_in
from tests.unchanged import nothing_changes


def test_a_newcomer_describes_themselves_with_only_the_minimum(
    newcomer: User, program: Program
) -> None:
    response = signed_in(newcomer).patch(
        "/api/v1/newcomers/me/",
        {
            "country_of_origin": "UA",
            "languages": [{"code": "uk", "level": "native"}, {"code": "pl", "level": "A2"}],
            "first_language": "uk",
            "interests": ["Шахи", "cooking"],
            "location": {"city": "Варшава"},
            "arrived_on": "2026-03-01",
            "contact_channel": "telegram",
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["interests"] == ["chess", "cooking"]
    assert body["location"]["place_name"] in {"Warszawa", "Warsaw"}
    assert not {"residence_status", "health", "health_needs"} & set(body)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country_of_origin": "XX"}, "country_of_origin"),
        ({"arrived_on": (clock.today() + timedelta(days=2)).isoformat()}, "arrived_on"),
        ({"languages": [{"code": "uk", "level": "fluent"}]}, "languages"),
        ({"location": {"city": "Atlantis"}}, "location"),
        ({"contact_channel": "pigeon"}, "contact_channel"),
    ],
)
def test_invalid_newcomer_fields_are_named(
    newcomer: User, change: dict[str, object], field: str
) -> None:
    client = signed_in(newcomer)
    client.get("/api/v1/newcomers/me/")  # the first read opens the profile

    with nothing_changes():
        response = client.patch("/api/v1/newcomers/me/", change, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_a_coordinator_registers_a_newcomer_who_later_claims_the_account(
    coordinator: User, program: Program, api: APIClient
) -> None:
    created = signed_in(coordinator).post(
        "/api/v1/newcomers/",
        {
            "full_name": "Ірина Бондаренко",
            "languages": [{"code": "uk", "level": "native"}],
            "contact_phone": "+48 600 100 200",
            "contact_channel": "viber",
            "location": {"city": "Warszawa"},
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["has_account"] is False
    token = created.json()["claim_url"].rstrip("/").split("/")[-1]

    claimed = api.post(
        "/api/v1/newcomers/claim/",
        {"token": token, "email": "iryna@example.org", "password": "kyiv-warszawa-2026"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="uk",
    )

    assert claimed.status_code == 201, claimed.json()
    user = User.objects.get(email="iryna@example.org")
    assert user.full_name == "Ірина Бондаренко"
    assert user.preferred_language == "uk"
    assert NewcomerProfile.objects.get().user == user
    assert Membership.objects.get(user=user).role == "newcomer"
    again = api.post(
        "/api/v1/newcomers/claim/",
        {"token": token, "email": "other@example.org", "password": "kyiv-warszawa-2026"},
        format="json",
    )
    assert again.status_code == 400
    assert "token" in again.json()


def test_a_forged_claim_token_is_refused(api: APIClient, db: None) -> None:
    response = api.post(
        "/api/v1/newcomers/claim/",
        {"token": "forged", "email": "x@example.org", "password": "kyiv-warszawa-2026"},
        format="json",
    )

    assert response.status_code == 400
    assert "token" in response.json()
    assert not User.objects.exists()


def test_intake_needs_a_way_to_reach_the_person(coordinator: User) -> None:
    response = signed_in(coordinator).post(
        "/api/v1/newcomers/",
        {"full_name": "Nino Beridze", "languages": [{"code": "ka", "level": "native"}]},
        format="json",
    )

    assert response.status_code == 400
    assert "contact_email" in response.json()
    assert not NewcomerProfile.objects.exists()


def test_only_coordinators_register_newcomers_and_only_in_their_programmes(
    volunteer: User, outsider: User, coordinator: User
) -> None:
    body = {
        "full_name": "Nino Beridze",
        "languages": [{"code": "ka", "level": "native"}],
        "contact_email": "nino@example.org",
    }

    assert signed_in(volunteer).post("/api/v1/newcomers/", body, format="json").status_code == 403
    refused = signed_in(outsider).post(
        "/api/v1/newcomers/", {**body, "program": "warszawa"}, format="json"
    )
    assert refused.status_code == 400
    assert "program" in refused.json()
    assert not NewcomerProfile.objects.exists()
    created = signed_in(coordinator).post("/api/v1/newcomers/", body, format="json")
    assert created.json()["program"] == "warszawa"


def test_another_programmes_newcomer_is_404(outsider: User, program: Program) -> None:
    profile = NewcomerProfile.objects.create(program=program, full_name="Olena")

    assert signed_in(outsider).get(f"/api/v1/newcomers/{profile.pk}/").status_code == 404
    assert signed_in(outsider).get("/api/v1/newcomers/").json()["count"] == 0
