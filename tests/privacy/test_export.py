"""GET /api/v1/auth/me/export/: everything about the caller, as JSON (GDPR Art. 15/20)."""

from __future__ import annotations

import json
from datetime import timedelta

from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Program, User
from commitments.checkins import check_in_log
from commitments.models import SurveyResponse
from tests.clients import signed_in
from tests.matching.matches_cast import active, open_request, ready_volunteer, today

URL = "/api/v1/auth/me/export/"


def test_a_newcomer_downloads_their_profile_requests_matches_and_trail(
    newcomer: User, coordinator: User, program: Program
) -> None:
    request = open_request(program, user=newcomer, notes="Szukam pracy")
    match = active(
        request,
        ready_volunteer(program, "Anna Kowalska"),
        coordinator,
        started_on=today() - timedelta(days=10),
    )
    check_in_log(
        match=match,
        by=newcomer,
        data={"date": today(), "duration_minutes": 45, "note": "Urząd", "topics": []},
    )
    SurveyResponse.objects.create(
        program=program, match=match, respondent=newcomer, number=1, rating=5, note="Dobrze"
    )

    response = signed_in(newcomer).get(URL)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = response.json()
    assert data["account"]["email"] == newcomer.email
    assert data["memberships"] == [
        {
            "program": "warszawa",
            "program_name": program.name,
            "role": "newcomer",
            "since": data["memberships"][0]["since"],
        }
    ]
    assert data["newcomer"]["profiles"][0]["full_name"] == "Олена Ковальчук"
    assert data["newcomer"]["support_requests"][0]["notes"] == "Szukam pracy"
    [row] = data["matching"]["matches"]
    assert (row["your_role"], row["with"], row["status"]) == ("newcomer", "Anna", "active")
    assert "Kowalska" not in json.dumps(data, ensure_ascii=False)
    assert data["commitments"]["check_ins_you_logged"][0]["note"] == "Urząd"
    assert data["commitments"]["survey_answers"][0]["note"] == "Dobrze"
    assert {entry["what"] for entry in data["audit_trail"]} >= {"newcomerprofile", "match"}
    assert [item["kind"] for item in data["notifications"]] == ["match_approved"]


def test_a_volunteer_downloads_training_and_certificates(
    coordinator: User, program: Program
) -> None:
    from tests.certificates.certificates_cast import issued, required_module, trained

    volunteer = trained(ready_volunteer(program, "Anna Kowalska"), required_module(program))
    issued(volunteer, coordinator)

    data = signed_in(volunteer.user).get(URL).json()

    assert data["volunteering"]["profiles"][0]["id"] == volunteer.pk
    assert len(data["training"]["training_completions"]) == 1
    assert data["certificates"]["certificates"][0]["holder_name"] == "Anna Kowalska"
    assert data["newcomer"] == {
        "profiles": [],
        "support_requests": [],
        "emails_to_contact_address": [],
    }


def test_the_export_holds_nobody_elses_data(
    volunteer: User, newcomer: User, program: Program
) -> None:
    open_request(program, user=newcomer, notes="Prywatne")

    data = signed_in(volunteer).get(URL).json()

    assert "Prywatne" not in json.dumps(data, ensure_ascii=False)
    assert data["newcomer"]["profiles"] == []


def test_an_anonymous_caller_gets_401(api: APIClient) -> None:
    assert api.get(URL).status_code == 401


def test_the_my_data_page_links_the_download(volunteer: User) -> None:
    client = Client()
    client.force_login(volunteer)

    page = client.get("/my-data/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert URL in page
    assert "Download my data" in page
    assert "/my-data/" in client.get("/home/").content.decode()
