"""Who may do what with certificates, per endpoint and role. Coordinators of the programme
issue and revoke; the holder reads their own; everyone else (the outsider coordinator of
another programme included) finds no such certificate."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Program, Role, User
from certificates.models import Certificate
from tests.certificates.certificates_cast import issued, resident, trained_resident
from tests.clients import signed_in
from tests.factories import member

READS = ["/api/v1/certificates/{pk}/", "/api/v1/certificates/{pk}/pdf/",
         "/api/v1/certificates/{pk}/credential/"]  # fmt: skip


@pytest.fixture
def certificate(program: Program, coordinator: User) -> Certificate:
    return issued(trained_resident(program), coordinator)


@pytest.mark.parametrize("path", READS)
def test_the_holder_and_the_programmes_coordinator_read_a_certificate(
    certificate: Certificate, coordinator: User, path: str
) -> None:
    holder = certificate.volunteer.user

    assert signed_in(holder, language="en").get(path.format(pk=certificate.pk)).status_code == 200
    assert (
        signed_in(coordinator, language="en").get(path.format(pk=certificate.pk)).status_code == 200
    )


@pytest.mark.parametrize("path", READS)
def test_nobody_else_finds_the_certificate(
    certificate: Certificate,
    program: Program,
    outsider: User,
    newcomer: User,
    path: str,
) -> None:
    another_volunteer = resident(program, "Jan Nowak").user

    for user in (outsider, another_volunteer, newcomer):
        assert signed_in(user, language="en").get(path.format(pk=certificate.pk)).status_code == 404


@pytest.mark.parametrize("path", READS)
def test_anonymous_callers_must_sign_in(
    certificate: Certificate, api: APIClient, path: str
) -> None:
    assert api.get(path.format(pk=certificate.pk)).status_code == 401


def test_the_list_shows_coordinators_their_programme_and_volunteers_their_own(
    certificate: Certificate,
    program: Program,
    coordinator: User,
    outsider: User,
) -> None:
    other = issued(trained_resident(program, "Jan Nowak"), coordinator)

    def ids(user: User) -> list[int]:
        return [
            row["id"]
            for row in signed_in(user, language="en").get("/api/v1/certificates/").json()["results"]
        ]

    assert sorted(ids(coordinator)) == sorted([certificate.pk, other.pk])
    assert ids(certificate.volunteer.user) == [certificate.pk]
    assert ids(outsider) == []


def test_only_coordinators_issue(program: Program, api: APIClient) -> None:
    volunteer = trained_resident(program)
    body = {"volunteer": volunteer.pk, "kind": "training"}

    assert (
        signed_in(volunteer.user, language="en").post("/api/v1/certificates/", body).status_code
        == 403
    )
    assert api.post("/api/v1/certificates/", body).status_code == 401
    assert not Certificate.objects.exists()


def test_the_outsider_cannot_issue_to_another_programmes_volunteer(
    program: Program, outsider: User
) -> None:
    volunteer = trained_resident(program)

    response = signed_in(outsider, language="en").post(
        "/api/v1/certificates/", {"volunteer": volunteer.pk, "kind": "training"}
    )

    assert response.status_code == 400
    assert list(response.json()) == ["volunteer"]
    assert not Certificate.objects.exists()


def test_only_the_programmes_coordinators_revoke(
    certificate: Certificate, program: Program, outsider: User, api: APIClient
) -> None:
    path = f"/api/v1/certificates/{certificate.pk}/revoke/"
    body = {"reason": "Pomyłka"}

    assert signed_in(certificate.volunteer.user, language="en").post(path, body).status_code == 403
    assert signed_in(outsider, language="en").post(path, body).status_code == 404
    assert api.post(path, body).status_code == 401
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_a_coordinator_of_both_programmes_reads_both(
    certificate: Certificate, other_program: Program
) -> None:
    both = member(other_program, Role.COORDINATOR, full_name="Maria Wójcik")
    member_of_first = certificate.program.memberships.create(user=both, role=Role.COORDINATOR)

    response = signed_in(both, language="en").get(f"/api/v1/certificates/{certificate.pk}/")

    assert member_of_first.pk
    assert response.status_code == 200


def test_a_token_caller_is_scoped_like_a_session(
    certificate: Certificate, outsider: User, api: APIClient
) -> None:
    from tests.factories import TEST_PASSWORD

    token = api.post(
        "/api/v1/auth/token/", {"email": outsider.email, "password": TEST_PASSWORD}
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert api.get(f"/api/v1/certificates/{certificate.pk}/").status_code == 404
    assert api.get("/api/v1/certificates/").json()["count"] == 0
