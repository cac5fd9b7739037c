"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C Data Integrity EdDSA
Cryptosuites v1.0, section 3.3).

To sign: the proof configuration (the proof without `proofValue`, with the document's
`@context`) and the document without its proof are each canonicalised with RDFC-1.0 and hashed
with SHA-256; the Ed25519 signature over hash(proof configuration) + hash(document), in
base58btc multibase, is the `proofValue`. Contexts come from the bundled document loader.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates.jsonld_contexts import DocumentLoader, canonical_nquads
from certificates.keys import base58btc_encode

CRYPTOSUITE = "eddsa-rdfc-2022"


def hash_data(
    document: Mapping[str, Any], proof_configuration: Mapping[str, Any], *, loader: DocumentLoader
) -> bytes:
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    configuration = {
        **{key: value for key, value in proof_configuration.items() if key != "proofValue"},
        "@context": document["@context"],
    }
    configuration_hash = hashlib.sha256(
        canonical_nquads(configuration, loader=loader).encode()
    ).digest()
    document_hash = hashlib.sha256(canonical_nquads(unsecured, loader=loader).encode()).digest()
    return configuration_hash + document_hash


def proof_value(
    document: Mapping[str, Any],
    proof_configuration: Mapping[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    loader: DocumentLoader,
) -> str:
    signature = private_key.sign(hash_data(document, proof_configuration, loader=loader))
    return "z" + base58btc_encode(signature)


def add_proof(
    document: Mapping[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    loader: DocumentLoader,
) -> dict[str, Any]:
    """The document with an `eddsa-rdfc-2022` DataIntegrityProof for `assertionMethod`, as
    a one-item `proof` array (Open Badges 3.0 requires the array form)."""
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    proof["proofValue"] = proof_value(document, proof, private_key=private_key, loader=loader)
    return {**document, "proof": [proof]}
