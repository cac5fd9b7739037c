"""A certificate as an Open Badges 3.0 credential (a W3C Verifiable Credential, JSON-LD),
secured with an `eddsa-rdfc-2022` Data Integrity proof by the deployment's key.

The issuer is the programme, whose Profile is published at a stable URL
(`/api/v1/issuers/<slug>/`); the proof's verification method is the key's `did:key`, which any
verifier resolves offline, and the issuer profile lists the keys the programme signs with.
The credential's `id` is the certificate's public verification URL, where revocation shows.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from accounts.models import Program
from certificates.data_integrity import add_proof
from certificates.jsonld_contexts import CREDENTIALS_V2, OPEN_BADGES_V3, bundled_document_loader
from certificates.keys import did_key_of, multikey_of, signing_key, trusted_public_keys
from certificates.models import Certificate, CertificateKind
from core.links import site_url

CONTEXT = [CREDENTIALS_V2, OPEN_BADGES_V3]
ACHIEVEMENT_TYPES = {
    CertificateKind.TRAINING: "CertificateOfCompletion",
    CertificateKind.COMMITMENT: "CommunityService",
    CertificateKind.RECOGNITION: "Award",
}
# Open Badges texts are in the programme's language: Polish.
ACHIEVEMENT_NAMES = {
    CertificateKind.TRAINING: "Szkolenie ambasadora powitania",
    CertificateKind.COMMITMENT: "Mentoring osoby nowo przybyłej jako ambasador powitania",
}
CRITERIA = {
    CertificateKind.TRAINING: (
        "Ukończenie wszystkich obowiązkowych modułów szkolenia wolontariuszy programu."
    ),
    CertificateKind.COMMITMENT: (
        "Ukończenie zobowiązania mentorskiego wobec osoby nowo przybyłej w ramach programu."
    ),
    CertificateKind.RECOGNITION: "Wyróżnienie przyznane przez koordynatora programu.",
}


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_url(slug: str) -> str:
    return site_url("certificate-issuer", slug)


def issuer_profile(program: Program) -> dict[str, Any]:
    """The programme as an Open Badges issuer Profile, with the keys its credentials use."""
    url = issuer_url(program.slug)
    keys = [
        {
            "id": did_key_of(public_key),
            "type": "Multikey",
            "controller": url,
            "publicKeyMultibase": multikey_of(public_key),
        }
        for public_key in trusted_public_keys().values()
    ]
    return {
        "@context": CONTEXT,
        "id": url,
        "type": ["Profile"],
        "name": program.name,
        "url": settings.SITE_URL + "/",
        "address": {"type": ["Address"], "addressLocality": program.city, "addressCountry": "PL"},
        "verificationMethod": keys,
    }


def _achievement(certificate: Certificate, program_slug: str) -> dict[str, Any]:
    kind = CertificateKind(certificate.kind)
    name = certificate.title if kind == CertificateKind.RECOGNITION else ACHIEVEMENT_NAMES[kind]
    if kind == CertificateKind.RECOGNITION:
        anchor = "recognition-" + hashlib.sha256(certificate.title.encode()).hexdigest()[:12]
    else:
        anchor = kind.value
    achievement: dict[str, Any] = {
        "id": f"{issuer_url(program_slug)}#{anchor}",
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPES[kind],
        "name": name,
        "criteria": {"narrative": CRITERIA[kind]},
        "inLanguage": "pl",
    }
    if kind == CertificateKind.TRAINING:
        modules = certificate.details.get("modules", [])
        achievement["description"] = "; ".join(
            f"{module['titles'].get('pl', '')} ({module['completed_on']})" for module in modules
        )
    return achievement


def unsigned_credential(certificate: Certificate, *, verify_url: str) -> dict[str, Any]:
    slug = certificate.program.slug
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": certificate.holder_name,
            }
        ],
        "achievement": _achievement(certificate, slug),
    }
    if certificate.kind == CertificateKind.COMMITMENT:
        subject["activityStartDate"] = certificate.details["started_on"]
        subject["activityEndDate"] = certificate.details["ended_on"]
    issued_at = _utc(certificate.issued_at)
    return {
        "@context": CONTEXT,
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": subject["achievement"]["name"],
        "issuer": {
            "id": issuer_url(slug),
            "type": ["Profile"],
            "name": certificate.program_name,
        },
        "validFrom": issued_at,
        "awardedDate": issued_at,
        "credentialSubject": subject,
    }


def signed_credential(certificate: Certificate, *, verify_url: str) -> dict[str, Any]:
    """The credential with a fresh proof by the current key."""
    key = signing_key()
    return add_proof(
        unsigned_credential(certificate, verify_url=verify_url),
        private_key=key.private_key,
        verification_method=key.verification_method,
        created=_utc(timezone.now()),
        loader=bundled_document_loader(),
    )
