"""GET /api/v1/certificates/{id}/pdf/: an A4 page in the holder's language and Polish, with
the holder's name in its own letters, the serial, and a QR code of the verification URL."""

from __future__ import annotations

from io import BytesIO

import pypdfium2
import pytest
import zxingcpp
from django.db import connection
from django.utils import translation
from pypdf import PdfReader

from accounts.models import Program, User
from certificates.pdf import certificate_pdf
from certificates.services import certificate_revoke, verify_url_of
from tests.certificates.certificates_cast import issued, match_of, resident, trained_resident
from tests.clients import signed_in

A4_POINTS = (595, 842)


def _text(document: bytes) -> str:
    reader = PdfReader(BytesIO(document))
    return "\n".join(page.extract_text() for page in reader.pages)


def _qr_codes(document: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(document)[0]
    image = page.render(scale=2).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image)]


def test_the_holder_downloads_a_polish_certificate_with_their_name_and_the_serial(
    program: Program, coordinator: User
) -> None:
    volunteer = trained_resident(program, "Zażółć Gęślą")
    certificate = issued(volunteer, coordinator)

    response = signed_in(volunteer.user, language="en").get(
        f"/api/v1/certificates/{certificate.pk}/pdf/"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
    text = _text(response.content)
    assert "Zażółć Gęślą" in text
    assert certificate.serial_display in text
    assert "Ambasadorzy Powitania Warszawa" in text
    assert "Agnieszka Wiśniewska" in text
    assert "Podstawy pracy z migrantami" in text


def test_a_ukrainian_holder_gets_ukrainian_and_polish_with_cyrillic_intact(
    program: Program, coordinator: User
) -> None:
    volunteer = trained_resident(program, "Олена Ковальчук", language="uk")
    certificate = issued(volunteer, coordinator)

    response = signed_in(volunteer.user, language="en").get(
        f"/api/v1/certificates/{certificate.pk}/pdf/"
    )

    text = _text(response.content)
    assert "Олена Ковальчук" in text
    assert certificate.serial_display in text
    assert "Podstawy pracy z migrantami (uk)" in text  # the module in the holder's language
    assert "Podstawy pracy z migrantami" in text.replace(" (uk)", "")
    for language in ("uk", "pl"):
        with translation.override(language):
            heading = translation.gettext("Certificate of completed volunteer training")
        assert heading in text


def test_the_qr_code_on_the_rendered_page_decodes_to_the_verification_url(
    program: Program, coordinator: User
) -> None:
    certificate = issued(trained_resident(program), coordinator)

    response = signed_in(coordinator, language="en").get(
        f"/api/v1/certificates/{certificate.pk}/pdf/"
    )

    assert _qr_codes(response.content) == [verify_url_of(certificate)]
    assert verify_url_of(certificate) in _text(response.content)


def test_a_commitment_certificate_states_the_months_and_dates(
    program: Program, coordinator: User
) -> None:
    volunteer = resident(program, language="en")
    certificate = issued(volunteer, coordinator, "commitment", match=match_of(volunteer))

    response = signed_in(coordinator, language="en").get(
        f"/api/v1/certificates/{certificate.pk}/pdf/"
    )

    text = " ".join(_text(response.content).split())
    assert "commitment of 6 months" in text
    assert "2026" in text
    assert "2027" in text


def test_a_revoked_certificate_still_downloads(program: Program, coordinator: User) -> None:
    volunteer = trained_resident(program)
    certificate = issued(volunteer, coordinator)
    certificate_revoke(certificate=certificate, reason="Pomyłka", by=coordinator)

    response = signed_in(volunteer.user, language="en").get(
        f"/api/v1/certificates/{certificate.pk}/pdf/"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_client_that_accepts_only_pdf_gets_the_pdf_and_json_errors(
    program: Program, coordinator: User
) -> None:
    certificate = issued(trained_resident(program), coordinator)
    client = signed_in(coordinator, language="en")

    found = client.get(f"/api/v1/certificates/{certificate.pk}/pdf/", HTTP_ACCEPT="application/pdf")
    missing = client.get("/api/v1/certificates/999999/pdf/", HTTP_ACCEPT="application/pdf")

    assert found.status_code == 200
    assert missing.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_pdf_is_rendered_outside_any_transaction(
    program: Program, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    certificate = issued(trained_resident(program), coordinator)
    seen: list[bool] = []

    def recording(*args: object, **kwargs: object) -> bytes:
        seen.append(connection.in_atomic_block)
        return certificate_pdf(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("certificates.api.certificate_pdf", recording)

    response = signed_in(coordinator, language="en").get(
        f"/api/v1/certificates/{certificate.pk}/pdf/"
    )

    assert response.status_code == 200
    assert seen == [False]
