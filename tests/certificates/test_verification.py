"""GET /api/v1/verify/{serial}/ and the page /verify/{serial}/: anyone checks a certificate."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.models import Program, User
from certificates.keys import multikey_of, private_key_from_setting
from certificates.models import Certificate
from certificates.serials import serial_new
from certificates.services import certificate_revoke
from tests.certificates.certificates_cast import issued, trained_resident
from tests.instants import WARSAW

OLD_KEY = "q0t6JEXGl2f8sXv4tG1w3j8nT1mGq5Kd6cQm5m7kL0Y"
NEW_KEY = "b3VyLW5ldy1rZXktZm9yLWNlcnRpZmljYXRlcy0wMDE"


def test_anyone_sees_a_valid_certificate_and_nothing_else_about_the_person(
    program: Program, coordinator: User, api: APIClient
) -> None:
    certificate = issued(trained_resident(program), coordinator)

    response = api.get(f"/api/v1/verify/{certificate.serial_display}/")

    assert response.status_code == 200
    assert response.json() == {
        "valid": True,
        "revoked": False,
        "status": "valid",
        "revoked_on": None,
        "serial": certificate.serial_display,
        "kind": "training",
        "holder_name": "Zażółć Gęślą",
        "program": "Ambasadorzy Powitania Warszawa",
        "city": "Warszawa",
        "title": "",
        "issued_on": certificate.issued_on.isoformat(),
    }


def test_a_serial_typed_in_lower_case_without_hyphens_is_found(
    program: Program, coordinator: User, api: APIClient
) -> None:
    certificate = issued(trained_resident(program), coordinator)

    response = api.get(f"/api/v1/verify/{certificate.serial.lower()}/")

    assert response.status_code == 200


def test_a_revoked_certificate_shows_the_date_but_not_the_reason(
    program: Program, coordinator: User, api: APIClient, at_every_hour: datetime
) -> None:
    """The day of the revocation in the programme's time zone (Warsaw), at any hour."""
    certificate = issued(trained_resident(program), coordinator)
    certificate_revoke(certificate=certificate, reason="Fałszywe dane w zgłoszeniu", by=coordinator)

    response = api.get(f"/api/v1/verify/{certificate.serial_display}/")

    body = response.json()
    assert (body["valid"], body["revoked"], body["status"]) == (False, True, "revoked")
    assert body["revoked_on"] == at_every_hour.astimezone(WARSAW).date().isoformat()
    assert "Fałszywe" not in response.content.decode()


def test_unknown_and_malformed_serials_are_the_same_404(
    program: Program, coordinator: User, api: APIClient
) -> None:
    certificate = issued(trained_resident(program), coordinator)
    near_miss = certificate.serial[:-2] + ("0" if certificate.serial[-2] != "0" else "1")
    never_issued = serial_new()

    answers = [
        api.get(f"/api/v1/verify/{serial}/")
        for serial in (never_issued, near_miss + certificate.serial[-1], "not-a-serial")
    ]

    assert [answer.status_code for answer in answers] == [404, 404, 404]
    assert len({answer.content for answer in answers}) == 1


def test_a_certificate_edited_in_the_database_no_longer_verifies(
    program: Program, coordinator: User, api: APIClient
) -> None:
    certificate = issued(trained_resident(program), coordinator)
    Certificate.objects.filter(pk=certificate.pk).update(holder_name="Jan Podrobiony")

    response = api.get(f"/api/v1/verify/{certificate.serial_display}/")

    assert response.status_code == 200
    assert (response.json()["valid"], response.json()["status"]) == (False, "invalid")


@pytest.mark.parametrize(
    "change",
    [
        {"issued_on": "2020-01-01"},
        {"details": {"modules": []}},
        {"kind": "commitment"},
        {"signature": "A" * 86},
    ],
)
def test_any_edit_of_the_signed_content_is_detected(
    program: Program, coordinator: User, api: APIClient, change: dict[str, object]
) -> None:
    certificate = issued(trained_resident(program), coordinator)
    Certificate.objects.filter(pk=certificate.pk).update(**change)

    response = api.get(f"/api/v1/verify/{certificate.serial_display}/")

    assert response.json()["valid"] is False


def test_after_a_key_rotation_old_certificates_still_verify_when_the_old_key_is_listed(
    program: Program, coordinator: User, api: APIClient
) -> None:
    old_public = multikey_of(private_key_from_setting(OLD_KEY).public_key())
    with override_settings(CERTIFICATE_SIGNING_KEY=OLD_KEY):
        old = issued(trained_resident(program), coordinator)

    with override_settings(CERTIFICATE_SIGNING_KEY=NEW_KEY, CERTIFICATE_PREVIOUS_KEYS=[old_public]):
        listed = api.get(f"/api/v1/verify/{old.serial_display}/").json()
    with override_settings(CERTIFICATE_SIGNING_KEY=NEW_KEY, CERTIFICATE_PREVIOUS_KEYS=[]):
        forgotten = api.get(f"/api/v1/verify/{old.serial_display}/").json()

    assert old.key_id == old_public
    assert listed["valid"] is True
    assert forgotten["valid"] is False


def test_the_public_check_is_rate_limited_per_address(
    program: Program, coordinator: User, api: APIClient
) -> None:
    certificate = issued(trained_resident(program), coordinator)

    with override_settings(CERTIFICATE_VERIFY_RATE="3/min"):
        codes = [api.get(f"/api/v1/verify/{serial_new()}/").status_code for _ in range(3)]
        api_after = api.get(f"/api/v1/verify/{certificate.serial_display}/")
        page_after = api.get(f"/verify/{certificate.serial_display}/")

    assert codes == [404, 404, 404]
    assert api_after.status_code == page_after.status_code == 429


def test_a_client_cannot_escape_the_limit_by_writing_its_own_forwarded_header(
    program: Program, api: APIClient
) -> None:
    with override_settings(CERTIFICATE_VERIFY_RATE="2/min", TRUSTED_PROXIES=1):
        codes = [
            api.get(
                f"/api/v1/verify/{serial_new()}/",
                HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}, 192.0.2.7",  # the last hop: our proxy's
            ).status_code
            for attempt in range(3)
        ]

    assert codes == [404, 404, 429]


def test_the_page_shows_the_same_to_a_person(
    program: Program, coordinator: User, api: APIClient
) -> None:
    certificate = issued(trained_resident(program), coordinator)

    response = api.get(f"/verify/{certificate.serial_display}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Zażółć Gęślą" in page
    assert "Ambasadorzy Powitania Warszawa" in page
    assert certificate.serial_display in page
    assert certificate.volunteer.user.email not in page


def test_the_page_says_revoked_and_answers_404_for_unknown(
    program: Program, coordinator: User, api: APIClient
) -> None:
    certificate = issued(trained_resident(program), coordinator)
    certificate_revoke(certificate=certificate, reason="Pomyłka", by=coordinator)

    revoked = api.get(f"/verify/{certificate.serial_display}/")
    unknown = api.get(f"/verify/{serial_new()}/")

    assert revoked.status_code == 200
    assert "Revoked." in revoked.content.decode()
    assert "Pomyłka" not in revoked.content.decode()
    assert unknown.status_code == 404
