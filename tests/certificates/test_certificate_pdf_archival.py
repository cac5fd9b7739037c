"""Certificate PDFs fit for archives: every font the pages use is embedded (the document says
so in its font resources), the document information names it, its author, subject and
language, and names come out of the text exactly, in Polish and Cyrillic letters."""

from __future__ import annotations

import pytest
from django.utils import translation

from accounts.models import Program, User
from certificates.kinds import KINDS
from certificates.models import Certificate, CertificateKind
from tests.archival_pdf import fonts_of, information_of, text_of
from tests.certificates.certificates_cast import issued, match_of, of_kind, trained_resident
from tests.clients import signed_in

HOLDERS = {"pl": "Zażółć Gęślą Jaźń", "uk": "Олена Ковальчук-Їжакевич", "en": "Łukasz Żółkiewski"}


def _issue(kind: str, program: Program, coordinator: User, language: str) -> Certificate:
    volunteer = trained_resident(program, HOLDERS[language], language=language)
    if kind in (CertificateKind.SERVICE_CONFIRMATION, CertificateKind.OPINION):
        return of_kind(volunteer, coordinator, kind)
    extras: dict[CertificateKind, dict[str, object]] = {
        CertificateKind.TRAINING: {},
        CertificateKind.COMMITMENT: {"match": match_of(volunteer)},
        CertificateKind.RECOGNITION: {"title": "Ambasadorka roku — Зірка"},
    }
    return issued(volunteer, coordinator, kind, **extras[CertificateKind(kind)])


def _pdf(certificate: Certificate) -> bytes:
    response = signed_in(certificate.volunteer.user, language="en").get(
        f"/api/v1/certificates/{certificate.pk}/pdf/"
    )
    assert response.status_code == 200
    return bytes(response.content)


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
@pytest.mark.parametrize("kind", list(CertificateKind))
def test_every_font_of_every_kind_is_embedded(
    kind: str, language: str, program: Program, coordinator: User
) -> None:
    document = _pdf(_issue(kind, program, coordinator, language))

    fonts = fonts_of(document)

    assert {font.name.split("+")[-1] for font in fonts} == {"DejaVuSans", "DejaVuSans-Bold"}
    assert [font.font_file for font in fonts] == ["/FontFile2"] * len(fonts)  # no Helvetica


@pytest.mark.parametrize("kind", list(CertificateKind))
def test_the_document_information_says_what_whose_by_whom_and_in_which_language(
    kind: str, program: Program, coordinator: User
) -> None:
    certificate = _issue(kind, program, coordinator, "uk")

    information = information_of(_pdf(certificate))

    with translation.override("uk"):
        heading = KINDS[kind].heading()
        description = KINDS[kind].description(certificate, "uk")
    assert information["/Title"] == f"{heading} – Олена Ковальчук-Їжакевич"
    assert information["/Author"] == "Ambasadorzy Powitania Warszawa"
    assert information["/Subject"] == description
    assert information["/Keywords"] == certificate.serial_display
    assert information["/Lang"] == "uk"
    stamp = certificate.issued_at.strftime("D:%Y%m%d%H%M%S+00'00'")
    assert (information["/CreationDate"], information["/ModDate"]) == (stamp, stamp)


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_names_extract_exactly_in_polish_and_cyrillic_letters(
    language: str, program: Program, coordinator: User
) -> None:
    certificate = _issue("recognition", program, coordinator, language)

    text = text_of(_pdf(certificate))

    assert HOLDERS[language] in text.splitlines()
    assert "Ambasadorka roku — Зірка" in text.splitlines()
