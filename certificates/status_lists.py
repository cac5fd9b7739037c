"""Revocation anyone can check: a programme's W3C Bitstring Status List (v1.0).

Every certificate gets an entry (`statusListIndex`) in its programme's list when it is issued;
revoking sets the entry's bit. The list is published as a BitstringStatusListCredential
signed by the issuer, at a stable public URL, GZIP-compressed and base64url-encoded with the
multibase `u` prefix, in blocks of 131,072 entries (the specification's minimum, so a list
reveals little about how many certificates there are).

Entries are allocated from a counter on the list's row, locked with SELECT ... FOR UPDATE, so
concurrent issuing never hands out one twice and an entry is never reused, even when its
certificate is deleted. The n-th entry goes to a keyed permutation of n within its block, as
the specification asks (indexes assigned randomly, so that their order tells nothing). Both
writers run inside the caller's transaction, the certificate's insert or revocation, so the
list and the certificates never disagree.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from certificates.credentials import issuer_url, signed, status_list_url, utc_timestamp
from certificates.jsonld_contexts import CREDENTIALS_V2
from certificates.keys import signing_key
from certificates.models import StatusList, StatusPurpose

BLOCK = 131_072  # entries: 2**17, 16 KiB
_HALF_BITS = 9  # a balanced Feistel network over 18 bits, walked down to 17
_HALF_MASK = (1 << _HALF_BITS) - 1
_ROUNDS = 4
# How long verifiers may keep the list before fetching it again (Cache-Control and `ttl`).
REFRESH_SECONDS = 300


def _feistel(value: int, key: bytes) -> int:
    left, right = value >> _HALF_BITS, value & _HALF_MASK
    for round_number in range(_ROUNDS):
        digest = hmac.new(key, bytes([round_number]) + right.to_bytes(2, "big"), hashlib.sha256)
        left, right = right, left ^ (int.from_bytes(digest.digest()[:2], "big") & _HALF_MASK)
    return (left << _HALF_BITS) | right


def scattered_index(slot: int, key: bytes) -> int:
    """The index of the `slot`-th entry: a permutation of each block keyed by `key`.

    Never change this: stored indexes were made with it, and later slots must not meet them.
    """
    block, position = divmod(slot, BLOCK)
    value = _feistel(position, key)
    while value >= BLOCK:  # cycle-walking keeps the permutation inside the block
        value = _feistel(value, key)
    return block * BLOCK + value


def bit_is_set(bits: bytes, index: int) -> bool:
    return index // 8 < len(bits) and bool(bits[index // 8] & (0x80 >> (index % 8)))


def with_bit_set(bits: bytes, index: int) -> bytes:
    changed = bytearray(bits)
    changed[index // 8] |= 0x80 >> (index % 8)
    return bytes(changed)


def encoded_list(bits: bytes) -> str:
    """GZIP (no timestamp, so the same bits encode alike), base64url without padding, `u`."""
    compressed = gzip.compress(bits, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def new_status_list(*, program_id: int, now: datetime) -> StatusList:
    """An empty revocation list (unsaved)."""
    return StatusList(
        program_id=program_id,
        purpose=StatusPurpose.REVOCATION,
        permutation_key=secrets.token_bytes(32),
        bits=bytes(BLOCK // 8),
        changed_at=now,
    )


def _locked_list(program_id: int) -> StatusList:
    """The programme's revocation list, locked until the caller's transaction ends."""
    lists = StatusList.objects.select_for_update().filter(
        program_id=program_id, purpose=StatusPurpose.REVOCATION
    )
    found = lists.first()
    if found is None:
        try:
            with transaction.atomic():
                new_status_list(program_id=program_id, now=timezone.now()).save(force_insert=True)
        except IntegrityError:
            pass  # created by a concurrent first issue: use theirs
        found = lists.get()
    return found


def status_index_allocate(*, program_id: int) -> int:
    """The next entry of the programme's list. Call inside the issuing transaction: a rollback
    gives the slot back, a commit uses it up for good."""
    status_list = _locked_list(program_id)
    slot = status_list.allocated
    index = scattered_index(slot, bytes(status_list.permutation_key))
    status_list.allocated = slot + 1
    fields = ["allocated"]
    bits = bytes(status_list.bits)
    if index // 8 >= len(bits):  # a new block: the published list grows
        status_list.bits = bits + bytes(BLOCK // 8)
        status_list.changed_at = timezone.now()
        fields += ["bits", "changed_at"]
    status_list.save(update_fields=fields)
    return index


def status_revoke(*, program_id: int, index: int) -> None:
    """Set the entry's bit. Call inside the revoking transaction; setting it again changes
    nothing, so neither does the published list."""
    status_list = _locked_list(program_id)
    bits = bytes(status_list.bits)
    if bit_is_set(bits, index):
        return
    status_list.bits = with_bit_set(bits, index)
    status_list.changed_at = timezone.now()
    status_list.save(update_fields=["bits", "changed_at"])


def status_list_credential(status_list: StatusList, *, slug: str) -> dict[str, Any]:
    """The signed BitstringStatusListCredential: the same document until a bit changes (or
    the signing key does), dated and signed at its last change."""
    url = status_list_url(slug)
    issuer = issuer_url(slug)
    document = {
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": utc_timestamp(status_list.changed_at),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.purpose,
            "encodedList": encoded_list(bytes(status_list.bits)),
            "ttl": REFRESH_SECONDS * 1000,
        },
    }
    return signed(document, issuer_id=issuer, created=status_list.changed_at)


def status_list_etag(status_list: StatusList, *, slug: str) -> str:
    """Changes exactly when the published document does: its bits, date, key or address."""
    fingerprint = "|".join(
        [
            status_list_url(slug),
            signing_key().key_id,
            utc_timestamp(status_list.changed_at),
            hashlib.sha256(bytes(status_list.bits)).hexdigest(),
        ]
    )
    return '"' + hashlib.sha256(fingerprint.encode()).hexdigest()[:32] + '"'
