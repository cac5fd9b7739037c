"""Erasure (GDPR Art. 17): a person's identifying data gone everywhere, figures unchanged."""

from __future__ import annotations

import json
from datetime import date

from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.contrib.sessions.models import Session
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.audit import ERASED
from accounts.models import Notification, Program, User
from accounts.personal_data import Person
from certificates.models import Certificate
from commitments.models import CheckIn, SurveyResponse
from matching.models import Match, MatchDecision
from newcomers.models import NewcomerProfile, SupportRequest
from privacy.services import person_erase, person_export
from reports.statistics import program_statistics
from tests.clients import signed_in
from tests.matching.matches_cast import active, open_request, proposed, ready_volunteer
from tests.reports.reports_cast import certificate_of, check_in, year_2025
from tests.unchanged import nothing_changes
from volunteers.models import VolunteerProfile

URL = "/api/v1/people/erase/"


def everything_stored() -> str:
    """Every row of the tables a person's data can be in, as one text to search."""
    tables = [
        User.objects.values(),
        VolunteerProfile.objects.values(),
        NewcomerProfile.objects.values(),
        SupportRequest.objects.values(),
        Match.objects.values(),
        MatchDecision.objects.values(),
        CheckIn.objects.values(),
        SurveyResponse.objects.values(),
        Certificate.objects.values(),
        Notification.objects.values(),
        EmailAddress.objects.values(),
        LogEntry.objects.values(),
    ]
    return json.dumps([list(rows) for rows in tables], default=str, ensure_ascii=False)


def test_statistics_of_a_past_year_are_identical_after_erasing_people_in_them(
    program: Program, coordinator: User
) -> None:
    story = year_2025(program)
    olena = story.matches["completed"].newcomer
    before = program_statistics(program=program, year=2025).as_dict()
    before_2024 = program_statistics(program=program, year=2024).as_dict()

    person_erase(person=Person(user=story.anna.user), by=coordinator)
    person_erase(person=Person(newcomer=olena), by=coordinator)

    assert program_statistics(program=program, year=2025).as_dict() == before
    assert program_statistics(program=program, year=2024).as_dict() == before_2024
    stored = everything_stored()
    assert "Anna Kowalska" not in stored
    assert "Олена" not in stored, stored[stored.index("Олена") - 600 : stored.index("Олена") + 100]


def test_erasing_a_volunteer_removes_their_identifying_data_everywhere(
    program: Program, coordinator: User, newcomer: User
) -> None:
    volunteer = ready_volunteer(
        program,
        "Anna Kowalska",
        bio="Mieszkam na Mokotowie",
        address="ul. Puławska 1",
        place_name="Mokotów",
    )
    user = volunteer.user
    request = open_request(program, user=newcomer, notes="Pomoc w urzędzie")
    match = active(request, volunteer, coordinator, started_on=date(2025, 1, 1))
    check_in(match, date(2025, 2, 1), 60)
    CheckIn.objects.filter(match=match).update(note="Rozmowa o Annie")
    Match.objects.filter(pk=match.pk).update(status="completed", ended_on=date(2025, 7, 1))
    SupportRequest.objects.filter(pk=request.pk).update(status="closed")
    certificate = certificate_of(volunteer, issued_on=date(2025, 7, 2))
    client = Client()
    client.force_login(user)
    AuthToken.objects.create(user=user)
    user_id, email = user.pk, user.email

    person_erase(person=Person(user=user), by=coordinator)

    user.refresh_from_db()
    assert (user.email, user.full_name, user.is_active) == (f"erased-{user_id}@invalid", "", False)
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not AuthToken.objects.filter(user=user).exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id")]
    volunteer.refresh_from_db()
    assert (volunteer.bio, volunteer.address, volunteer.lat, volunteer.status) == (
        "",
        "",
        None,
        "withdrawn",
    )
    assert volunteer.place_name == "Mokotów"  # the district is counted, and kept
    assert CheckIn.objects.get(match=match).note == ""
    assert CheckIn.objects.get(match=match).duration_minutes == 60
    certificate.refresh_from_db()
    assert certificate.holder_name == ""
    stored = everything_stored()
    for text in ("Anna Kowalska", "Mieszkam", "Puławska", "Rozmowa o Annie", email):
        assert text not in stored, text
    assert Notification.objects.filter(user=user).exclude(body="").count() == 0


def test_the_audit_trail_keeps_who_and_when_but_no_values(
    program: Program, coordinator: User
) -> None:
    volunteer = ready_volunteer(program, "Anna Kowalska")
    volunteer.bio = "Sekret"
    volunteer.save()
    changes = LogEntry.objects.get_for_object(volunteer).count()

    person_erase(person=Person(user=volunteer.user), by=coordinator)

    entries = LogEntry.objects.get_for_object(volunteer).order_by("pk")
    assert entries.count() == changes
    for entry in entries:
        assert entry.object_repr == ERASED
        assert all(values == [ERASED, ERASED] for values in entry.changes.values())
    erasure = LogEntry.objects.get(additional_data__event="erased")
    assert erasure.actor == coordinator
    assert erasure.changes == {}
    assert erasure.additional_data["volunteer"] == volunteer.pk


