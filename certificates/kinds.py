"""What each kind of certificate says: its Open Badges achievement and its printed words.

Everything that differs between kinds is written here, one `Kind` each; the credential, its
proof and status entry, the PDF and its metadata read a kind from `kind_of` and name none.
A new kind is a `CertificateKind` choice, an entry in `KINDS` and (in `services`) what it is
issued for. Texts are English msgids, rendered in the language active when they are called.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certificates.models import Certificate, CertificateKind
from commitments.hours import hours_of
from core.vocabulary import in_sentence, skill_labels


def date_in_words(day: str | date, language: str) -> str:
    value = date.fromisoformat(day) if isinstance(day, str) else day
    with translation.override(language):
        return formats.date_format(value, "DATE_FORMAT")


def _no_subject_fields(certificate: Certificate) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Kind:
    """One kind of certificate. Callables take the certificate and the language to write
    dates in; the words come in the active language."""

    # Open Badges 3.0 AchievementType, or "ext:Name" for one the vocabulary lacks.
    achievement_type: str
    heading: Callable[[], str]  # the PDF's heading and its Subject
    name: Callable[[Certificate], str]  # the achievement's name
    criteria: Callable[[], str]  # how it is earned
    description: Callable[[Certificate, str], str]  # what this holder achieved, a sentence
    statement: Callable[[Certificate, str], list[str]]  # the PDF's lines after the name
    # Which achievement of the issuer this is: the fragment of its id.
    anchor: Callable[[Certificate], str] = field(default=lambda certificate: certificate.kind)
    # Further AchievementSubject fields (the dates of an activity).
    subject_fields: Callable[[Certificate], dict[str, Any]] = _no_subject_fields
    # Words printed once, as written, whatever the language (an opinion's text).
    quoted: Callable[[Certificate], list[str]] = field(default=lambda certificate: [])


def _module_title(module: dict[str, Any], language: str) -> str:
    return str(module["titles"].get(language) or module["titles"].get("pl", ""))


def _completed_modules(certificate: Certificate, language: str) -> list[str]:
    return [
        _("%(module)s, completed on %(date)s")
        % {
            "module": _module_title(module, language),
            "date": date_in_words(module["completed_on"], language),
        }
        for module in certificate.details.get("modules", [])
    ]


def _training_description(certificate: Certificate, language: str) -> str:
    return _(
        "Completed the required training of the programme's welcome ambassadors: %(modules)s."
    ) % {"modules": "; ".join(_completed_modules(certificate, language))}


def _training_statement(certificate: Certificate, language: str) -> list[str]:
    return [
        _("has completed the training of the programme's welcome ambassadors:"),
        *("• " + module for module in _completed_modules(certificate, language)),
    ]


def _commitment_words(certificate: Certificate, language: str) -> dict[str, Any]:
    details = certificate.details
    return {
        "months": int(details.get("months", 0)),
        "start": date_in_words(details["started_on"], language),
        "end": date_in_words(details["ended_on"], language),
    }


def _commitment_description(certificate: Certificate, language: str) -> str:
    words = _commitment_words(certificate, language)
    return (
        ngettext(
            "Mentored a newly arrived person as a welcome ambassador for %(months)d month, from "
            "%(start)s to %(end)s.",
            "Mentored a newly arrived person as a welcome ambassador for %(months)d months, from "
            "%(start)s to %(end)s.",
            words["months"],
        )
        % words
    )


def _commitment_statement(certificate: Certificate, language: str) -> list[str]:
    words = _commitment_words(certificate, language)
    return [
        ngettext(
            "has completed a mentoring commitment of %(months)d month as a welcome "
            "ambassador, supporting a newcomer from %(start)s to %(end)s.",
            "has completed a mentoring commitment of %(months)d months as a welcome "
            "ambassador, supporting a newcomer from %(start)s to %(end)s.",
            words["months"],
        )
        % words
    ]


def _commitment_subject_fields(certificate: Certificate) -> dict[str, Any]:
    return {
        "activityStartDate": certificate.details["started_on"],
        "activityEndDate": certificate.details["ended_on"],
    }


def hours_in_words(minutes: int, language: str) -> str:
    """Hours as the language writes numbers (1,5 in Polish), from `commitments.hours`."""
    with translation.override(language):
        return formats.number_format(hours_of(minutes), 1)


def _help_given(needs: list[str], language: str) -> str:
    labels = [in_sentence(label, language) for label in skill_labels(needs, language)]
    if not labels:
        return _("mentoring a newly arrived person")
    return _("mentoring a newly arrived person (%(needs)s)") % {"needs": ", ".join(labels)}


def _pairing_lines(certificate: Certificate, language: str) -> list[str]:
    lines = []
    for pairing in certificate.details.get("pairings", []):
        words = {
            "start": date_in_words(pairing["started_on"], language),
            "help": _help_given(pairing.get("needs", []), language),
            "hours": hours_in_words(pairing.get("minutes", 0), language),
        }
        if pairing.get("ended_on"):
            words["end"] = date_in_words(pairing["ended_on"], language)
            lines.append(_("from %(start)s to %(end)s: %(help)s, %(hours)s h") % words)
        else:
            lines.append(_("since %(start)s (ongoing): %(help)s, %(hours)s h") % words)
    return lines


def _service_total(certificate: Certificate, language: str) -> str:
    return _(
        "In total %(hours)s hours of service recorded in the meetings' check-ins, as of %(date)s."
    ) % {
        "hours": hours_in_words(certificate.details.get("minutes", 0), language),
        "date": date_in_words(certificate.details["as_of"], language),
    }


def _service_description(certificate: Certificate, language: str) -> str:
    return _(
        "Served as a volunteer welcome ambassador, under the Act on public benefit activity "
        "and volunteering: %(pairings)s. %(total)s"
    ) % {
        "pairings": "; ".join(_pairing_lines(certificate, language)),
        "total": _service_total(certificate, language),
    }


def _service_statement(certificate: Certificate, language: str) -> list[str]:
    return [
        _(
            "has served as a volunteer welcome ambassador in the programme, under the Act on "
            "public benefit activity and volunteering (art. 44 sec. 4):"
        ),
        *("• " + line for line in _pairing_lines(certificate, language)),
        _service_total(certificate, language),
    ]


def _service_subject_fields(certificate: Certificate) -> dict[str, Any]:
    pairings = certificate.details.get("pairings", [])
    ends = [pairing["ended_on"] for pairing in pairings if pairing.get("ended_on")]
    fields: dict[str, Any] = {"activityStartDate": pairings[0]["started_on"]} if pairings else {}
    if pairings and len(ends) == len(pairings):
        fields["activityEndDate"] = max(ends)
    return fields


def _opinion_text(certificate: Certificate) -> list[str]:
    return [line for line in certificate.details.get("text", "").splitlines() if line.strip()]


def _opinion_description(certificate: Certificate, language: str) -> str:
    return _("The programme's opinion about the volunteer's service: %(text)s") % {
        "text": " ".join(_opinion_text(certificate))
    }


def _opinion_statement(certificate: Certificate, language: str) -> list[str]:
    return [
        _(
            "The programme's opinion about the service of its volunteer welcome ambassador "
            "(art. 44 sec. 5 of the Act on public benefit activity and volunteering):"
        ),
        *("• " + line for line in _pairing_lines(certificate, language)),
        _service_total(certificate, language),
    ]


def _recognition_anchor(certificate: Certificate) -> str:
    return "recognition-" + hashlib.sha256(certificate.title.encode()).hexdigest()[:12]


KINDS: dict[str, Kind] = {
    CertificateKind.TRAINING: Kind(
        achievement_type="CertificateOfCompletion",
        heading=lambda: _("Certificate of completed volunteer training"),
        name=lambda certificate: _("Welcome ambassador training"),
        criteria=lambda: _(
            "Completing every required module of the programme's volunteer training."
        ),
        description=_training_description,
        statement=_training_statement,
    ),
    CertificateKind.COMMITMENT: Kind(
        achievement_type="CommunityService",
        heading=lambda: _("Certificate of a completed mentoring commitment"),
        name=lambda certificate: _("Mentoring a newly arrived person as a welcome ambassador"),
        criteria=lambda: _(
            "Completing a mentoring commitment to a newly arrived person in the programme."
        ),
        description=_commitment_description,
        statement=_commitment_statement,
        subject_fields=_commitment_subject_fields,
    ),
    CertificateKind.RECOGNITION: Kind(
        achievement_type="Award",
        heading=lambda: _("Certificate of recognition"),
        # The title is the coordinator's own words, the same in every language.
        name=lambda certificate: certificate.title,
        criteria=lambda: _("A recognition awarded by the programme's coordinator."),
        description=lambda certificate, language: (
            _("Recognition awarded by the programme's coordinator: %(title)s.")
            % {"title": certificate.title}
        ),
        statement=lambda certificate, language: [
            _("is awarded the recognition:"),
            certificate.title,
        ],
        anchor=_recognition_anchor,
    ),
    CertificateKind.SERVICE_CONFIRMATION: Kind(
        achievement_type="ext:ServiceConfirmation",
        heading=lambda: _("Confirmation of volunteer service"),
        name=lambda certificate: _("Volunteer service as a welcome ambassador"),
        criteria=lambda: _(
            "Volunteer service in the programme, confirmed on the volunteer's request (art. 44 "
            "sec. 4 of the Act on public benefit activity and volunteering)."
        ),
        description=_service_description,
        statement=_service_statement,
        subject_fields=_service_subject_fields,
    ),
    CertificateKind.OPINION: Kind(
        achievement_type="ext:Opinion",
        heading=lambda: _("Opinion on volunteer service"),
        name=lambda certificate: _("Opinion on volunteer service as a welcome ambassador"),
        criteria=lambda: _(
            "An opinion about the volunteer's service written by the programme's coordinator "
            "on the volunteer's request (art. 44 sec. 5 of the Act on public benefit activity "
            "and volunteering)."
        ),
        description=_opinion_description,
        statement=_opinion_statement,
        subject_fields=_service_subject_fields,
        # The coordinator's own words, in the language they wrote them, after the statement.
        quoted=_opinion_text,
    ),
}


def kind_of(certificate: Certificate) -> Kind:
    return KINDS[certificate.kind]
