"""GET /api/v1/certificates/ and the coordinator's page cost the same queries for any count."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Program, User
from certificates.services import recognition_consent_set
from tests.certificates.certificates_cast import issued, trained_resident

ApiAs = Callable[[User], APIClient]


def _issue(program: Program, coordinator: User, count: int, start: int) -> None:
    for index in range(start, start + count):
        issued(trained_resident(program, f"Wolontariusz {index}"), coordinator)


def test_the_list_costs_the_same_queries_for_two_or_twenty_certificates(
    program: Program, coordinator: User, api_as: ApiAs
) -> None:
    client = api_as(coordinator)
    _issue(program, coordinator, 2, 0)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/certificates/")
    _issue(program, coordinator, 18, 2)

    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/certificates/")

    assert response.json()["count"] == 20
    # session, user, scope (memberships), count, one page of certificates joined with programme
    assert len(many) == len(few) == 5


def test_the_coordinators_page_costs_the_same_queries_for_two_or_twenty_certificates(
    program: Program, coordinator: User, api_as: ApiAs
) -> None:
    client = api_as(coordinator)
    _issue(program, coordinator, 2, 0)
    with CaptureQueriesContext(connection) as few:
        client.get("/coordinators/certificates/")
    _issue(program, coordinator, 18, 2)

    with CaptureQueriesContext(connection) as many:
        response = client.get("/coordinators/certificates/")

    assert response.status_code == 200
    assert "Wolontariusz 19" in response.content.decode()
    # session, user, scope, is-coordinator check; the issue form's volunteers and completed
    # matches; the bulk form's sessions; the count and the page of certificates; recent
    # batches; the workspace navigation's counts (5)
    assert len(many) == len(few) == 15


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
    program: Program, coordinator: User, api_as: ApiAs
) -> None:
    volunteer = trained_resident(program)
    client = api_as(volunteer.user)
    issued(volunteer, coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get("/residents/certificates/")
    for year in range(2027, 2031):
        issued(volunteer, coordinator, "recognition", title=f"Ambasador roku {year}")

    with CaptureQueriesContext(connection) as many:
        response = client.get("/residents/certificates/")

    assert response.content.decode().count("/pdf/") == 5
    # session, user, scope, the volunteer role check, the membership and the profile (found or
    # made), the consent, the programme (for the ambassadors link), the certificates
    assert len(many) == len(few) == 9
