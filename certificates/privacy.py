"""A volunteer's certificates in their export and erasure (see accounts.personal_data).

A certificate keeps its content as printed and signed, so erasing its holder's name breaks
the signature on purpose: the public check then answers "holder erased" (see
`certificates.selectors.Verification`) and shows no name. Counted facts (kind, programme,
issue date, revocation) stay, so the certificates issued in a year do not change.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.personal_data import Person
from certificates.models import (
    Certificate,
    CertificateBatch,
    CertificateKind,
    OpinionRequest,
    PublicRecognitionConsent,
)
from volunteers.models import VolunteerProfile

# What an erased holder's certificate stores as the name.
ERASED_HOLDER_NAME = ""


def certificates_export(person: Person) -> dict[str, Any]:
    if person.user is None:
        return {}
    with scopes_disabled():
        certificates = Certificate.objects.filter(volunteer__user=person.user).order_by(
            "issued_at", "pk"
        )
        return {
            "certificates": [
                {
                    "serial": certificate.serial_display,
                    "kind": certificate.kind,
                    "holder_name": certificate.holder_name,
                    "program": certificate.program_name,
                    "title": certificate.title,
                    "details": certificate.details,
                    "issued_on": certificate.issued_on,
                    "revoked_at": certificate.revoked_at,
                    "revocation_reason": certificate.revocation_reason,
                }
                for certificate in certificates
            ],
            "opinion_requests": list(
                OpinionRequest.objects.filter(volunteer__user=person.user).values(
                    "program__slug", "requested_at", "status"
                )
            ),
            "public_recognition_consents": list(
                PublicRecognitionConsent.objects.filter(volunteer__user=person.user).values(
                    "program__slug", "given_at", "withdrawn_at"
                )
            ),
        }


def certificates_erase(person: Person) -> None:
    if person.user is None:
        return
    with scopes_disabled():
        Certificate.objects.filter(volunteer__user=person.user).update(
            holder_name=ERASED_HOLDER_NAME
        )
        # An opinion's text is about the person: it goes too (its details no longer verify).
        for opinion in Certificate.objects.filter(
            volunteer__user=person.user, kind=CertificateKind.OPINION
        ).only("pk", "details"):
            Certificate.objects.filter(pk=opinion.pk).update(
                details={**opinion.details, "text": ""}
            )
        PublicRecognitionConsent.objects.filter(
            volunteer__user=person.user, withdrawn_at__isnull=True
        ).update(withdrawn_at=timezone.now())
        volunteer_ids = set(
            VolunteerProfile.objects.filter(user=person.user).values_list("pk", flat=True)
        )
        # A batch's list of volunteers it could not certify names them.
        for batch in CertificateBatch.objects.exclude(skipped=[]).only("pk", "skipped"):
            kept = [row for row in batch.skipped if row.get("volunteer") not in volunteer_ids]
            if len(kept) != len(batch.skipped):
                CertificateBatch.objects.filter(pk=batch.pk).update(skipped=kept)
