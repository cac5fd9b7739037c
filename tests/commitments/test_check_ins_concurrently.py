"""Two check-ins of one match logged at the same moment, one of them older.

Runs on real transactions in threads: on PostgreSQL the match row's lock makes the second
check-in wait and then see the first; on SQLite the writers serialise. Either way the last
check-in never moves backwards.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import Program, User
from commitments.models import CheckIn
from tests.matching.matches_cast import active, open_request, ready_volunteer, today


@pytest.mark.django_db(transaction=True)
def test_two_check_ins_at_once_keep_the_newest_date(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    started_on = today() - timedelta(days=20)
    match = active(
        open_request(program, user=newcomer),
        ready_volunteer(program, user=volunteer),
        coordinator,
        started_on=started_on,
    )
    barrier = threading.Barrier(2, timeout=30)
    answers: list[int] = []

    # Signed in before the race: SQLite cannot write two sessions at the same moment.
    clients = {}
    for user in (volunteer, newcomer):
        clients[user.pk] = APIClient()
        clients[user.pk].force_login(user)

    def log(user: User, day: str) -> None:
        client = clients[user.pk]
        try:
            barrier.wait()
            response = client.post(
                f"/api/v1/matches/{match.pk}/check-ins/",
                {"date": day, "duration_minutes": 60, "topics": []},
            )
            answers.append(response.status_code)
        finally:
            connection.close()

    newest = today().isoformat()
    older = (today() - timedelta(days=10)).isoformat()
    threads = [
        threading.Thread(target=log, args=(volunteer, newest)),
        threading.Thread(target=log, args=(newcomer, older)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert answers == [201, 201]
    assert CheckIn.objects.count() == 2
    match.refresh_from_db()
    assert (match.last_check_in_on, match.health) == (today(), "on_track")
