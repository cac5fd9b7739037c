"""GET/PATCH /api/v1/volunteers/me/: a resident describes how they can help."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import Program, User
from tests.clients import signed_in
from volunteers.models import VolunteerProfile

URL = "/api/v1/volunteers/me/"
FULL_PROFILE: dict[str, Any] = {
    "full_name": "Anna Kowalska",
    "languages": [{"code": "pl", "level": "native"}, {"code": "uk", "level": "B2"}],
    "skills": ["admin_procedures", "housing"],
    "interests": ["Szachy", "chess", "  Old   Films "],
    "support_roles": ["language_partner"],
    "location": {"address": "ul. Puławska 12, Mokotów", "city": "Warszawa"},
    "max_distance_km": 8,
    "availability": {"hours_per_week": 4, "days": ["tue", "sat"], "modes": ["in_person", "online"]},
    "capacity": 2,
    "bio": "Emerytowana nauczycielka, lubię spacery.",
}


@pytest.fixture
def as_volunteer(volunteer: User) -> APIClient:
    return signed_in(volunteer)


def test_a_resident_fills_in_the_whole_profile(as_volunteer: APIClient, program: Program) -> None:
    response = as_volunteer.patch(URL, FULL_PROFILE, format="json")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["languages"] == FULL_PROFILE["languages"]
    assert body["skills"] == ["admin_procedures", "housing"]
    assert body["interests"] == ["chess", "old films"]
    assert body["support_roles"] == ["language_partner"]
    assert body["availability"] == FULL_PROFILE["availability"]
    assert (body["capacity"], body["max_distance_km"]) == (2, 8)
    assert (body["status"], body["trained"], body["active_matches"]) == ("registered", False, 0)
    assert body["program"] == "warszawa"
    assert body["location"]["place_name"] == "Mokotów"
    # Stored rounded to about 100 m.
    assert round(body["location"]["lat"], 3) == body["location"]["lat"]
    assert 52.15 < body["location"]["lat"] < 52.22


def test_the_profile_survives_a_reload(as_volunteer: APIClient, program: Program) -> None:
    as_volunteer.patch(URL, FULL_PROFILE, format="json")

    body = as_volunteer.get(URL).json()

    assert body["bio"] == FULL_PROFILE["bio"]
    assert body["location"]["address"] == "ul. Puławska 12, Mokotów"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"languages": [{"code": "xx", "level": "B2"}]}, "languages"),
        ({"languages": [{"code": "uk", "level": "B7"}]}, "languages"),
        ({"languages": []}, "languages"),
        (
            {"languages": [{"code": "uk", "level": "B2"}, {"code": "uk", "level": "C1"}]},
            "languages",
        ),
        ({"skills": ["astrology"]}, "skills"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": 99}, "capacity"),
        ({"max_distance_km": 0}, "max_distance_km"),
        ({"max_distance_km": 101}, "max_distance_km"),
        ({"availability": {"hours_per_week": 41, "days": [], "modes": ["online"]}}, "availability"),
        (
            {"availability": {"hours_per_week": 2, "days": ["someday"], "modes": ["online"]}},
            "availability",
        ),
        ({"bio": "x" * 1001}, "bio"),
        ({"location": {"city": "Atlantis"}}, "location"),
        ({"location": {"postal_code": "12345"}}, "location"),
        ({"support_roles": ["astronaut"]}, "support_roles"),
    ],
)
def test_an_invalid_field_is_a_400_naming_it_and_nothing_changes(
    as_volunteer: APIClient, program: Program, change: dict[str, Any], field: str
) -> None:
    as_volunteer.patch(URL, FULL_PROFILE, format="json")
    before = as_volunteer.get(URL).json()

    response = as_volunteer.patch(URL, {"bio": "changed", **change}, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert as_volunteer.get(URL).json() == before


def test_several_invalid_fields_are_all_named(as_volunteer: APIClient, program: Program) -> None:
    response = as_volunteer.patch(URL, {"capacity": 0, "skills": ["x"]}, format="json")

    assert set(response.json()) == {"capacity", "skills"}


def test_a_newcomer_has_no_volunteer_profile(newcomer: User) -> None:
    assert signed_in(newcomer).get(URL).status_code == 403


def test_anonymous_callers_get_401(api: APIClient, db: None) -> None:
    assert api.get(URL).status_code == 401


def test_a_profile_change_marks_the_programmes_matching_pool_stale(
    as_volunteer: APIClient, program: Program
) -> None:
    version = program.pool_version

    as_volunteer.patch(URL, {"capacity": 3}, format="json")

    program.refresh_from_db()
    assert program.pool_version > version
    assert VolunteerProfile.objects.get().capacity == 3
