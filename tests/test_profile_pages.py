"""The server-rendered pages of volunteers, newcomers and coordinators."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Program, Role, User
from newcomers.models import NewcomerProfile, SupportRequest
from tests.factories import member
from volunteers.models import VolunteerProfile

PAGES = {
    "/residents/profile/": ("volunteer", "Become an ambassador"),
    "/newcomers/ask/": ("newcomer", "Ask for support"),
    "/coordinators/intake/": ("coordinator", "Register a newcomer"),
    "/coordinators/volunteers/": ("coordinator", "Volunteers"),
    "/coordinators/requests/": ("coordinator", "Open requests"),
}
WRONG_ROLE = {"volunteer": "newcomer", "newcomer": "coordinator", "coordinator": "volunteer"}


@pytest.fixture
def people(volunteer: User, newcomer: User, coordinator: User) -> dict[str, User]:
    return {"volunteer": volunteer, "newcomer": newcomer, "coordinator": coordinator}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_each_page_renders_for_its_role(
    client: Client, people: dict[str, User], path: str, language: str
) -> None:
    role, heading = PAGES[path]
    client.force_login(people[role])

    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    if language == "en":
        assert heading in page


@pytest.mark.parametrize("path", PAGES)
def test_the_wrong_role_is_refused(client: Client, people: dict[str, User], path: str) -> None:
    client.force_login(people[WRONG_ROLE[PAGES[path][0]]])

    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client: Client, db: None, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


VOLUNTEER_FORM = {
    "full_name": "Anna Maria Kowalska",
    "language_1": "pl",
    "level_1": "native",
    "language_2": "uk",
    "level_2": "B2",
    "language_3": "",
    "level_3": "",
    "skills": ["admin_procedures", "housing"],
    "interests": "Szachy, cooking, jazz",
    "support_roles": ["language_partner"],
    "city": "Warszawa",
    "district": "Mokotów",
    "postal_code": "",
    "address": "ul. Puławska 12",
    "max_distance_km": "8",
    "hours_per_week": "3",
    "days": ["tue", "sat"],
    "modes": ["in_person", "online"],
    "capacity": "2",
    "bio": "Lubię pomagać.",
}


def test_the_volunteer_form_saves_a_full_profile(client: Client, volunteer: User) -> None:
    client.force_login(volunteer)

    response = client.post("/residents/profile/", VOLUNTEER_FORM, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"] == "/residents/profile/"
    profile = VolunteerProfile.objects.get(user=volunteer)
    assert profile.languages == {"pl": "native", "uk": "B2"}
    assert profile.skills == ["admin_procedures", "housing"]
    assert profile.interests == ["chess", "cooking", "jazz"]
    assert profile.support_roles == ["language_partner"]
    assert profile.city == "Warszawa"
    # The district stays the district: nothing is moved into the address.
    assert (profile.address, profile.district) == ("ul. Puławska 12", "Mokotów")
    assert profile.place_name
    assert profile.lat is not None
    assert (profile.max_distance_km, profile.hours_per_week, profile.capacity) == (8, 3, 2)
    assert profile.days == ["tue", "sat"]
    assert profile.modes == ["in_person", "online"]
    assert profile.bio == "Lubię pomagać."
    volunteer.refresh_from_db()
    assert volunteer.full_name == "Anna Maria Kowalska"
    follow = client.get("/residents/profile/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Your profile is saved." in follow.content.decode()
    assert 'value="Anna Maria Kowalska"' in follow.content.decode()


def test_an_unknown_city_is_shown_on_the_form_and_nothing_is_stored(
    client: Client, volunteer: User
) -> None:
    client.force_login(volunteer)

    response = client.post(
        "/residents/profile/",
        {**VOLUNTEER_FORM, "city": "Atlantis", "district": "", "address": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "We could not find this place" in response.content.decode()
    assert response.context["form"].errors["city"]
    profile = VolunteerProfile.objects.get(user=volunteer)
    assert profile.languages == {}
    assert profile.city == ""
    volunteer.refresh_from_db()
    assert volunteer.full_name == "Anna Kowalska"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"language_1": "", "level_1": "", "language_2": "", "level_2": ""}, "language_1"),
        ({"language_2": "pl"}, "language_2"),
        ({"level_2": ""}, "level_2"),
        ({"capacity": "6"}, "capacity"),
    ],
)
def test_invalid_volunteer_input_is_shown_next_to_the_field(
    client: Client, volunteer: User, change: dict[str, str], field: str
) -> None:
    client.force_login(volunteer)

    response = client.post("/residents/profile/", {**VOLUNTEER_FORM, **change})

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert VolunteerProfile.objects.get(user=volunteer).languages == {}


ASK_FORM = {
    "needs": ["housing", "healthcare"],
    "modes": ["in_person"],
    "urgency": "high",
    "city": "Warszawa",
    "district": "",
    "language_1": "uk",
    "level_1": "native",
    "language_2": "pl",
    "level_2": "A2",
    "notes": "Маю двох дітей.",
}


def test_a_newcomer_asks_for_support_and_sees_the_request(client: Client, newcomer: User) -> None:
    client.force_login(newcomer)

    response = client.post("/newcomers/ask/", ASK_FORM, HTTP_ACCEPT_LANGUAGE="uk", follow=True)

    assert response.status_code == 200
    support_request = SupportRequest.objects.get(newcomer__user=newcomer)
    assert support_request.needs == ["housing", "healthcare"]
    assert (support_request.modes, support_request.urgency) == (["in_person"], "high")
    assert support_request.created_by == newcomer
    profile = NewcomerProfile.objects.get(user=newcomer)
    assert profile.languages == {"uk": "native", "pl": "A2"}
    assert profile.city == "Warszawa"
    page = response.content.decode()
    assert "Житло" in page  # the need, labelled in Ukrainian


def test_the_ask_page_speaks_ukrainian(client: Client, newcomer: User) -> None:
    client.force_login(newcomer)

    page = client.get("/newcomers/ask/", HTTP_ACCEPT_LANGUAGE="uk").content.decode()

    assert "Справи в установах" in page
    assert "українська" in page


def test_an_ask_without_needs_opens_nothing(client: Client, newcomer: User) -> None:
    client.force_login(newcomer)

    response = client.post("/newcomers/ask/", {**ASK_FORM, "needs": []})

    assert response.status_code == 200
    assert "needs" in response.context["form"].errors
    assert not SupportRequest.objects.exists()


INTAKE_FORM = {
    "full_name": "Mykola Shevchenko",
    "language_1": "uk",
    "level_1": "native",
    "contact_email": "",
    "contact_phone": "+48 600 100 200",
    "contact_channel": "phone",
    "contact_language": "uk",
    "city": "Warszawa",
    "needs": ["admin_procedures"],
    "modes": ["in_person"],
    "urgency": "normal",
    "notes": "",
}


def test_the_intake_registers_a_newcomer_and_shows_a_claim_link(
    client: Client, coordinator: User, program: Program
) -> None:
    client.force_login(coordinator)

    response = client.post(
        "/coordinators/intake/", {**INTAKE_FORM, "program": program.pk}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    profile = NewcomerProfile.objects.get(full_name="Mykola Shevchenko")
    assert profile.program == program
    assert profile.user is None
    assert profile.registered_by == coordinator
    assert profile.contact_phone == "+48 600 100 200"
    # The coordinator asked: messages go out in Ukrainian until the person has an account.
    assert profile.preferred_language == "uk"
    support_request = SupportRequest.objects.get(newcomer=profile)
    assert support_request.needs == ["admin_procedures"]
    assert "http://testserver/claim/" in response.content.decode()


def test_the_intake_needs_a_way_to_reach_the_person(
    client: Client, coordinator: User, program: Program
) -> None:
    client.force_login(coordinator)

    response = client.post(
        "/coordinators/intake/", {**INTAKE_FORM, "program": program.pk, "contact_phone": ""}
    )

    assert response.status_code == 200
    assert "contact_email" in response.context["form"].errors
    assert not NewcomerProfile.objects.exists()


def test_the_intake_cannot_register_into_another_programme(
    client: Client, coordinator: User, other_program: Program
) -> None:
    client.force_login(coordinator)

    response = client.post("/coordinators/intake/", {**INTAKE_FORM, "program": other_program.pk})

    assert response.status_code == 200
    assert not NewcomerProfile.objects.exists()


def make_volunteers(program: Program, count: int, prefix: str) -> None:
    for number in range(count):
        user = member(program, Role.VOLUNTEER, full_name=f"{prefix} {number}")
        VolunteerProfile.objects.create(
            user=user,
            program=program,
            languages={"pl": "native", "uk": "B1"},
            skills=["housing"],
            address=f"ul. Tajna {number}",
            city=program.city,
            place_name=f"{prefix} place",
        )


def make_requests(program: Program, count: int, prefix: str) -> None:
    for number in range(count):
        profile = NewcomerProfile.objects.create(
            program=program, full_name=f"{prefix} {number}", languages={"uk": "native"}
        )
        SupportRequest.objects.create(program=program, newcomer=profile, needs=["housing"])


def test_the_volunteer_list_shows_only_the_programme_and_no_address(
    client: Client, coordinator: User, program: Program, other_program: Program
) -> None:
    make_volunteers(program, 2, "Ours")
    make_volunteers(other_program, 2, "Theirs")
    client.force_login(coordinator)

    page = client.get("/coordinators/volunteers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Ours 0" in page and "Ours place" in page
    assert "Theirs" not in page
    assert "Tajna" not in page


def test_the_volunteer_list_filters(client: Client, coordinator: User, program: Program) -> None:
    make_volunteers(program, 2, "Ours")
    client.force_login(coordinator)

    by_name = client.get("/coordinators/volunteers/", {"search": "Ours 1"}).content.decode()
    by_skill = client.get("/coordinators/volunteers/", {"skill": "healthcare"}).content.decode()
    by_language = client.get("/coordinators/volunteers/", {"language": "uk"}).content.decode()

    assert "Ours 1" in by_name and "Ours 0" not in by_name
    assert "Ours 0" not in by_skill
    assert "Ours 0" in by_language and "Ours 1" in by_language


def test_the_request_queue_shows_only_the_programme_oldest_first(
    client: Client, coordinator: User, program: Program, other_program: Program
) -> None:
    make_requests(program, 2, "Ours")
    make_requests(other_program, 2, "Theirs")
    client.force_login(coordinator)

    page = client.get("/coordinators/requests/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert page.index("Ours 0") < page.index("Ours 1")
    assert "Theirs" not in page
    filtered = client.get("/coordinators/requests/", {"need": "healthcare"}).content.decode()
    assert "Ours 0" not in filtered


@pytest.mark.parametrize(
    ("path", "make"),
    [("/coordinators/volunteers/", make_volunteers), ("/coordinators/requests/", make_requests)],
)
def test_coordinator_lists_take_the_same_queries_for_2_and_20_rows(
    client: Client, coordinator: User, program: Program, path: str, make: object
) -> None:
    client.force_login(coordinator)
    make(program, 2, "First")  # type: ignore[operator]
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    make(program, 18, "More")  # type: ignore[operator]
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).status_code == 200

    assert len(many) == len(few)


def test_the_intake_asks_which_language_the_person_reads(
    client: Client, coordinator: User, program: Program
) -> None:
    client.force_login(coordinator)
    form = {**INTAKE_FORM, "program": program.pk}
    del form["contact_language"]

    response = client.post("/coordinators/intake/", form)

    assert "contact_language" in response.context["form"].errors
    assert not NewcomerProfile.objects.exists()
