"""Revocation anyone can check: every credential points at its programme's W3C Bitstring Status
List, published at a stable public URL; revoking sets the certificate's bit, and Digital
Bazaar's status check reports a copy saved before the revocation as revoked."""

from __future__ import annotations

import base64
import gzip
import json
from functools import partial
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import Program, Role, User
from certificates.models import Certificate, StatusList
from certificates.services import certificate_revoke
from certificates.status_lists import BLOCK, bit_is_set, scattered_index
from tests.certificates.certificates_cast import (
    at_once,
    credential_of,
    issued,
    match_of,
    resident,
    trained_resident,
)
from tests.certificates.independent_verifier import published, verify_independently
from tests.factories import member
from tests.requirements import require_postgresql

ISSUER = "http://127.0.0.1:8000/api/v1/issuers/warszawa/"
STATUS_LIST = f"{ISSUER}status-lists/revocation/"


def _index(certificate: Certificate) -> int:
    assert certificate.status_index is not None
    return certificate.status_index


def _decoded(status_list_credential: dict[str, Any]) -> bytes:
    encoded_list = status_list_credential["credentialSubject"]["encodedList"]
    prefix, encoded = encoded_list[:1], encoded_list[1:]
    assert prefix == "u"  # multibase base64url, no padding
    return gzip.decompress(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))


def _list(api: APIClient, **headers: str) -> Any:
    return api.get("/api/v1/issuers/warszawa/status-lists/revocation/", headers=headers)


def test_a_credential_names_its_entry_in_the_programmes_revocation_list(
    program: Program, coordinator: User
) -> None:
    certificate = issued(trained_resident(program), coordinator)

    credential = credential_of(certificate)

    assert credential["credentialStatus"] == {
        "id": f"{STATUS_LIST}#{certificate.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(certificate.status_index),
        "statusListCredential": STATUS_LIST,
    }


