"""Two coordinators issue the same certificate at the same moment: one certificate results.

Real transactions in threads. The unique constraint decides: on PostgreSQL the second insert
waits for the first transaction, fails on the key and returns the first's row; on SQLite the
writers serialise. Neither request sees an error.
"""

from __future__ import annotations

from functools import partial

import pytest
from rest_framework.test import APIClient

from accounts.models import Notification, Program, Role, User
from certificates.models import Certificate
from tests.certificates.certificates_cast import at_once, match_of, resident, trained_resident
from tests.factories import member


def _at_once(clients: list[APIClient], body: dict[str, object]) -> list[tuple[int, dict]]:
    def issue(client: APIClient) -> tuple[int, dict]:
        response = client.post("/api/v1/certificates/", body, format="json")
        return response.status_code, response.json()

    return at_once([partial(issue, client) for client in clients])


def _clients(*users: User) -> list[APIClient]:
    clients = []
    for user in users:
        client = APIClient()
        client.force_login(user)
        clients.append(client)
    return clients


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_issuing_the_same_training_certificate_get_the_same_one(
    program: Program, coordinator: User
) -> None:
    colleague = member(program, Role.COORDINATOR, full_name="Ewa Nowak")
    volunteer = trained_resident(program)

    answers = _at_once(
        _clients(coordinator, colleague), {"volunteer": volunteer.pk, "kind": "training"}
    )

    assert sorted(status for status, _body in answers) == [200, 201]
    assert answers[0][1]["serial"] == answers[1][1]["serial"]
    assert Certificate.objects.count() == 1
    assert Notification.objects.filter(kind="certificate_issued").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_commitment_certificates_for_one_match_at_once_give_one(
    program: Program, coordinator: User
) -> None:
    colleague = member(program, Role.COORDINATOR, full_name="Ewa Nowak")
    volunteer = resident(program)
    match = match_of(volunteer)

    answers = _at_once(
        _clients(coordinator, colleague),
        {"volunteer": volunteer.pk, "kind": "commitment", "match": match.pk},
    )

    assert sorted(status for status, _body in answers) == [200, 201]
    assert Certificate.objects.filter(match=match).count() == 1
