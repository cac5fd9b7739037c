"""GET /api/v1/certificates/{id}/credential/: an Open Badges 3.0 Verifiable Credential with an
`eddsa-rdfc-2022` Data Integrity proof, checked against the W3C specification's test vector
and by a verifier written here, independent of the signing code."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld import jsonld
from rest_framework.test import APIClient

from accounts.models import Program, User
from certificates import data_integrity, jsonld_contexts, keys
from certificates.services import certificate_revoke, verify_url_of
from tests.certificates.certificates_cast import issued, match_of, resident, trained_resident
from tests.clients import signed_in

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONTEXT_FILES = Path(__file__).resolve().parents[2] / "certificates" / "contexts"
VECTOR = json.loads((FIXTURES / "eddsa_rdfc_2022_vector.json").read_text(encoding="utf-8"))
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


# A verifier written from the specification (Data Integrity EdDSA Cryptosuites v1.0, 3.3.2):
# its own context loader over the files, canonicalisation, hashing and Ed25519.


def _context_loader(url: str, options: Any = None) -> dict[str, Any]:
    files = {
        "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
        "https://www.w3.org/ns/cid/v1": "cid-v1.jsonld",
        "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    }
    document = json.loads((CONTEXT_FILES / files[url]).read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def _base58_decode(text: str) -> bytes:
    """Each leading "1" is a zero byte: one signature in 256 starts with one (forgetting it
    made this verifier reject a valid credential now and then)."""
    number = 0
    for character in text:
        number = number * 58 + BASE58.index(character)
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")


def test_the_verifiers_base58_keeps_leading_zero_bytes() -> None:
    for data in (b"\0" + bytes(range(1, 64)), b"\0\0\x01", bytes(range(64))):
        assert _base58_decode(keys.base58btc_encode(data)) == data


def _canonical(document: dict[str, Any]) -> bytes:
    options = {"algorithm": "URDNA2015", "format": "application/n-quads"}
    nquads = jsonld.normalize(document, {**options, "documentLoader": _context_loader})
    return str(nquads).encode()


def _independently_verified(credential: dict[str, Any], profile: dict[str, Any]) -> bool:
    """The proof checks out with a key the issuer's profile lists as its own."""
    [proof] = [dict(item) for item in credential["proof"]]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    signature = _base58_decode(proof.pop("proofValue")[1:])
    issuer = credential["issuer"]["id"]
    assert profile["id"] == issuer
    assert proof["verificationMethod"] in profile["assertionMethod"]
    [method] = [m for m in profile["verificationMethod"] if m["id"] == proof["verificationMethod"]]
    assert method["controller"] == issuer
    raw_key = _base58_decode(method["publicKeyMultibase"][1:])
    assert raw_key[:2] == b"\xed\x01"  # multicodec ed25519-pub
    public_key = Ed25519PublicKey.from_public_bytes(raw_key[2:])
    unsecured = {key: value for key, value in credential.items() if key != "proof"}
    configuration = {**proof, "@context": credential["@context"]}
    data = (
        hashlib.sha256(_canonical(configuration)).digest()
        + hashlib.sha256(_canonical(unsecured)).digest()
    )
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def test_the_signer_reproduces_the_specifications_test_vector() -> None:
    contexts = {
        **jsonld_contexts.bundled_contexts(),
        VECTOR["examplesContext"]["url"]: VECTOR["examplesContext"]["document"],
    }
    loader = jsonld_contexts.document_loader_for(contexts)
    private_key = keys.private_key_from_multikey(VECTOR["keyPair"]["privateKeyMultibase"])

    signed = data_integrity.add_proof(
        VECTOR["unsigned"],
        private_key=private_key,
        verification_method=VECTOR["proofConfiguration"]["verificationMethod"],
        created=VECTOR["proofConfiguration"]["created"],
        loader=loader,
    )

    assert keys.multikey_of(private_key.public_key()) == VECTOR["keyPair"]["publicKeyMultibase"]
    assert signed["proof"] == [{**VECTOR["proofConfiguration"], "proofValue": VECTOR["proofValue"]}]


def test_the_canonical_proof_configuration_matches_the_specification() -> None:
    configuration = {**VECTOR["proofConfiguration"], "@context": VECTOR["unsigned"]["@context"]}
    loader = jsonld_contexts.document_loader_for(
        {
            **jsonld_contexts.bundled_contexts(),
            VECTOR["examplesContext"]["url"]: VECTOR["examplesContext"]["document"],
        }
    )

    assert (
        jsonld_contexts.canonical_nquads(configuration, loader=loader)
        == (VECTOR["canonicalProofConfiguration"])
    )


