"""The volunteer agreement (porozumienie wolontariackie): making it, signing it, reading it.

A programme's terms (`AgreementTerms`) are filled in for one volunteer and frozen in a
`VolunteerAgreement` row with the PDF made from them, once per version of the terms: when the
volunteer is first matched (matching enqueues `agreement_make_task`), or earlier when they ask.
The PDF is what is signed: on paper, recorded by a coordinator, or electronically, uploaded by
the volunteer and checked in `volunteers.signatures` to be our PDF, whole and unchanged.
Every signing is a conditional update through `accounts.audit.audited_update`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from string import Template
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.audit import audited_update
from accounts.models import Program, User
from core import clock
from core.languages import reader_language
from core.vocabulary import in_sentence, skill_labels
from volunteers.models import (
    AgreementStatus,
    AgreementTerms,
    SignedHow,
    SupportRole,
    VolunteerAgreement,
    VolunteerProfile,
)

# What a programme's text may name as ${name}; anything else stays as written.
PLACEHOLDERS = (
    "organisation", "organisation_address", "krs", "nip", "regon", "signatory",
    "volunteer", "program", "city", "help", "commitment", "commitment_months", "hours_per_week",
    "made_on",
)  # fmt: skip
MAX_SIGNED_BYTES = 10 * 1024 * 1024


class AgreementConflict(Exception):
    """The agreement's state does not allow the action (409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def words_date(day: date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")


# Reads --------------------------------------------------------------------------------------


def terms_of(program_id: int) -> AgreementTerms | None:
    return AgreementTerms.objects.filter(program_id=program_id).first()


def agreement_current(volunteer: VolunteerProfile) -> VolunteerAgreement | None:
    """The agreement that counts: the signed one if any (newest), else the newest made."""
    agreements = VolunteerAgreement.objects.filter(volunteer=volunteer).defer(
        "document", "signed_document"
    )
    return (
        agreements.filter(status=AgreementStatus.SIGNED).first()
        or agreements.order_by("-version", "-pk").first()
    )


@dataclass(frozen=True)
class AgreementState:
    """What the approve flow shows about a volunteer's agreement."""

    is_signed: bool
    is_required: bool


def agreement_states(volunteer_ids: list[int]) -> dict[int, AgreementState]:
    """For each volunteer: whether their agreement is signed and whether their programme
    requires it before a match is approved. One query for any number."""
    if not volunteer_ids:
        return {}
    signed = VolunteerAgreement.objects.filter(
        volunteer=OuterRef("pk"), status=AgreementStatus.SIGNED
    )
    rows = (
        VolunteerProfile.objects.filter(pk__in=volunteer_ids)
        .annotate(is_signed=Exists(signed))
        .values_list("pk", "is_signed", "program__agreement_terms__is_required_before_matching")
    )
    return {
        pk: AgreementState(is_signed=is_signed, is_required=bool(required))
        for pk, is_signed, required in rows
    }


def agreement_blocks_matching(volunteer: VolunteerProfile) -> bool:
    """The programme requires a signed agreement before a match and this volunteer has none."""
    state = agreement_states([volunteer.pk])[volunteer.pk]
    return state.is_required and not state.is_signed


# The text -----------------------------------------------------------------------------------


def _help_offered(volunteer: VolunteerProfile, language: str) -> str:
    skills = [in_sentence(label, language) for label in skill_labels(volunteer.skills, language)]
    with translation.override(language):
        roles = [
            in_sentence(str(SupportRole(code).label), language)
            for code in volunteer.support_roles
            if code in SupportRole.values
        ]
        mentoring = _("mentoring a newly arrived person")
    return ", ".join([mentoring, *skills, *roles])


