"""The resident's "My certificates" page and the coordinator's certificates page."""

from __future__ import annotations

from rest_framework.test import APIClient

from accounts.models import Program, User
from certificates.models import Certificate
from tests.certificates.certificates_cast import issued, match_of, resident, trained_resident
from tests.clients import signed_in


def test_the_resident_sees_their_certificates_with_pdf_and_credential_links(
    program: Program, coordinator: User
) -> None:
    volunteer = trained_resident(program)
    certificate = issued(volunteer, coordinator)
    issued(trained_resident(program, "Jan Nowak"), coordinator)

    response = signed_in(volunteer.user, language="en").get("/residents/certificates/")

    page = response.content.decode()
    assert response.status_code == 200
    assert certificate.serial_display in page
    assert f"/api/v1/certificates/{certificate.pk}/pdf/" in page
    assert f"/api/v1/certificates/{certificate.pk}/credential/" in page
    assert "Show me on the page" in page
    assert Certificate.objects.count() == 2
    assert page.count("/pdf/") == 1


def test_the_pages_are_for_their_roles(program: Program, coordinator: User, api: APIClient) -> None:
    volunteer = resident(program)

    assert signed_in(coordinator, language="en").get("/residents/certificates/").status_code == 403
    assert (
        signed_in(volunteer.user, language="en").get("/coordinators/certificates/").status_code
        == 403
    )
    assert api.get("/coordinators/certificates/").status_code == 302


def test_a_coordinator_issues_from_the_page_and_sees_why_not(
    program: Program, coordinator: User
) -> None:
    ready = trained_resident(program)
    not_done = resident(program, "Jan Nowak")
    match_of(not_done, status="active")
    client = signed_in(coordinator, language="en")

    issued_response = client.post(
        "/coordinators/certificates/",
        {"action": "issue", "volunteer": ready.pk, "kind": "training"},
        format="multipart",
    )
    refused = client.post(
        "/coordinators/certificates/",
        {"action": "issue", "volunteer": not_done.pk, "kind": "training"},
        format="multipart",
    )

    assert issued_response.status_code == 302
    assert Certificate.objects.get().volunteer == ready
    assert refused.status_code == 200
    assert "The required training is not complete" in refused.content.decode()


def test_a_coordinator_revokes_from_the_page(
    program: Program, coordinator: User, outsider: User
) -> None:
    certificate = issued(trained_resident(program), coordinator)

    foreign = signed_in(outsider, language="en").post(
        f"/coordinators/certificates/{certificate.pk}/revoke/",
        {"reason": "Nie"},
        format="multipart",
    )
    response = signed_in(coordinator, language="en").post(
        f"/coordinators/certificates/{certificate.pk}/revoke/",
        {"reason": "Pomyłka"},
        format="multipart",
    )

    assert foreign.status_code == 404
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Pomyłka"