def test_the_list_is_public_signed_and_verifiers_may_keep_it_five_minutes(
    program: Program, coordinator: User, api: APIClient
) -> None:
    issued(trained_resident(program), coordinator)

    response = _list(api)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"].startswith('"')
    document = json.loads(response.content)
    assert document["id"] == STATUS_LIST
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["issuer"] == ISSUER
    assert document["credentialSubject"]["type"] == "BitstringStatusList"
    assert document["credentialSubject"]["statusPurpose"] == "revocation"
    assert document["credentialSubject"]["ttl"] == 300_000
    assert _decoded(document) == bytes(BLOCK // 8)  # 131,072 entries, none revoked
    assert document["proof"][0]["verificationMethod"].startswith(f"{ISSUER}#")


def test_an_unchanged_list_answers_a_conditional_request_with_304(
    program: Program, coordinator: User, api: APIClient
) -> None:
    issued(trained_resident(program), coordinator)
    first = _list(api)

    again = _list(api, **{"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=300"
    assert _list(api).content == first.content  # the same document, the same signature


def test_revoking_sets_the_certificates_bit_and_changes_the_list(
    program: Program, coordinator: User, api: APIClient
) -> None:
    volunteer = trained_resident(program)
    kept = issued(volunteer, coordinator)
    revoked = issued(volunteer, coordinator, "recognition", title="Ambasador roku")
    before = _list(api)

    certificate_revoke(certificate=revoked, reason="Wydane przez pomyłkę", by=coordinator)
    after = _list(api, **{"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    bits = _decoded(json.loads(after.content))
    assert bit_is_set(bits, _index(revoked))
    assert not bit_is_set(bits, _index(kept))
    assert sum(bin(byte).count("1") for byte in bits) == 1


def test_a_copy_saved_before_revocation_is_reported_revoked_by_an_independent_status_check(
    program: Program, coordinator: User, api: APIClient
) -> None:
    volunteer = resident(program, "Олена Ковальчук", language="uk")
    certificate = issued(volunteer, coordinator, "commitment", match=match_of(volunteer))
    saved_copy = credential_of(certificate)
    before = verify_independently(saved_copy, published(api, ISSUER, STATUS_LIST))

    certificate_revoke(certificate=certificate, reason="Wydane przez pomyłkę", by=coordinator)
    after = verify_independently(saved_copy, published(api, ISSUER, STATUS_LIST))

    assert before["status"] == {"checked": True, "revoked": False}
    assert after["status"] == {"checked": True, "revoked": True}
    assert after["errors"] == []  # the signature is fine: the credential is revoked
    verification = api.get(f"/api/v1/verify/{certificate.serial_display}/").json()
    assert verification["status"] == "revoked"
    page = api.get(f"/verify/{certificate.serial_display}/")
    assert "revoked" in page.content.decode().lower()


def test_a_status_list_that_was_tampered_with_fails_the_independent_check(
    program: Program, coordinator: User, api: APIClient
) -> None:
    certificate = issued(trained_resident(program), coordinator)
    saved_copy = credential_of(certificate)
    certificate_revoke(certificate=certificate, reason="Wydane przez pomyłkę", by=coordinator)
    documents = published(api, ISSUER, STATUS_LIST)

    forged = base64.urlsafe_b64encode(gzip.compress(bytes(BLOCK // 8))).decode().rstrip("=")
    documents[STATUS_LIST]["credentialSubject"]["encodedList"] = "u" + forged
    result = verify_independently(saved_copy, documents)

    assert result["verified"] is False
    assert result["status"]["checked"] is False


def test_every_certificate_gets_its_own_entry_and_a_deleted_ones_is_never_given_again(
    program: Program, coordinator: User
) -> None:
    volunteer = trained_resident(program)
    first = issued(volunteer, coordinator, "recognition", title="Pierwsza")
    second = issued(volunteer, coordinator, "recognition", title="Druga")
    deleted_index = second.status_index
    second.delete()

    third = issued(volunteer, coordinator, "recognition", title="Trzecia")

    key = bytes(StatusList.objects.get(program=program).permutation_key)
    assert [first.status_index, deleted_index, third.status_index] == [
        scattered_index(slot, key) for slot in range(3)
    ]
    assert StatusList.objects.get(program=program).allocated == 3


def test_a_certificate_the_previous_release_issued_gets_its_entry_when_first_needed(
    program: Program, coordinator: User, api: APIClient
) -> None:
    volunteer = trained_resident(program)
    issued(volunteer, coordinator, "recognition", title="Pierwsza")
    during_upgrade = issued(volunteer, coordinator)
    Certificate.objects.filter(pk=during_upgrade.pk).update(status_index=None)
    untouched = issued(volunteer, coordinator, "recognition", title="Druga")
    Certificate.objects.filter(pk=untouched.pk).update(status_index=None)

    credential = credential_of(during_upgrade)
    certificate_revoke(certificate=untouched, reason="Wydane przez pomyłkę", by=coordinator)

    during_upgrade.refresh_from_db()
    untouched.refresh_from_db()
    assert credential["credentialStatus"]["statusListIndex"] == str(during_upgrade.status_index)
    indexes = set(Certificate.objects.values_list("status_index", flat=True))
    assert None not in indexes and len(indexes) == 3
    bits = _decoded(json.loads(_list(api).content))
    assert bit_is_set(bits, _index(untouched))
    assert not bit_is_set(bits, _index(during_upgrade))


def test_indexes_are_scattered_across_the_block_not_handed_out_in_order() -> None:
    key = bytes(range(32))

    indexes = [scattered_index(slot, key) for slot in range(5_000)]

    assert len(set(indexes)) == 5_000
    assert all(0 <= index < BLOCK for index in indexes)
    assert indexes != sorted(indexes)
    assert max(indexes[:100]) > BLOCK // 2  # the first hundred are not bunched at the start
    assert BLOCK <= scattered_index(BLOCK, key) < 2 * BLOCK  # the next block


def test_the_list_grows_by_a_block_when_one_is_used_up(
    program: Program, coordinator: User, api: APIClient
) -> None:
    volunteer = trained_resident(program)
    issued(volunteer, coordinator, "recognition", title="Pierwsza")
    StatusList.objects.filter(program=program).update(allocated=BLOCK)

    beyond = issued(volunteer, coordinator, "recognition", title="Druga")
    certificate_revoke(certificate=beyond, reason="Wydane przez pomyłkę", by=coordinator)

    assert BLOCK <= _index(beyond) < 2 * BLOCK
    bits = _decoded(json.loads(_list(api).content))
    assert len(bits) == 2 * BLOCK // 8
    assert bit_is_set(bits, _index(beyond))


def test_each_programme_has_its_own_list_and_an_unknown_one_has_none(
    program: Program, other_program: Program, coordinator: User, api: APIClient
) -> None:
    issued(trained_resident(program), coordinator)

    assert _list(api).status_code == 200
    other = api.get(f"/api/v1/issuers/{other_program.slug}/status-lists/revocation/")
    assert other.status_code == 404  # nothing issued there yet
    assert api.get("/api/v1/issuers/nowhere/status-lists/revocation/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_coordinators_issuing_at_once_never_share_an_entry(
    program: Program, coordinator: User
) -> None:
    coordinators = [coordinator] + [
        member(program, Role.COORDINATOR, full_name=f"Koordynator {number}") for number in range(3)
    ]
    volunteers = [trained_resident(program, f"Wolontariusz {number}") for number in range(4)]

    at_once(
        [
            partial(issued, volunteer, by)
            for by, volunteer in zip(coordinators, volunteers, strict=True)
        ]
    )

    indexes = list(Certificate.objects.values_list("status_index", flat=True))
    assert len(indexes) == 4
    assert len(set(indexes)) == 4
    assert StatusList.objects.get(program=program).allocated == 4


@pytest.mark.django_db(transaction=True)
def test_revocations_at_once_all_reach_the_list(program: Program, coordinator: User) -> None:
    require_postgresql(
        "SQLite runs writers one after the other (it has no row locks), so the race cannot happen"
    )
    volunteer = trained_resident(program)
    certificates = [
        issued(volunteer, coordinator, "recognition", title=f"Wyróżnienie {number}")
        for number in range(4)
    ]

    at_once(
        [
            partial(
                certificate_revoke,
                certificate=certificate,
                reason="Wydane przez pomyłkę",
                by=coordinator,
            )
            for certificate in certificates
        ]
    )

    bits = bytes(StatusList.objects.get(program=program).bits)
    assert all(bit_is_set(bits, _index(certificate)) for certificate in certificates)