def _parties(terms: AgreementTerms, volunteer: VolunteerProfile, made_on: date) -> str:
    """Who agrees with whom, in the active language."""
    numbers = ", ".join(
        f"{label} {value}"
        for label, value in (("KRS", terms.krs), ("NIP", terms.nip), ("REGON", terms.regon))
        if value
    )
    return _(
        "made on %(date)s in %(city)s between %(organisation)s, %(address)s (%(numbers)s), "
        "represented by %(signatory)s, hereinafter the Organisation, and %(volunteer)s "
        "(%(email)s), hereinafter the Volunteer."
    ) % {
        "date": words_date(made_on, translation.get_language() or "pl"),
        "city": volunteer.program.city,
        "organisation": terms.organisation_name,
        "address": terms.organisation_address,
        "numbers": numbers,
        "signatory": terms.signatory,
        "volunteer": volunteer.user.full_name,
        "email": volunteer.user.email,
    }


def _filled(text: str, values: dict[str, str]) -> list[str]:
    """The text with its ${names} filled in, as paragraphs (split on line breaks)."""
    filled = Template(text).safe_substitute(values)
    return [line.strip() for line in filled.splitlines() if line.strip()]


def _months(count: int) -> str:
    """The number of months with the noun in its form: 1 miesiąc, 3 miesiące, 6 miesięcy."""
    return ngettext("%(count)d month", "%(count)d months", count) % {"count": count}


def agreement_content(
    terms: AgreementTerms, volunteer: VolunteerProfile, *, made_on: date, language: str
) -> dict[str, Any]:
    """The agreement filled in for `volunteer`: in Polish, and in their language when the
    programme has the text in it."""
    texts = {"pl": terms.text_pl, "uk": terms.text_uk, "en": terms.text_en}
    languages = ["pl"] + ([language] if language != "pl" and texts.get(language) else [])
    versions: dict[str, Any] = {}
    for code in languages:
        with translation.override(code):
            values = {
                "organisation": terms.organisation_name,
                "organisation_address": terms.organisation_address,
                "krs": terms.krs,
                "nip": terms.nip,
                "regon": terms.regon,
                "signatory": terms.signatory,
                "volunteer": volunteer.user.full_name,
                "program": volunteer.program.name,
                "city": volunteer.program.city,
                "help": _help_offered(volunteer, code),
                "commitment": _months(volunteer.program.commitment_months),
                # The bare number, for texts written before ${commitment} (it could not agree
                # with its noun: "3 miesięcy").
                "commitment_months": str(volunteer.program.commitment_months),
                "hours_per_week": str(volunteer.hours_per_week),
                "made_on": words_date(made_on, code),
            }
            versions[code] = {
                "title": _("Volunteer agreement"),
                "parties": _parties(terms, volunteer, made_on),
                "paragraphs": _filled(texts[code], values),
                "organisation_signs": _("For the Organisation: %(signatory)s")
                % {"signatory": terms.signatory},
                "volunteer_signs": _("The Volunteer: %(volunteer)s")
                % {"volunteer": volunteer.user.full_name},
            }
    return {
        "made_on": made_on.isoformat(),
        "organisation": terms.organisation_name,
        "volunteer": volunteer.user.full_name,
        "languages": languages,
        "versions": versions,
    }


# Writes -------------------------------------------------------------------------------------


def agreement_make(*, volunteer: VolunteerProfile) -> tuple[VolunteerAgreement, bool]:
    """Produce the volunteer's agreement from their programme's current terms, or return the
    one that stands (a signed one, or the one already made from these terms).

    Returns (agreement, created). The PDF is rendered here: call it outside a transaction.
    ValidationError when the programme has not set its terms.
    """
    from volunteers.agreement_pdf import agreement_pdf

    volunteer = VolunteerProfile.objects.select_related("user", "program").get(pk=volunteer.pk)
    terms = terms_of(volunteer.program_id)
    current = agreement_current(volunteer)
    if current is not None and (
        current.status == AgreementStatus.SIGNED
        or terms is None
        or current.version == terms.version
    ):
        return current, False
    if terms is None:
        raise ValidationError(
            {"agreement": _("The programme has not set up its volunteer agreement yet.")}
        )
    now = clock.now()
    language = reader_language(volunteer.user.preferred_language)
    content = agreement_content(terms, volunteer, made_on=clock.local_date(now), language=language)
    document = agreement_pdf(content, made_at=now, program_name=volunteer.program.name)
    agreement = VolunteerAgreement(
        program_id=volunteer.program_id,
        volunteer=volunteer,
        version=terms.version,
        language=language,
        content=content,
        made_at=now,
        document=document,
        document_sha256=hashlib.sha256(document).hexdigest(),
        status=AgreementStatus.AWAITING_SIGNATURE,
    )
    try:
        with transaction.atomic():
            agreement.save(force_insert=True)
    except IntegrityError:
        # Made by a concurrent request (the match's task and the volunteer's click): theirs.
        return VolunteerAgreement.objects.get(volunteer=volunteer, version=terms.version), False
    return agreement, True


