"""The public "our ambassadors" page shows only volunteers who opted in, and only their first
name, district and certificates; the consent is separate and can be withdrawn."""

from __future__ import annotations

from rest_framework.test import APIClient

from accounts.models import Program, User
from certificates.services import certificate_revoke, recognition_consent_set
from tests.certificates.certificates_cast import issued, resident, trained
from tests.clients import signed_in


def test_nobody_appears_without_opting_in(
    program: Program, coordinator: User, api: APIClient
) -> None:
    issued(trained(resident(program, "Zażółć Gęślą", place_name="Praga-Północ")), coordinator)

    page = api.get("/programs/warszawa/ambassadors/").content.decode()

    assert "Zażółć" not in page


def test_an_opted_in_volunteer_appears_with_first_name_district_and_certificates(
    program: Program, coordinator: User, api: APIClient
) -> None:
    volunteer = trained(resident(program, "Zażółć Gęślą", place_name="Praga-Północ"))
    issued(volunteer, coordinator)
    revoked = issued(volunteer, coordinator, "recognition", title="Ambasador roku 2027")
    certificate_revoke(certificate=revoked, reason="Pomyłka", by=coordinator)
    recognition_consent_set(volunteer=volunteer, is_given=True)

    response = api.get("/programs/warszawa/ambassadors/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Zażółć" in page
    assert "Gęślą" not in page
    assert "Praga-Północ" in page
    assert "Completed training" in page
    assert "Ambasador roku 2027" not in page  # revoked certificates are not shown
    assert volunteer.user.email not in page


def test_withdrawing_takes_the_volunteer_off_the_page(
    program: Program, coordinator: User, api: APIClient
) -> None:
    volunteer = trained(resident(program, "Zażółć Gęślą"))
    client = signed_in(volunteer.user, language="en")

    given = client.put("/api/v1/certificates/recognition-consent/", {"public": True})
    shown = api.get("/programs/warszawa/ambassadors/").content.decode()
    withdrawn = client.put("/api/v1/certificates/recognition-consent/", {"public": False})
    hidden = api.get("/programs/warszawa/ambassadors/").content.decode()

    assert given.json()["public"] is True
    assert withdrawn.json()["public"] is False
    assert withdrawn.json()["withdrawn_at"] is not None
    assert "Zażółć" in shown
    assert "Zażółć" not in hidden


def test_another_programmes_page_does_not_show_them(
    program: Program, other_program: Program, api: APIClient
) -> None:
    volunteer = trained(resident(program, "Zażółć Gęślą"))
    recognition_consent_set(volunteer=volunteer, is_given=True)

    page = api.get("/programs/krakow/ambassadors/").content.decode()

    assert "Zażółć" not in page
    assert api.get("/programs/nowhere/ambassadors/").status_code == 404


def test_the_consent_is_the_volunteers_own(
    program: Program, coordinator: User, api: APIClient
) -> None:
    assert (
        signed_in(coordinator, language="en")
        .get("/api/v1/certificates/recognition-consent/")
        .status_code
        == 403
    )
    assert api.get("/api/v1/certificates/recognition-consent/").status_code == 401


def test_the_resident_toggles_it_on_their_certificates_page(
    program: Program, api: APIClient
) -> None:
    volunteer = trained(resident(program, "Zażółć Gęślą"))
    client = signed_in(volunteer.user, language="en")

    response = client.post(
        "/residents/certificates/recognition/", {"public": "yes"}, format="multipart"
    )

    assert response.status_code == 302
    assert "Zażółć" in api.get("/programs/warszawa/ambassadors/").content.decode()
    client.post("/residents/certificates/recognition/", {"public": "no"}, format="multipart")
    assert "Zażółć" not in api.get("/programs/warszawa/ambassadors/").content.decode()
