"""Forms that help (#18, point 4): GOV.UK's error pattern on every person-facing form, the
required groups' own messages, Polish postal codes, and a profile shown back as typed."""

from __future__ import annotations

import re

from django.test import Client

from accounts.models import Program, User
from volunteers.models import VolunteerProfile

PROFILE = {
    "full_name": "Anna Kowalska",
    "language_1": "pl",
    "level_1": "native",
    "skills": ["housing"],
    "modes": ["in_person"],
    "interests": "szachy, rower, kolarstwo górskie",
    "city": "Warszawa",
    "district": "Praga-Południe",
    "postal_code": "03-902",
    "address": "ul. Grochowska 5",
    "max_distance_km": "8",
    "hours_per_week": "3",
    "capacity": "1",
}


def test_a_saved_profile_shows_exactly_what_was_typed(client: Client, volunteer: User) -> None:
    client.force_login(volunteer)

    client.post("/residents/profile/", PROFILE, HTTP_ACCEPT_LANGUAGE="pl")
    page = client.get("/residents/profile/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()

    assert re.search(r'name="district"[^>]*value="Praga-Południe"', page)
    assert re.search(r'name="address"[^>]*value="ul. Grochowska 5"', page)
    assert re.search(r'name="interests"[^>]*value="szachy, rower, kolarstwo górskie"', page)
    # Matching still compares interests across languages by their codes.
    assert VolunteerProfile.objects.get(user=volunteer).interests[:2] == ["chess", "cycling"]


def test_a_postal_code_must_be_polish(client: Client, volunteer: User) -> None:
    client.force_login(volunteer)

    response = client.post(
        "/residents/profile/", {**PROFILE, "postal_code": "abc"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.context["form"].errors["postal_code"] == ["Enter a postal code like 00-950."]
    assert not VolunteerProfile.objects.filter(user=volunteer, postal_code="abc").exists()


def test_a_resident_must_say_how_they_can_meet(client: Client, volunteer: User) -> None:
    """Matching pairs people only through a way to meet they share: none is never matched."""
    client.force_login(volunteer)
    without_modes = {key: value for key, value in PROFILE.items() if key != "modes"}

    response = client.post("/residents/profile/", without_modes, HTTP_ACCEPT_LANGUAGE="en")

    assert response.context["form"].errors["modes"] == ["Choose at least one way to meet."]
    assert not VolunteerProfile.objects.filter(user=volunteer, city="Warszawa").exists()


def test_an_error_page_has_a_summary_linking_each_field_and_says_error_in_its_title(
    client: Client, newcomer: User
) -> None:
    client.force_login(newcomer)

    response = client.post(
        "/newcomers/ask/",
        {"city": "Warszawa", "notes": "Потрібна допомога з квартирою", "urgency": "normal"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()

    assert response.status_code == 200
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None and title.group(1).startswith("Error: ")
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert '<a href="#id_needs_0">Choose at least one kind of help.</a>' in summary
    assert '<a href="#id_modes_0">Choose at least one way to meet.</a>' in summary
    # Each message sits between its group's legend and its inputs, and is what the
    # inputs' group is described by.
    needs = page.split("What do you need help with?")[1]
    assert needs.index("Choose at least one kind of help.") < needs.index('name="needs"')
    assert 'aria-describedby="id_needs_helptext id_needs_error"' in page
    # Required groups say so; everything typed is kept.
    assert "(required)" in needs.split("</legend>")[0]
    assert "Потрібна допомога з квартирою" in page
    assert "js/error-summary.js" in page


def test_a_page_without_errors_loads_no_error_script(client: Client, newcomer: User) -> None:
    client.force_login(newcomer)

    page = client.get("/newcomers/ask/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "error-summary" not in page
    assert "<script" not in page


def test_allauth_s_errors_sit_at_their_own_field(client: Client, program: Program) -> None:
    response = client.post(
        "/accounts/signup/",
        {"email": "ewa@example.org", "full_name": "", "role": "volunteer"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()

    name = page.split('for="id_full_name"')[1]
    assert name.index("This field is required.") < name.index('name="full_name"')
    email = page.split('for="id_email"')[1].split('for="id_')[0]
    assert "This field is required." not in email
    assert '<a href="#id_full_name">' in page
    assert re.search(r"<title>Error: ", page)