def test_a_newcomer_registered_on_behalf_is_erased_by_profile(
    program: Program, coordinator: User
) -> None:
    request = open_request(
        program, "Олена Ковальчук", newcomer={"contact_phone": "+48 600 100 200"}
    )
    SupportRequest.objects.filter(pk=request.pk).update(status="cancelled", notes="Choroba")

    response = signed_in(coordinator).post(URL, {"newcomer": request.newcomer_id})

    assert response.status_code == 200, response.json()
    assert response.json() == {"erased": True, "user": None, "newcomer": request.newcomer_id}
    profile = NewcomerProfile.objects.get(pk=request.newcomer_id)
    assert (profile.full_name, profile.contact_phone, profile.lat) == ("", "", None)
    assert profile.first_language == "uk"
    assert SupportRequest.objects.get(pk=request.pk).notes == ""
    assert "+48 600" not in everything_stored()


def test_a_person_with_open_business_is_not_erased(program: Program, coordinator: User) -> None:
    volunteer = ready_volunteer(program, "Anna Kowalska")
    proposed(open_request(program), volunteer, coordinator)

    response = signed_in(coordinator).post(URL, {"user": volunteer.user_id})

    assert response.status_code == 409
    assert User.objects.get(pk=volunteer.user_id).full_name == "Anna Kowalska"
    assert not LogEntry.objects.filter(additional_data__event="erased").exists()


def test_another_programmes_coordinator_gets_404_and_nothing_happens(
    program: Program, outsider: User
) -> None:
    volunteer = ready_volunteer(program, "Anna Kowalska")
    newcomer = open_request(program).newcomer

    assert signed_in(outsider).post(URL, {"user": volunteer.user_id}).status_code == 404
    assert signed_in(outsider).post(URL, {"newcomer": newcomer.pk}).status_code == 404
    assert User.objects.get(pk=volunteer.user_id).full_name == "Anna Kowalska"


def test_a_volunteer_may_not_erase_anyone(volunteer: User, newcomer: User) -> None:
    assert signed_in(volunteer).post(URL, {"user": newcomer.pk}).status_code == 403
    assert User.objects.get(pk=newcomer.pk).is_active


def test_staff_may_erase_anyone(staff: User, newcomer: User) -> None:
    response = signed_in(staff).post(URL, {"user": newcomer.pk})

    assert response.status_code == 200
    assert User.objects.get(pk=newcomer.pk).full_name == ""


def test_naming_nobody_or_both_is_400(coordinator: User, newcomer: User) -> None:
    client = signed_in(coordinator)

    with nothing_changes():
        nobody = client.post(URL, {})
        both = client.post(URL, {"user": newcomer.pk, "newcomer": 1})

    assert (nobody.status_code, both.status_code) == (400, 400)


def test_an_erased_holders_certificate_verifies_as_holder_erased(
    api: APIClient, program: Program, coordinator: User
) -> None:
    from tests.certificates.certificates_cast import issued, required_module, trained

    volunteer = trained(ready_volunteer(program, "Anna Kowalska"), required_module(program))
    certificate = issued(volunteer, coordinator)
    person_erase(person=Person(user=volunteer.user), by=coordinator)

    response = api.get(f"/api/v1/verify/{certificate.serial_display}/")
    page = Client().get(f"/verify/{certificate.serial_display}/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["status"] == "holder_erased"
    assert response.json()["valid"] is False
    assert response.json()["holder_name"] == ""
    assert "Holder erased" in page.content.decode()
    assert "Anna" not in page.content.decode()


def test_the_confirmation_page_erases_after_the_box_is_ticked(
    program: Program, coordinator: User, newcomer: User
) -> None:
    client = Client()
    client.force_login(coordinator)

    shown = client.get("/coordinators/erase/", {"user": newcomer.pk})
    unticked = client.post("/coordinators/erase/", {"user": newcomer.pk})
    done = client.post("/coordinators/erase/", {"user": newcomer.pk, "confirm": "erase"})

    assert shown.status_code == 200
    assert "Олена Ковальчук" in shown.content.decode()
    assert unticked.status_code == 409
    assert done.status_code == 302
    assert User.objects.get(pk=newcomer.pk).full_name == ""


def test_an_erased_persons_export_holds_nothing_identifying(
    program: Program, coordinator: User, newcomer: User
) -> None:
    open_request(program, user=newcomer, notes="Notatka", status="closed")
    person_erase(person=Person(user=newcomer), by=coordinator)

    text = json.dumps(person_export(newcomer), ensure_ascii=False)

    assert "Олена" not in text
    assert "Notatka" not in text
