"""The signature over a certificate's content, and checking it.

The signed bytes are a prefix naming this format and the certificate's printed content as
canonical JSON (sorted keys, no spaces, UTF-8): serial, kind, programme, holder, what was
achieved, issuer, issue date and the signing key's id. Revocation is a later state, not
content, so it is not signed; verification reports it separately.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from certificates.keys import signature_is_valid, signing_key
from certificates.models import Certificate

SIGNED_FORMAT = b"welcome-ambassador certificate v1\n"


def signed_content(certificate: Certificate) -> dict[str, Any]:
    return {
        "serial": certificate.serial,
        "kind": certificate.kind,
        "program": certificate.program_id,
        "volunteer": certificate.volunteer_id,
        "subject_key": certificate.subject_key,
        "holder_name": certificate.holder_name,
        "program_name": certificate.program_name,
        "program_city": certificate.program_city,
        "title": certificate.title,
        "details": certificate.details,
        "issuer_name": certificate.issuer_name,
        "issued_on": certificate.issued_on.isoformat(),
        "key_id": certificate.key_id,
    }


def signed_bytes(certificate: Certificate) -> bytes:
    content = json.dumps(
        signed_content(certificate), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return SIGNED_FORMAT + content.encode()


def certificate_sign(certificate: Certificate) -> None:
    """Set `key_id` and `signature` with the current key (the row is not saved here)."""
    key = signing_key()
    certificate.key_id = key.key_id
    signature = key.sign(signed_bytes(certificate))
    certificate.signature = base64.urlsafe_b64encode(signature).decode().rstrip("=")


def certificate_signature_is_valid(certificate: Certificate) -> bool:
    """The stored signature matches the stored content, by a key this deployment trusts."""
    try:
        signature = base64.urlsafe_b64decode(certificate.signature + "==")
    except (binascii.Error, ValueError):
        return False
    return signature_is_valid(
        key_id=certificate.key_id, signature=signature, data=signed_bytes(certificate)
    )
