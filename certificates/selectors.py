"""Reads of certificates: who may see which, the public check, the ambassadors page.

A certificate is seen by the coordinators of its programme and by its holder; everyone else
sees it only through the public verification by serial (and the ambassadors page, for those
who opted in). Anything else is an unknown id (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django_scopes import scopes_disabled

from accounts.models import Program
from accounts.permissions import coordinated_programs, within_coordinated_programs
from certificates.models import (
    Certificate,
    CertificateBatch,
    OpinionRequest,
    PublicRecognitionConsent,
    StatusList,
    StatusPurpose,
)
from certificates.serials import serial_normalize
from certificates.signing import certificate_signature_is_valid
from core import clock
from volunteers.models import VolunteerProfile


def certificates_visible_to(user: Any) -> QuerySet[Certificate]:
    """The certificates of programmes `user` coordinates and their own; one query a page."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    return Certificate.objects.filter(
        Q(program__in=coordinated_programs(user)) | Q(volunteer__user=user)
    ).order_by("-issued_at", "-pk")


def certificates_coordinated_by(user: Any) -> QuerySet[Certificate]:
    """What a coordinator may change (revoke): their programmes' certificates."""
    return Certificate.objects.filter(program__in=coordinated_programs(user)).order_by(
        "-issued_at", "-pk"
    )


def certificate_for_viewer(user: Any, pk: int) -> Certificate:
    certificate = certificates_visible_to(user).select_related("volunteer__user").filter(pk=pk)
    found = certificate.first()
    if found is None:
        raise Http404
    return found


def certificate_for_coordinator(user: Any, pk: int) -> Certificate:
    found = certificates_coordinated_by(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def batch_for_coordinator(user: Any, pk: int) -> CertificateBatch:
    found = CertificateBatch.objects.filter(program__in=coordinated_programs(user), pk=pk).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class Verification:
    """What the public learns about a certificate: nothing else about the person."""

    certificate: Certificate
    is_authentic: bool  # the signature matches the content, by a key this deployment trusts

    @property
    def is_revoked(self) -> bool:
        return self.certificate.is_revoked

    @property
    def is_holder_erased(self) -> bool:
        """The holder's personal data was erased (GDPR Art. 17): the name is gone, and with
        it what the signature covered, so the certificate can no longer be confirmed."""
        return self.certificate.holder_name == ""

    @property
    def is_valid(self) -> bool:
        return self.is_authentic and not self.is_revoked and not self.is_holder_erased

    @property
    def status(self) -> str:
        if self.is_holder_erased:
            return "holder_erased"
        if not self.is_authentic:
            return "invalid"
        return "revoked" if self.is_revoked else "valid"

    @property
    def revoked_on(self) -> date | None:
        revoked_at = self.certificate.revoked_at
        return clock.local_date(revoked_at) if revoked_at else None


def verification_of(serial_text: str) -> Verification:
    """The public check of a serial; 404 for anything that is not an issued serial.

    Public by design, so it reads across programmes; a malformed serial and an unknown one
    get the same 404, so a guess learns nothing about nearby serials.
    """
    serial = serial_normalize(serial_text)
    if serial is None:
        raise Http404
    with scopes_disabled():
        certificate = Certificate.objects.filter(serial=serial).first()
    if certificate is None:
        raise Http404
    return Verification(
        certificate=certificate, is_authentic=certificate_signature_is_valid(certificate)
    )


def program_for_public(slug: str) -> Program:
    program = Program.directory.filter(slug=slug).first()
    if program is None:
        raise Http404
    return program


def status_list_for_public(slug: str) -> StatusList:
    """A programme's revocation list, for anyone; 404 before its first certificate."""
    program = program_for_public(slug)
    with scopes_disabled():
        found = StatusList.objects.filter(program=program, purpose=StatusPurpose.REVOCATION).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class Ambassador:
    first_name: str
    district: str
    certificates: list[Certificate]


def ambassadors_of(program: Program) -> list[Ambassador]:
    """Volunteers of `program` who opted in to public recognition, with their valid
    certificates; two queries. Nobody without a given consent appears."""
    with scopes_disabled():
        consenting = (
            PublicRecognitionConsent.objects.filter(
                program=program, withdrawn_at__isnull=True, volunteer__program=program
            )
            .values("volunteer_id")
        )  # fmt: skip
        volunteers = (
            VolunteerProfile.objects.filter(pk__in=consenting)
            .select_related("user")
            .prefetch_related(
                Prefetch(
                    "certificates",
                    queryset=Certificate.objects.filter(revoked_at__isnull=True).order_by(
                        "issued_on", "pk"
                    ),
                    to_attr="shown_certificates",
                )
            )
            .order_by("user__full_name", "pk")
        )
        return [
            Ambassador(
                first_name=volunteer.user.first_name,
                district=volunteer.place_name,
                certificates=volunteer.shown_certificates,  # type: ignore[attr-defined]
            )
            for volunteer in volunteers
        ]


def recognition_consent_of(volunteer: VolunteerProfile) -> PublicRecognitionConsent | None:
    return PublicRecognitionConsent.objects.filter(volunteer=volunteer).first()


def opinion_requests_for_coordinator(user: Any) -> QuerySet[OpinionRequest]:
    """Requests for an opinion in the programmes `user` coordinates, oldest first, with the
    volunteer's account."""
    return within_coordinated_programs(
        OpinionRequest.objects.select_related("volunteer__user", "program"), user
    )


def opinion_request_for_coordinator(user: Any, pk: int) -> OpinionRequest:
    found = opinion_requests_for_coordinator(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def opinion_requests_of(volunteer: VolunteerProfile) -> QuerySet[OpinionRequest]:
    return OpinionRequest.objects.filter(volunteer=volunteer)
