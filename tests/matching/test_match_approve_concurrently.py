"""Two coordinators approve the volunteer's last free place at the same moment.

Runs on real transactions in threads: on PostgreSQL the volunteer's row lock makes the
second approval wait and then see the first; on SQLite the writers serialise.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import Program, Role, User
from matching.models import Match
from tests.factories import member
from tests.matching.matches_cast import open_request, proposed, ready_volunteer


@pytest.mark.django_db(transaction=True)
def test_two_approvals_of_the_last_free_place_at_once_give_one_success_and_one_conflict(
    program: Program, coordinator: User
) -> None:
    colleague = member(program, Role.COORDINATOR, full_name="Ewa Nowak")
    volunteer = ready_volunteer(program, capacity=2)
    first = proposed(open_request(program, "Olena"), volunteer, coordinator)
    second = proposed(open_request(program, "Andrii"), volunteer, coordinator)
    volunteer.active_matches = 1
    volunteer.save()
    clients = []
    for user in (coordinator, colleague):
        client = APIClient()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(2, timeout=30)
    answers: dict[int, int] = {}

    def approve(client: APIClient, match: Match) -> None:
        try:
            barrier.wait()
            answers[match.pk] = client.post(f"/api/v1/matches/{match.pk}/approve/").status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=(clients[0], first)),
        threading.Thread(target=approve, args=(clients[1], second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(answers.values()) == [200, 409]
    assert Match.objects.filter(status="active").count() == 1
    assert Match.objects.filter(status="proposed").count() == 1
    volunteer.refresh_from_db()
    assert volunteer.active_matches == volunteer.capacity == 2
