"""The JSON-LD contexts credentials use, served from files in the repository.

pyld fetches contexts over HTTP by default; a document loader that answers from
`certificates/contexts/` keeps signing and verifying offline and deterministic. A context
that is not bundled is an error, never a network request.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from pyld import jsonld

CONTEXTS_DIRECTORY = Path(__file__).resolve().parent / "contexts"
CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTROLLED_IDENTIFIERS_V1 = "https://www.w3.org/ns/cid/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
CONTEXT_FILES = {
    CREDENTIALS_V2: "credentials-v2.jsonld",
    OPEN_BADGES_V3: "ob-v3p0-context-3.0.3.json",
    CONTROLLED_IDENTIFIERS_V1: "cid-v1.jsonld",
    MULTIKEY_V1: "multikey-v1.jsonld",
}

DocumentLoader = Callable[[str, Any], dict[str, Any]]


@cache
def bundled_contexts() -> Mapping[str, Any]:
    return {
        url: json.loads((CONTEXTS_DIRECTORY / name).read_text(encoding="utf-8"))
        for url, name in CONTEXT_FILES.items()
    }


def document_loader_for(contexts: Mapping[str, Any]) -> DocumentLoader:
    """A pyld document loader that knows only `contexts` (URL -> parsed document)."""

    def load(url: str, options: Any = None) -> dict[str, Any]:
        if url not in contexts:
            raise jsonld.JsonLdError(
                f"The JSON-LD context {url} is not bundled with the project.",
                "jsonld.LoadDocumentError",
                code="loading document failed",
            )
        return {"contextUrl": None, "documentUrl": url, "document": contexts[url]}

    return load


def bundled_document_loader() -> DocumentLoader:
    return document_loader_for(bundled_contexts())


def canonical_nquads(document: Mapping[str, Any], *, loader: DocumentLoader | None = None) -> str:
    """RDF Dataset Canonicalization (RDFC-1.0, published earlier as URDNA2015) as N-Quads."""
    result = jsonld.normalize(
        dict(document),
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": loader or bundled_document_loader(),
        },
    )
    return str(result)