def agreement_sign_on_paper(
    *, agreement: VolunteerAgreement, signed_on: date, signed_for_program_by: str, by: User
) -> VolunteerAgreement:
    """Record that the agreement was signed on paper on `signed_on`; `by` is the coordinator."""
    signed_for_program_by = " ".join(signed_for_program_by.split())
    errors: dict[str, str] = {}
    if not signed_for_program_by:
        errors["signed_for_program_by"] = _("Say who signed for the programme.")
    if signed_on > clock.today():
        errors["signed_on"] = _("The agreement cannot be signed in the future.")
    elif signed_on < clock.local_date(agreement.made_at):
        errors["signed_on"] = _("The agreement cannot be signed before it was made.")
    if errors:
        raise ValidationError(errors)
    return _signed(
        agreement,
        by=by,
        signed_on=signed_on,
        signed_how=SignedHow.PAPER,
        signed_for_program_by=signed_for_program_by,
    )


def agreement_sign_electronically(
    *, agreement: VolunteerAgreement, signed_document: bytes, by: User
) -> VolunteerAgreement:
    """Keep the PDF the volunteer signed with a trusted profile or a qualified signature,
    once `volunteers.signatures` finds it is our PDF, whole and unchanged, under a valid
    signature (ValidationError on `signed_pdf` otherwise)."""
    from volunteers.signatures import signed_pdf_check

    if len(signed_document) > MAX_SIGNED_BYTES:
        raise ValidationError({"signed_pdf": _("The file is larger than 10 MB.")})
    original = VolunteerAgreement.objects.values_list("document", flat=True).get(pk=agreement.pk)
    check = signed_pdf_check(signed=signed_document, original=bytes(original))
    return _signed(
        agreement,
        by=by,
        signed_on=check.signed_on,
        signed_how=SignedHow.ELECTRONIC,
        signer_name=check.signer_name,
        signer_trusted=check.is_trusted,
        signed_document=signed_document,
    )


@transaction.atomic
def _signed(agreement: VolunteerAgreement, *, by: User, **changes: Any) -> VolunteerAgreement:
    changed = audited_update(
        VolunteerAgreement.objects.filter(
            pk=agreement.pk, status=AgreementStatus.AWAITING_SIGNATURE
        ),
        event="signed",
        actor=by,
        status=AgreementStatus.SIGNED,
        recorded_by=by,
        **changes,
    )
    if not changed:
        raise AgreementConflict(_("This agreement is already signed."))
    return VolunteerAgreement.objects.defer("document", "signed_document").get(pk=agreement.pk)


def terms_save(*, program: Program, by: User, **fields: Any) -> AgreementTerms:
    """Create or change a programme's terms; any change makes a new version, so agreements
    already made keep the text they were made from."""
    with transaction.atomic():
        terms = AgreementTerms.objects.select_for_update().filter(program=program).first()
        if terms is None:
            terms = AgreementTerms(program=program, version=1, updated_at=clock.now(), **fields)
            terms.full_clean()
            terms.save()
            return terms
        changed = {name: value for name, value in fields.items() if getattr(terms, name) != value}
        if not changed:
            return terms
        for name, value in changed.items():
            setattr(terms, name, value)
        if set(changed) != {"is_required_before_matching"}:
            terms.version += 1
        terms.updated_at = clock.now()
        terms.full_clean()
        terms.save()
        return terms
