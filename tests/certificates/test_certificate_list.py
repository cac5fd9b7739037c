"""GET /api/v1/certificates/ and the coordinator's page cost the same queries for any count."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Program, User
from certificates.services import recognition_consent_set
from tests.certificates.certificates_cast import issued, trained_resident
from tests.clients import signed_in
from tests.queries import queries_for_few_and_many


def _issue(program: Program, coordinator: User, numbers: range) -> None:
    for index in numbers:
        issued(trained_resident(program, f"Wolontariusz {index}"), coordinator)


def test_the_list_costs_the_same_queries_for_two_or_twenty_certificates(
    program: Program, coordinator: User
) -> None:
    client = signed_in(coordinator, language="en")
    few, many, response = queries_for_few_and_many(
        lambda numbers: _issue(program, coordinator, numbers),
        lambda: client.get("/api/v1/certificates/"),
    )

    assert response.json()["count"] == 20
    # user (the session comes from the cache), scope (memberships), count, one page of
    # certificates joined with programme
    assert many == few == 4


def test_the_coordinators_page_costs_the_same_queries_for_two_or_twenty_certificates(
    program: Program, coordinator: User
) -> None:
    client = signed_in(coordinator, language="en")
    few, many, response = queries_for_few_and_many(
        lambda numbers: _issue(program, coordinator, numbers),
        lambda: client.get("/coordinators/certificates/"),
    )

    assert response.status_code == 200
    assert "Wolontariusz 19" in response.content.decode()
    # user (the session comes from the cache), scope (the is-coordinator check asks its
    # memberships again, no query); the issue form's volunteers and completed matches; the
    # bulk form's sessions; the count and the page of certificates; recent batches; the
    # workspace navigation's counts (5)
    assert many == few == 13


def test_the_ambassadors_page_costs_the_same_queries_for_two_or_ten_ambassadors(
    program: Program, coordinator: User, api: APIClient
) -> None:
    def add(count: int, start: int) -> None:
        for index in range(start, start + count):
            volunteer = trained_resident(program, f"Wolontariusz{index} Nowak")
            issued(volunteer, coordinator)
            recognition_consent_set(volunteer=volunteer, is_given=True)

    add(2, 0)
    with CaptureQueriesContext(connection) as few:
        api.get("/programs/warszawa/ambassadors/")
    add(8, 2)

    with CaptureQueriesContext(connection) as many:
        response = api.get("/programs/warszawa/ambassadors/")

    assert response.content.decode().count("Wolontariusz") == 10
    # the programme by slug, the consenting volunteers with their accounts, their certificates
    assert len(many) == len(few) == 3


def test_the_residents_page_costs_the_same_queries_for_one_or_five_certificates(
    program: Program, coordinator: User
) -> None:
    volunteer = trained_resident(program)
    client = signed_in(volunteer.user, language="en")
    issued(volunteer, coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get("/residents/certificates/")
    for year in range(2027, 2031):
        issued(volunteer, coordinator, "recognition", title=f"Ambasador roku {year}")

    with CaptureQueriesContext(connection) as many:
        response = client.get("/residents/certificates/")

    assert response.content.decode().count("/pdf/") == 5
    # user (the session comes from the cache), scope (the volunteer role check asks its
    # memberships again), the membership and the profile (found or made), the consent, the
    # programme (for the ambassadors link), whether an opinion was asked for, the certificates
    assert len(many) == len(few) == 8
