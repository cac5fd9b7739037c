"""The papers a volunteer may ask for (art. 44 sec. 4-5 of the Act on public benefit activity
and volunteering): a confirmation of service issued at once, and an opinion a coordinator
writes and issues. Both are certificates: PDF with a QR code, public check, revocable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Program, User
from certificates.kinds import date_in_words
from certificates.models import Certificate, OpinionRequest
from tests.archival_pdf import text_of
from tests.certificates.certificates_cast import checked_in, match_of, resident
from tests.clients import signed_in

pytestmark = pytest.mark.django_db
ApiAs = Callable[[User], APIClient]


def _words(document: bytes) -> str:
    return " ".join(text_of(document).split())


def test_the_confirmation_of_service_lists_each_pairing_with_its_help_and_hours(
    program: Program,
) -> None:
    volunteer = resident(program, "Олена Ковальчук", language="uk")
    first = match_of(volunteer, started_on=date(2026, 3, 2), ends_on=date(2026, 9, 2))
    checked_in(first, 60, 45)  # 1.75 h: 1,8 in Polish
    second = match_of(volunteer, status="active", started_on=date(2026, 10, 5))
    checked_in(second, 30)
    client = signed_in(volunteer.user, language="en")

    response = client.post(reverse("volunteer-me-service-confirmation"))

    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["kind"] == "service_confirmation"
    assert answer["issuer_name"] == program.name  # issued by the programme, at once
    assert [pairing["minutes"] for pairing in answer["details"]["pairings"]] == [105, 30]
    assert answer["details"]["minutes"] == 135
    document = client.get(answer["pdf_url"]).content
    words = _words(document)
    assert "Олена Ковальчук" in words
    # Polish beside Ukrainian: dates in words, the kind of help and the hours.
    assert "od 2 marca 2026 do 2 września 2026" in words
    assert "od 5 października 2026 (w trakcie)" in words
    assert "(sprawy urzędowe)" in words
    assert "1,8 h" in words and "0,5 h" in words
    assert "Łącznie 2,3 godz." in words
    assert "з " + date_in_words(date(2026, 3, 2), "uk") in words
    # Issued by the programme: named once, not as issuer and again as programme.
    assert f"Wystawca: {program.name}." in words
    assert f"{program.name}, {program.name}" not in words
    # The public check knows it.
    verified = client.get(reverse("certificate-verify", args=[answer["serial"]]))
    assert verified.json()["status"] == "valid"


def test_asking_again_with_nothing_new_returns_the_same_confirmation(program: Program) -> None:
    volunteer = resident(program)
    match = match_of(volunteer)
    checked_in(match, 60)
    client = signed_in(volunteer.user, language="en")

    first = client.post(reverse("volunteer-me-service-confirmation"))
    again = client.post(reverse("volunteer-me-service-confirmation"))
    checked_in(match, 30)
    after_a_meeting = client.post(reverse("volunteer-me-service-confirmation"))

    assert (first.status_code, again.status_code, after_a_meeting.status_code) == (201, 200, 201)
    assert first.json()["serial"] == again.json()["serial"] != after_a_meeting.json()["serial"]


def test_no_pairing_no_confirmation(program: Program) -> None:
    volunteer = resident(program)

    response = signed_in(volunteer.user, language="en").post(
        reverse("volunteer-me-service-confirmation")
    )
    opinion = signed_in(volunteer.user, language="en").post(reverse("volunteer-me-opinion-request"))

    assert response.status_code == 400
    assert list(response.json()) == ["volunteer"]
    assert opinion.status_code == 400


def test_an_opinion_is_asked_for_written_by_a_coordinator_and_revocable(
    program: Program, coordinator: User, outsider: User
) -> None:
    volunteer = resident(program, "Олена Ковальчук", language="uk")
    checked_in(match_of(volunteer), 90)

    asked = signed_in(volunteer.user, language="en").post(reverse("volunteer-me-opinion-request"))
    asked_again = signed_in(volunteer.user, language="en").post(
        reverse("volunteer-me-opinion-request")
    )
    assert (asked.status_code, asked_again.status_code) == (201, 200)
    request_id = asked.json()["id"]
    assert asked.json()["status"] == "requested"
    url = reverse("opinion-request-issue", args=[request_id])

    assert signed_in(outsider, language="en").post(url, {"text": "Nie moja"}).status_code == 404
    assert (
        signed_in(volunteer.user, language="en").post(url, {"text": "Sama o sobie"}).status_code
        == 403
    )
    empty = signed_in(coordinator, language="en").post(url, {"text": "   "})
    assert empty.status_code == 400 and list(empty.json()) == ["text"]
    issued = signed_in(coordinator, language="en").post(
        url, {"text": "Sumienna i życzliwa.\nPolecam."}
    )
    twice = signed_in(coordinator, language="en").post(url, {"text": "Jeszcze raz"})

    assert issued.status_code == 201, issued.content
    assert twice.status_code == 409
    certificate = Certificate.objects.get(pk=issued.json()["id"])
    assert certificate.kind == "opinion"
    assert OpinionRequest.objects.get(pk=request_id).certificate == certificate
    words = _words(signed_in(volunteer.user, language="en").get(issued.json()["pdf_url"]).content)
    assert "Sumienna i życzliwa." in words and "Polecam." in words
    assert "Opinia o wykonaniu świadczeń wolontariusza" in words
    revoked = signed_in(coordinator, language="en").post(
        reverse("certificate-revoke", args=[certificate.pk]), {"reason": "Wydana omyłkowo"}
    )
    assert revoked.status_code == 200
    check = signed_in(volunteer.user, language="en").get(
        reverse("certificate-verify", args=[certificate.serial])
    )
    assert check.json()["status"] == "revoked"


def test_the_certificates_page_asks_for_both_papers(program: Program, coordinator: User) -> None:
    volunteer = resident(program)
    checked_in(match_of(volunteer), 60)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(volunteer.user)

    client.post(reverse("volunteer-service-papers-page"), {"paper": "confirmation"})
    client.post(reverse("volunteer-service-papers-page"), {"paper": "opinion"})
    page = client.get(reverse("volunteer-certificates-page")).content.decode()

    assert "Confirmation of service" in page
    assert "You asked for an opinion; your coordinator is writing it." in page
    workspace = Client(HTTP_ACCEPT_LANGUAGE="en")
    workspace.force_login(coordinator)
    listed = workspace.get(reverse("coordinator-opinions-page")).content.decode()
    assert volunteer.user.full_name in listed
    opinion = OpinionRequest.objects.get()
    missing = workspace.post(reverse("coordinator-opinions-page"),
                             {"request": opinion.pk, "text": ""})  # fmt: skip
    assert "Write the opinion." in missing.content.decode()
    done = workspace.post(reverse("coordinator-opinions-page"),
                          {"request": opinion.pk, "text": "Godna zaufania."})  # fmt: skip
    assert done.status_code == 302
    assert Certificate.objects.filter(kind="opinion", volunteer=volunteer).exists()