def test_the_holder_gets_an_open_badge_that_an_independent_verifier_accepts(
    program: Program, coordinator: User, api: APIClient
) -> None:
    volunteer = trained_resident(program, "Олена Ковальчук", language="uk")
    certificate = issued(volunteer, coordinator)

    response = signed_in(volunteer.user, language="en").get(
        f"/api/v1/certificates/{certificate.pk}/credential/"
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    credential = response.json()
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == verify_url_of(certificate)
    assert credential["issuer"]["id"] == "http://127.0.0.1:8000/api/v1/issuers/warszawa/"
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["identityHash"] == "Олена Ковальчук"
    assert subject["achievement"]["achievementType"] == "CertificateOfCompletion"
    assert _independently_verified(credential, api.get("/api/v1/issuers/warszawa/").json())


def test_a_credential_changed_after_signing_fails_independent_verification(
    program: Program, coordinator: User, api: APIClient
) -> None:
    volunteer = resident(program)
    certificate = issued(volunteer, coordinator, "commitment", match=match_of(volunteer))
    credential = (
        signed_in(volunteer.user, language="en")
        .get(f"/api/v1/certificates/{certificate.pk}/credential/")
        .json()
    )

    credential["credentialSubject"]["activityEndDate"] = "2030-01-01"

    assert not _independently_verified(credential, api.get("/api/v1/issuers/warszawa/").json())


def test_every_claim_of_the_credential_is_signed_none_dropped_by_json_ld(
    program: Program, coordinator: User
) -> None:
    volunteer = resident(program)
    certificate = issued(volunteer, coordinator, "recognition", title="Ambasador roku 2027")
    credential = (
        signed_in(volunteer.user, language="en")
        .get(f"/api/v1/certificates/{certificate.pk}/credential/")
        .json()
    )

    nquads = _canonical({key: value for key, value in credential.items() if key != "proof"})

    for text in ("Ambasador roku 2027", "Zażółć Gęślą", "Award", "Ambasadorzy Powitania"):
        assert text.encode() in nquads
    assert b"issuer-dependent" not in nquads  # no term fell through to @vocab


def test_the_issuer_profile_is_public_and_controls_the_signing_key(
    program: Program, coordinator: User, api: APIClient
) -> None:
    response = api.get("/api/v1/issuers/warszawa/")

    assert response.status_code == 200
    profile = response.json()
    issuer = "http://127.0.0.1:8000/api/v1/issuers/warszawa/"
    key_id = keys.signing_key().key_id
    assert profile["id"] == issuer
    assert profile["type"] == ["Profile"]
    assert profile["name"] == "Ambasadorzy Powitania Warszawa"
    assert profile["verificationMethod"] == [
        {
            "id": f"{issuer}#{key_id}",
            "type": "Multikey",
            "controller": issuer,
            "publicKeyMultibase": key_id,
        }
    ]
    assert profile["assertionMethod"] == [f"{issuer}#{key_id}"]
    assert api.get("/api/v1/issuers/nowhere/").status_code == 404


def test_every_term_of_the_issuer_profile_is_defined_by_its_contexts(
    program: Program, api: APIClient
) -> None:
    profile = api.get("/api/v1/issuers/warszawa/").json()

    nquads = _canonical(profile).decode()

    issuer = "<http://127.0.0.1:8000/api/v1/issuers/warszawa/>"
    key = f"<http://127.0.0.1:8000/api/v1/issuers/warszawa/#{keys.signing_key().key_id}>"
    assert f"{issuer} <https://w3id.org/security#assertionMethod> {key} ." in nquads
    assert f"{key} <https://w3id.org/security#controller> {issuer} ." in nquads
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    assert f"{key} {rdf_type} <https://w3id.org/security#Multikey> ." in nquads
    assert "issuer-dependent" not in nquads  # no term fell through to @vocab


def test_a_revoked_certificate_gets_no_fresh_credential(
    program: Program, coordinator: User
) -> None:
    volunteer = trained_resident(program)
    certificate = issued(volunteer, coordinator)
    certificate_revoke(certificate=certificate, reason="Pomyłka", by=coordinator)

    response = signed_in(volunteer.user, language="en").get(
        f"/api/v1/certificates/{certificate.pk}/credential/"
    )

    assert response.status_code == 409


def test_contexts_come_only_from_the_bundle_never_the_network() -> None:
    loader = jsonld_contexts.bundled_document_loader()

    with pytest.raises(jsonld.JsonLdError):
        loader("https://example.org/some-context.jsonld", {})
