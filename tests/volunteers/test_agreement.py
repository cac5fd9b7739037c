"""The volunteer agreement (art. 44-45 of the Act on public benefit activity and volunteering):
made from the programme's terms when the volunteer is first matched or asks, in Polish with the
volunteer's language, signed on paper or electronically (checked to be our whole PDF)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from rest_framework.test import APIClient

from accounts.models import Program, User
from accounts.personal_data import Person
from core import clock
from matching.services import MatchConflict, match_approve
from tests.archival_pdf import fonts_of, information_of, text_of
from tests.clients import signed_in
from tests.matching.matches_cast import active, open_request, proposed, ready_volunteer
from tests.volunteers.agreement_cast import signed, signer_files, terms_for
from volunteers.agreements import agreement_make, agreement_sign_electronically
from volunteers.models import VolunteerAgreement, VolunteerProfile
from volunteers.privacy import volunteer_erase, volunteer_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def ukrainian(program: Program) -> VolunteerProfile:
    volunteer = ready_volunteer(program, "Олена Шевченко", support_roles=["interpreter"])
    volunteer.user.preferred_language = "uk"
    volunteer.user.save(update_fields=["preferred_language"])
    return volunteer


def made(volunteer: VolunteerProfile) -> VolunteerAgreement:
    agreement, _created = agreement_make(volunteer=volunteer)
    return VolunteerAgreement.objects.get(pk=agreement.pk)


def state(client: APIClient, url: str) -> dict[str, object]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return dict(response.json())


# Making it ------------------------------------------------------------------------------------


def test_the_pdf_holds_the_parties_scope_risks_and_data_protection_in_polish_and_ukrainian(
    program: Program, coordinator: User, ukrainian: VolunteerProfile
) -> None:
    terms_for(program, coordinator)
    agreement = made(ukrainian)
    text = " ".join(text_of(bytes(agreement.document)).split())

    assert agreement.status == "awaiting_signature"
    # The parties: the organisation's legal identity and the volunteer.
    for words in ("Fundacja Witajcie", "KRS 0000123456", "NIP 5250001234", "Олена Шевченко"):
        assert words in text
    assert "Maria Zielińska, prezeska zarządu" in text
    # Scope: the help they offer and the six-month commitment, in both languages.
    assert "zobowiązania trwającego 6 miesięcy" in text
    assert "тривалістю 6 місяців" in text
    # Inside the sentence, in lower case: "w zakresie: …, tłumacz w urzędach".
    assert "tłumacz w urzędach" in text and "Tłumacz w urzędach" not in text
    for heading in ("Sposób i czas", "Rozwiązanie porozumienia", "Ryzyko dla zdrowia",
                    "Ochrona danych osobowych", "Захист персональних даних"):  # fmt: skip
        assert heading in text
    # Archival: every font embedded, the document described, in Polish.
    assert [font.font_file for font in fonts_of(bytes(agreement.document))] == ["/FontFile2"] * 2
    information = information_of(bytes(agreement.document))
    assert information["/Title"] == "Porozumienie wolontariackie – Олена Шевченко"
    assert information["/Author"] == "Fundacja Witajcie"


@pytest.mark.parametrize(
    ("months", "polish", "ukrainian", "english"),
    [
        (1, "trwającego 1 miesiąc od", "тривалістю 1 місяць від", "of 1 month from"),
        (3, "trwającego 3 miesiące od", "тривалістю 3 місяці від", "of 3 months from"),
        (12, "trwającego 12 miesięcy od", "тривалістю 12 місяців від", "of 12 months from"),
        (22, "trwającego 22 miesiące od", "тривалістю 22 місяці від", "of 22 months from"),
    ],
)
def test_the_commitment_reads_right_for_any_number_of_months(
    program: Program,
    coordinator: User,
    months: int,
    polish: str,
    ukrainian: str,
    english: str,
) -> None:
    program.commitment_months = months
    program.save(update_fields=["commitment_months"])
    terms_for(program, coordinator)
    paragraphs: dict[str, str] = {}
    for language in ("uk", "en"):
        volunteer = ready_volunteer(program, f"Wolontariusz {language}")
        volunteer.user.preferred_language = language
        volunteer.user.save(update_fields=["preferred_language"])
        versions = made(volunteer).content["versions"]
        paragraphs |= {code: " ".join(version["paragraphs"]) for code, version in versions.items()}

    assert polish in paragraphs["pl"]
    assert ukrainian in paragraphs["uk"]
    assert english in paragraphs["en"]


def test_a_polish_speaker_gets_polish_only_and_asking_twice_gives_the_same_agreement(
    program: Program, coordinator: User
) -> None:
    terms_for(program, coordinator)
    volunteer = ready_volunteer(program)

    first, created = agreement_make(volunteer=volunteer)
    again, created_again = agreement_make(volunteer=volunteer)

    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert first.content["languages"] == ["pl"]


def test_changed_terms_make_a_new_version_until_one_is_signed(
    program: Program, coordinator: User
) -> None:
    terms_for(program, coordinator)
    volunteer = ready_volunteer(program)
    first = made(volunteer)
    terms = terms_for(program, coordinator, signatory="Jan Nowak, wiceprezes")

    second = made(volunteer)

    assert (first.version, terms.version, second.version) == (1, 2, 2)
    assert "Jan Nowak" in text_of(bytes(second.document))


def test_first_match_makes_the_agreement(
    program: Program,
    coordinator: User,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    terms_for(program, coordinator)
    volunteer = ready_volunteer(program)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        active(open_request(program), volunteer, coordinator)

    agreement = VolunteerAgreement.objects.get(volunteer=volunteer)
    assert agreement.status == "awaiting_signature"


# The API -----------------------------------------------------------------------------------------


def test_the_volunteer_asks_for_it_early_and_downloads_it(
    program: Program, coordinator: User
) -> None:
    volunteer = ready_volunteer(program)
    client = signed_in(volunteer.user)
    url = reverse("volunteer-me-agreement")

    assert state(client, url) == {
        "version": None, "status": "draft", "signed_on": None, "signed_how": None, "pdf_url": None,
    }  # fmt: skip
    refused = client.post(url)
    assert refused.status_code == 400
    assert "agreement" in refused.json()

    terms_for(program, coordinator)
    assert state(client, url)["status"] == "draft"
    response = client.post(url)

    assert response.status_code == 201
    answer = response.json()
    assert answer["status"] == "awaiting_signature"
    assert answer["version"] == 1
    assert answer["signed_how"] is None
    pdf = client.get(answer["pdf_url"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content == bytes(VolunteerAgreement.objects.get().document)
    assert client.post(url).status_code == 200  # already made


def test_electronically_signed_agreement_is_checked_and_kept(
    program: Program,
    coordinator: User,
    tmp_path: Path,
) -> None:
    terms_for(program, coordinator)
    volunteer = ready_volunteer(program)
    agreement = made(volunteer)
    signed_pdf = signed(bytes(agreement.document), tmp_path)
    client = signed_in(volunteer.user)

    response = client.post(
        reverse("volunteer-me-agreement-signed"),
        {"signed_pdf": SimpleUploadedFile("signed.pdf", signed_pdf, "application/pdf")},
        format="multipart",
    )

    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["status"] == "signed"
    assert answer["signed_how"] == "electronic"
    assert answer["signed_on"] is not None
    kept = VolunteerAgreement.objects.get(pk=agreement.pk)
    assert bytes(kept.signed_document or b"") == signed_pdf
    assert kept.signer_name == "Common Name: Anna Kowalska, Country: PL"
    assert kept.signer_trusted is False  # no trust roots configured in tests
    # The coordinator now downloads the signed file.
    their = signed_in(coordinator).get(reverse("volunteer-agreement-pdf", args=[volunteer.pk]))
    assert their.content == signed_pdf
    # The signing is in the audit trail, with who recorded it.
    entry = LogEntry.objects.get(object_pk=str(agreement.pk), additional_data__event="signed")
    assert entry.changes["status"] == ["awaiting_signature", "signed"]
    assert entry.changes["signed_how"] == ["", "electronic"]
    assert entry.actor == volunteer.user


def _changed_after_signing(document: bytes) -> bytes:
    """An incremental update appended after the signature (as an editor would save)."""
    writer = IncrementalPdfFileWriter(BytesIO(document))
    info = writer.trailer["/Info"]
    from pyhanko.pdf_utils.generic import NameObject, TextStringObject

    info[NameObject("/Title")] = TextStringObject("Zmieniony")
    writer.update_container(info)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


@pytest.mark.parametrize("tampering", ["another_document", "appended_after", "unsigned", "junk"])
def test_a_signed_file_that_is_not_our_whole_unchanged_pdf_is_refused(
    program: Program,
    coordinator: User,
    tmp_path: Path,
    tampering: str,
) -> None:
    terms_for(program, coordinator)
    volunteer = ready_volunteer(program)
    agreement = made(volunteer)
    ours = bytes(agreement.document)
    upload = {
        # The same agreement with one word changed before signing.
        "another_document": lambda: signed(ours.replace(b"/Title (", b"/Title (X"), tmp_path),
        "appended_after": lambda: _changed_after_signing(signed(ours, tmp_path)),
        "unsigned": lambda: ours,
        "junk": lambda: b"not a pdf at all",
    }[tampering]()

    response = signed_in(volunteer.user).post(
        reverse("volunteer-me-agreement-signed"),
        {"signed_pdf": SimpleUploadedFile("signed.pdf", upload, "application/pdf")},
        format="multipart",
    )

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["signed_pdf"]
    assert VolunteerAgreement.objects.get(pk=agreement.pk).status == "awaiting_signature"


def test_the_coordinator_records_a_paper_signature_once(
    program: Program, coordinator: User, at_every_hour: datetime
) -> None:
    terms_for(program, coordinator)
    volunteer = ready_volunteer(program)
    agreement = made(volunteer)
    client = signed_in(coordinator)
    url = reverse("volunteer-agreement-paper-signature", args=[volunteer.pk])
    today = clock.today()  # the programme's day, whatever the hour

    future = client.post(url, {"signed_on": (today + timedelta(days=2)).isoformat(),
                               "signed_for_program_by": "Maria Zielińska"})  # fmt: skip
    nobody = client.post(url, {"signed_on": today.isoformat(), "signed_for_program_by": " "})
    response = client.post(
        url, {"signed_on": today.isoformat(), "signed_for_program_by": "Maria Zielińska"}
    )
    twice = client.post(
        url, {"signed_on": today.isoformat(), "signed_for_program_by": "Maria Zielińska"}
    )

    assert future.status_code == 400 and list(future.json()) == ["signed_on"]
    assert nobody.status_code == 400 and list(nobody.json()) == ["signed_for_program_by"]
    assert response.status_code == 200
    assert response.json()["signed_how"] == "paper"
    assert response.json()["signed_on"] == today.isoformat()
    assert twice.status_code == 409
    mine = state(signed_in(volunteer.user), reverse("volunteer-me-agreement"))
    assert (mine["status"], mine["signed_how"]) == ("signed", "paper")
    entry = LogEntry.objects.get(object_pk=str(agreement.pk), additional_data__event="signed")
    assert entry.actor == coordinator
    assert entry.changes["signed_for_program_by"] == ["", "Maria Zielińska"]


@pytest.mark.parametrize("role", ["outsider", "volunteer_user", "anonymous"])
def test_another_programme_or_role_cannot_read_an_agreement(
    program: Program,
    coordinator: User,
    outsider: User,
    api: APIClient,
    role: str,
) -> None:
    terms_for(program, coordinator)
    volunteer = ready_volunteer(program)
    made(volunteer)
    client = {
        "outsider": lambda: signed_in(outsider),
        "volunteer_user": lambda: signed_in(volunteer.user),
        "anonymous": lambda: api,
    }[role]()

    for name in ("volunteer-agreement", "volunteer-agreement-pdf"):
        response = client.get(reverse(name, args=[volunteer.pk]))
        assert response.status_code == {"outsider": 404, "volunteer_user": 403,
                                        "anonymous": 401}[role]  # fmt: skip


# Before approving a match ------------------------------------------------------------------------


def test_a_programme_that_requires_a_signed_agreement_refuses_the_approval(
    program: Program, coordinator: User, at_every_hour: datetime
) -> None:
    terms_for(program, coordinator, is_required_before_matching=True)
    volunteer = ready_volunteer(program)
    match = proposed(open_request(program), volunteer, coordinator)

    with translation.override("en"), pytest.raises(MatchConflict, match="no signed volunteer"):
        match_approve(match=match, by=coordinator)
    response = signed_in(coordinator).post(
        reverse("match-approve", args=[match.pk]), {}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert "no signed volunteer agreement" in response.json()["detail"]

    made(volunteer)
    signed = signed_in(coordinator).post(
        reverse("volunteer-agreement-paper-signature", args=[volunteer.pk]),
        {"signed_on": clock.today().isoformat(), "signed_for_program_by": "Prezes"},
    )
    assert signed.status_code == 200
    assert match_approve(match=match, by=coordinator).status == "active"


def test_the_matches_page_warns_of_a_missing_agreement_before_approving(
    program: Program, coordinator: User
) -> None:
    from django.test import Client

    terms_for(program, coordinator)
    proposed(open_request(program), ready_volunteer(program), coordinator)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(coordinator)

    page = client.get(reverse("coordinator-matches-page")).content.decode()

    assert "No signed volunteer agreement yet." in page


def test_the_coordinator_sets_the_terms_in_programme_settings(
    program: Program, coordinator: User, outsider: User
) -> None:
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(coordinator)
    url = reverse("coordinator-agreement-terms-page", args=[program.slug])
    form = client.get(url)
    assert "§ 4. Ryzyko dla zdrowia" in form.content.decode()  # the model text is offered

    missing = client.post(url, {"organisation_name": "Fundacja", "organisation_address": "Ul. 1",
                                "signatory": "Prezes", "text_pl": "§ 1. Zakres"})  # fmt: skip
    assert "Give the NIP, the REGON or both." in missing.content.decode()
    saved = client.post(url, {"organisation_name": "Fundacja", "organisation_address": "Ul. 1",
                              "nip": "5250001234", "signatory": "Prezes", "text_pl": "§ 1",
                              "is_required_before_matching": "on"})  # fmt: skip
    assert saved.status_code == 302
    assert program.agreement_terms.is_required_before_matching is True  # type: ignore[attr-defined]
    other = Client()
    other.force_login(outsider)
    assert other.get(url).status_code == 404


def test_with_trust_roots_configured_only_a_chained_signer_is_accepted(
    program: Program,
    coordinator: User,
    tmp_path: Path,
    settings: Any,
) -> None:
    terms_for(program, coordinator)
    volunteer = ready_volunteer(program)
    agreement = made(volunteer)
    signed_pdf = signed(bytes(agreement.document), tmp_path)
    _key, own_certificate = signer_files(tmp_path)
    _other_key, stranger = signer_files(tmp_path / "another-authority")
    url = reverse("volunteer-me-agreement-signed")

    def upload() -> Any:
        return signed_in(volunteer.user).post(
            url,
            {"signed_pdf": SimpleUploadedFile("signed.pdf", signed_pdf, "application/pdf")},
            format="multipart",
        )

    settings.AGREEMENT_SIGNATURE_TRUST_ROOTS = [stranger]
    refused = upload()
    assert refused.status_code == 400
    assert list(refused.json()) == ["signed_pdf"]

    settings.AGREEMENT_SIGNATURE_TRUST_ROOTS = [own_certificate]
    accepted = upload()
    assert accepted.status_code == 200, accepted.content
    assert VolunteerAgreement.objects.get(pk=agreement.pk).signer_trusted is True


def test_erasure_keeps_that_an_agreement_was_signed_but_not_its_text_or_files(
    program: Program, coordinator: User, tmp_path: Path
) -> None:
    terms_for(program, coordinator)
    volunteer = ready_volunteer(program)
    agreement = made(volunteer)
    agreement_sign_electronically(
        agreement=agreement,
        signed_document=signed(bytes(agreement.document), tmp_path),
        by=volunteer.user,
    )
    assert volunteer_export(Person(user=volunteer.user))["agreements"][0]["status"] == "signed"

    with disable_auditlog():  # as the erasure runs it (privacy.services)
        volunteer_erase(Person(user=volunteer.user))

    erased = VolunteerAgreement.objects.get(pk=agreement.pk)
    assert (erased.status, erased.signed_how) == ("signed", "electronic")
    assert erased.content == {}
    assert bytes(erased.document) == b""
    assert erased.signed_document is None
    assert erased.signer_name == ""


def test_the_candidates_page_warns_before_propose_and_approve(
    program: Program, coordinator: User
) -> None:
    from django.test import Client

    terms_for(program, coordinator, is_required_before_matching=True)
    ready_volunteer(program)
    support_request = open_request(program)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(coordinator)

    page = client.get(
        reverse("request-candidates-page", args=[support_request.pk])
    ).content.decode()

    assert "Anna Kowalska" in page
    assert "the programme requires one before this match can be approved" in page
