"""A certificate as an Open Badges 3.0 credential (a W3C Verifiable Credential, JSON-LD),
secured with an `eddsa-rdfc-2022` Data Integrity proof by the deployment's key.

The issuer is the programme, whose Profile is published at a stable URL
(`/api/v1/issuers/<slug>/`). The proof's verification method is a key under the issuer's id,
`<issuer URL>#<key id>`: the profile lists the current and the previous keys as Multikeys the
issuer controls, and names them in `assertionMethod`, so a verifier holding the profile finds
the key, checks that its controller is the issuer, and that the issuer asserts with it.
The credential's `id` is the certificate's public verification URL, where revocation shows;
its `credentialStatus` points at the programme's revocation list (`certificates.status_lists`),
where anyone holding a copy can check it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from accounts.models import Program
from certificates.data_integrity import add_proof
from certificates.jsonld_contexts import (
    CONTROLLED_IDENTIFIERS_V1,
    CREDENTIALS_V2,
    MULTIKEY_V1,
    OPEN_BADGES_V3,
    bundled_document_loader,
)
from certificates.keys import multikey_of, signing_key, trusted_public_keys
from certificates.kinds import kind_of
from certificates.models import Certificate, StatusPurpose
from core.languages import reader_language
from core.links import site_url

CONTEXT = [CREDENTIALS_V2, OPEN_BADGES_V3]
# The profile also holds keys: Controlled Identifiers defines `assertionMethod`,
# `verificationMethod` and `controller`; Multikey is the context key libraries expect of a key.
PROFILE_CONTEXT = [*CONTEXT, CONTROLLED_IDENTIFIERS_V1, MULTIKEY_V1]


def utc_timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_url(slug: str) -> str:
    return site_url("certificate-issuer", slug)


def status_list_url(slug: str) -> str:
    """Where the programme's revocation status list credential is published."""
    return site_url("certificate-status-list", slug)


def status_entry(certificate: Certificate) -> dict[str, Any]:
    """The certificate's `credentialStatus`: its bit in the programme's revocation list
    (`services.certificate_status_index_ensure` gives one to a certificate without)."""
    if certificate.status_index is None:
        raise ValueError(f"Certificate {certificate.pk} has no status list entry yet.")
    url = status_list_url(certificate.program.slug)
    return {
        "id": f"{url}#{certificate.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": StatusPurpose.REVOCATION.value,
        "statusListIndex": str(certificate.status_index),
        "statusListCredential": url,
    }


def verification_method_of(issuer_id: str, key_id: str) -> str:
    """The id of a key the issuer controls: the key id as a fragment of the issuer's id."""
    return f"{issuer_id}#{key_id}"


def issuer_profile(program: Program) -> dict[str, Any]:
    """The programme as an Open Badges issuer Profile that controls the keys its credentials
    are signed with: the current key and the previous ones, so older proofs keep verifying."""
    url = issuer_url(program.slug)
    keys = [
        {
            "id": verification_method_of(url, key_id),
            "type": "Multikey",
            "controller": url,
            "publicKeyMultibase": multikey_of(public_key),
        }
        for key_id, public_key in trusted_public_keys().items()
    ]
    return {
        "@context": PROFILE_CONTEXT,
        "id": url,
        "type": ["Profile"],
        "name": program.name,
        "url": settings.SITE_URL + "/",
        "address": {"type": ["Address"], "addressLocality": program.city, "addressCountry": "PL"},
        "verificationMethod": keys,
        "assertionMethod": [key["id"] for key in keys],
    }


def _holder_language(certificate: Certificate) -> str:
    return reader_language(certificate.volunteer.user.preferred_language)


def _achievement(certificate: Certificate) -> dict[str, Any]:
    """The achievement in Polish, the programme's language; its description also in the
    holder's language when that is another."""
    kind = kind_of(certificate)
    descriptions = []
    for language in dict.fromkeys(["pl", _holder_language(certificate)]):
        with translation.override(language):
            descriptions.append(kind.description(certificate, language))
    with translation.override("pl"):
        return {
            "id": f"{issuer_url(certificate.program.slug)}#{kind.anchor(certificate)}",
            "type": ["Achievement"],
            "achievementType": kind.achievement_type,
            "name": kind.name(certificate),
            "description": "\n\n".join(descriptions),
            "criteria": {"narrative": kind.criteria()},
            "inLanguage": "pl",
        }


def unsigned_credential(certificate: Certificate, *, verify_url: str) -> dict[str, Any]:
    achievement = _achievement(certificate)
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
        "achievement": achievement,
        **kind_of(certificate).subject_fields(certificate),
    }
    issued_at = utc_timestamp(certificate.issued_at)
    return {
        "@context": CONTEXT,
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement["name"],
        "issuer": {
            "id": issuer_url(certificate.program.slug),
            "type": ["Profile"],
            "name": certificate.program_name,
        },
        "validFrom": issued_at,
        "awardedDate": issued_at,
        "credentialSubject": subject,
        "credentialStatus": status_entry(certificate),
    }


def signed(
    document: dict[str, Any], *, issuer_id: str, created: datetime | None = None
) -> dict[str, Any]:
    """`document` with a proof by the current key, as a key the issuer controls, made at
    `created` (now unless given: Ed25519 is deterministic, so the same inputs sign alike)."""
    key = signing_key()
    return add_proof(
        document,
        private_key=key.private_key,
        verification_method=verification_method_of(issuer_id, key.key_id),
        created=utc_timestamp(created or timezone.now()),
        loader=bundled_document_loader(),
    )


def signed_credential(certificate: Certificate, *, verify_url: str) -> dict[str, Any]:
    """The credential with a fresh proof by the current key."""
    return signed(
        unsigned_credential(certificate, verify_url=verify_url),
        issuer_id=issuer_url(certificate.program.slug),
    )
