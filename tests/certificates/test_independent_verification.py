"""Every kind of credential verifies with Digital Bazaar's verifier and its default proof
purpose, its revocation status checked too: the key is the issuer's own, listed in the issuer
profile; a changed character fails; keys retired by a rotation keep verifying what they
signed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.models import Program, User
from certificates import keys
from certificates.models import Certificate, CertificateKind
from tests.certificates.certificates_cast import (
    credential_of,
    issued,
    match_of,
    of_kind,
    resident,
    trained_resident,
)
from tests.certificates.independent_verifier import (
    published,
    verify_each,
    verify_independently,
)

ISSUER = "http://127.0.0.1:8000/api/v1/issuers/warszawa/"
STATUS_LIST = f"{ISSUER}status-lists/revocation/"


def _one_of_each_kind(program: Program, coordinator: User) -> list[Certificate]:
    volunteer = trained_resident(program, "Олена Ковальчук", language="uk")
    certificates = [
        issued(volunteer, coordinator),
        issued(volunteer, coordinator, "commitment", match=match_of(volunteer)),
        issued(volunteer, coordinator, "recognition", title="Ambasadorka roku 2027"),
        # The papers of art. 44: the pairing above, with its check-ins, confirmed and opined on.
        of_kind(volunteer, coordinator, "service_confirmation"),
        of_kind(volunteer, coordinator, "opinion"),
    ]
    assert sorted(certificate.kind for certificate in certificates) == sorted(CertificateKind)
    return certificates


def test_every_kind_verifies_with_the_issuers_own_key(
    program: Program, coordinator: User, api: APIClient
) -> None:
    credentials = [
        credential_of(certificate) for certificate in _one_of_each_kind(program, coordinator)
    ]

    results = verify_each(credentials, published(api, ISSUER, STATUS_LIST))

    for credential, result in zip(credentials, results, strict=True):
        assert result["errors"] == [], credential["name"]
        assert result["verified"] is True
        assert result["status"] == {"checked": True, "revoked": False}
        assert credential["proof"][0]["verificationMethod"] == (
            f"{ISSUER}#{keys.signing_key().key_id}"
        )


@pytest.mark.parametrize(
    "change",
    [
        lambda credential: credential["credentialSubject"]["identifier"][0].update(
            identityHash="Олена Ковальчуk"  # one Cyrillic letter swapped for a Latin one
        ),
        lambda credential: credential["credentialSubject"].update(activityEndDate="2030-01-02"),
        lambda credential: credential["issuer"].update(id=ISSUER.replace("warszawa", "krakow")),
    ],
    ids=["holder's name", "end date", "issuer"],
)
def test_a_credential_changed_after_signing_fails(
    change: Callable[[dict[str, Any]], None],
    program: Program,
    coordinator: User,
    api: APIClient,
) -> None:
    volunteer = resident(program, "Олена Ковальчук")
    certificate = issued(volunteer, coordinator, "commitment", match=match_of(volunteer))
    credential = credential_of(certificate)

    change(credential)
    result = verify_independently(credential, published(api, ISSUER, STATUS_LIST))

    assert result["verified"] is False


def test_a_key_not_listed_by_the_issuer_is_refused(
    program: Program, coordinator: User, api: APIClient
) -> None:
    certificate = issued(trained_resident(program), coordinator)
    credential = credential_of(certificate)
    documents = published(api, ISSUER, STATUS_LIST)

    documents[ISSUER]["assertionMethod"] = []
    result = verify_independently(credential, documents)

    assert result["verified"] is False
    assert any("not authorized by controller" in error for error in result["errors"])


def test_a_credential_signed_before_a_key_rotation_still_verifies(
    program: Program, coordinator: User, api: APIClient
) -> None:
    certificate = issued(trained_resident(program), coordinator)
    before_rotation = credential_of(certificate)
    old_key = keys.signing_key()
    new_key = keys.seed_of(Ed25519PrivateKey.generate())

    with override_settings(
        CERTIFICATE_SIGNING_KEY=new_key, CERTIFICATE_PREVIOUS_KEYS=[old_key.key_id]
    ):
        after_rotation = credential_of(certificate)
        old_result, new_result = verify_each(
            [before_rotation, after_rotation], published(api, ISSUER, STATUS_LIST)
        )

    assert old_result["errors"] == [] and old_result["verified"] is True
    assert new_result["errors"] == [] and new_result["verified"] is True
    assert (
        after_rotation["proof"][0]["verificationMethod"]
        != (before_rotation["proof"][0]["verificationMethod"])
    )
    with override_settings(CERTIFICATE_SIGNING_KEY=new_key, CERTIFICATE_PREVIOUS_KEYS=[]):
        retired = verify_independently(before_rotation, published(api, ISSUER, STATUS_LIST))
    assert retired["verified"] is False
