"""POST /api/v1/certificates/{id}/revoke/: a coordinator revokes with a reason; the holder is
told; the PDF still downloads and the public check says revoked."""

from __future__ import annotations

from django.core import mail
from rest_framework.test import APIClient

from accounts.models import Notification, Program, User
from tests.certificates.certificates_cast import issued, trained_resident
from tests.clients import signed_in


def test_a_coordinator_revokes_with_a_reason_and_the_holder_is_told(
    program: Program, coordinator: User, api: APIClient,
    django_capture_on_commit_callbacks,
) -> None:  # fmt: skip
    volunteer = trained_resident(program)
    certificate = issued(volunteer, coordinator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(coordinator, language="en").post(
            f"/api/v1/certificates/{certificate.pk}/revoke/",
            {"reason": "Zaświadczenie wydane przez pomyłkę"},
        )

    assert response.status_code == 200
    assert response.json()["revoked"] is True
    assert response.json()["revocation_reason"] == "Zaświadczenie wydane przez pomyłkę"
    assert [message.to for message in mail.outbox] == [[volunteer.user.email]]
    assert "Zaświadczenie wydane przez pomyłkę" in mail.outbox[0].body
    verification = api.get(f"/api/v1/verify/{certificate.serial_display}/").json()
    assert (verification["valid"], verification["revoked"]) == (False, True)
    pdf = signed_in(volunteer.user, language="en").get(
        f"/api/v1/certificates/{certificate.pk}/pdf/"
    )
    assert pdf.status_code == 200


def test_revoking_needs_a_reason(program: Program, coordinator: User) -> None:
    certificate = issued(trained_resident(program), coordinator)

    response = signed_in(coordinator, language="en").post(
        f"/api/v1/certificates/{certificate.pk}/revoke/", {"reason": "  "}
    )

    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoking_twice_is_a_conflict_and_tells_the_holder_once(
    program: Program, coordinator: User
) -> None:
    certificate = issued(trained_resident(program), coordinator)
    client = signed_in(coordinator, language="en")
    path = f"/api/v1/certificates/{certificate.pk}/revoke/"
    client.post(path, {"reason": "Pomyłka"})

    again = client.post(path, {"reason": "Inny powód"})

    assert again.status_code == 409
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Pomyłka"
    assert Notification.objects.filter(kind="certificate_revoked").count() == 1
