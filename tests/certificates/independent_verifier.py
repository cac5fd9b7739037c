"""Credentials checked by an implementation nobody here wrote: Digital Bazaar's `@digitalbazaar/vc`
with the `eddsa-rdfc-2022` cryptosuite and `vc-bitstring-status-list`, run by Node from
`tests/verifier/` (installed by `make test` with `npm ci` from its lock file).

Offline: the verifier knows the contexts its npm packages publish; what a verifier would fetch
(the issuer profile, the status list credential) and the one context no package publishes
(Controlled Identifiers v1) are handed to it here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from rest_framework.test import APIClient

from certificates.jsonld_contexts import CONTROLLED_IDENTIFIERS_V1, bundled_contexts
from tests.requirements import unavailable

VERIFIER = Path(__file__).resolve().parents[1] / "verifier"
REQUIRED_BY = "REQUIRE_NODE_TESTS"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        unavailable(
            "this test needs Node.js 20+ and npm on PATH (Debian: nodejs npm) to run the "
            "independent credential verifier",
            required_by=REQUIRED_BY,
        )
    if not (VERIFIER / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        unavailable(
            "the independent verifier's packages are not installed: `make test` runs "
            "`npm ci` in tests/verifier",
            required_by=REQUIRED_BY,
        )
    return node


def published(api: APIClient, *urls: str) -> dict[str, Any]:
    """What a verifier would fetch at `urls` (issuer profiles, status lists), fetched through
    the API as anyone would, keyed by URL."""
    documents = {}
    for url in urls:
        response = api.get(url.removeprefix("http://127.0.0.1:8000"))
        assert response.status_code == 200, (url, response.status_code)
        documents[url] = json.loads(response.content)
    return documents


def verify_each(
    credentials: list[dict[str, Any]], documents: dict[str, Any], *, now: str | None = None
) -> list[dict[str, Any]]:
    """One {"verified": bool, "errors": [messages], "status": {"checked", "revoked"}} per
    credential, in one run of the verifier."""
    given = {CONTROLLED_IDENTIFIERS_V1: bundled_contexts()[CONTROLLED_IDENTIFIERS_V1], **documents}
    completed = subprocess.run(  # noqa: S603 - node on the repository's own script
        [_node(), str(VERIFIER / "verify.mjs")],
        input=json.dumps({"credentials": credentials, "documents": given, "now": now}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    results: list[dict[str, Any]] = json.loads(completed.stdout)
    return results


def verify_independently(
    credential: dict[str, Any], documents: dict[str, Any], *, now: str | None = None
) -> dict[str, Any]:
    [result] = verify_each([credential], documents, now=now)
    return result
