"""The sweep run twice, at once, or cut short: nothing is stored or sent twice, nothing is
lost, and its queries do not grow with the number of matches."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import commitments.sweep
from accounts.models import Notification, Program
from commitments.sweep import QUIET, chunk_process, commitments_sweep
from matching.models import Match, MatchHealth
from tests.commitments.sweep_cast import inbox, keys, running_match, sweep
from tests.requirements import require_postgresql


@pytest.mark.django_db
def test_a_chunk_delivered_twice_does_its_work_once(program: Program) -> None:
    match = running_match(program, started_on=date(2027, 3, 1))

    first = chunk_process(
        kind=QUIET, program=program, match_ids=[match.pk], as_of=date(2027, 3, 22)
    )
    second = chunk_process(
        kind=QUIET, program=program, match_ids=[match.pk], as_of=date(2027, 3, 22)
    )

    assert (first.reminded, first.notifications) == (1, 2)
    assert (second.reminded, second.notifications) == (0, 0)
    assert len(keys("match_reminder")) == 2


@pytest.mark.django_db
def test_a_sweep_cut_short_mid_chunk_is_finished_by_the_next_one_without_duplicates(
    program: Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(4):
        running_match(program, started_on=date(2027, 3, 1), newcomer_name=f"Newcomer {number}")
    store = commitments.sweep.notifications_queue_many
    calls = []

    def dies_on_the_second_chunk(items: Any) -> list[int]:
        calls.append(1)
        if len(calls) == 2:
            raise SystemExit("the worker died")
        return store(items)

    monkeypatch.setattr(commitments.sweep, "notifications_queue_many", dies_on_the_second_chunk)
    with pytest.raises(SystemExit):
        sweep(date(2027, 3, 22), chunk_size=2)
    # The second chunk rolled back: its matches are still on track, none of their e-mails stored.
    assert Match.objects.filter(health=MatchHealth.REMINDED).count() == 2
    assert len(keys("match_reminder")) == 4

    monkeypatch.setattr(commitments.sweep, "notifications_queue_many", store)
    result = sweep(date(2027, 3, 22), chunk_size=2)

    assert (result.reminded, result.notifications) == (2, 4)
    assert Match.objects.filter(health=MatchHealth.REMINDED).count() == 4
    addresses = [address for address, _subject in inbox()]
    assert len(addresses) == len(set(addresses)) == 8


@pytest.mark.django_db
def test_the_sweeps_queries_do_not_grow_with_the_number_of_matches(
    program: Program, other_program: Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sending is the workers' job, one e-mail at a time: not counted here.
    monkeypatch.setattr("accounts.notifications._send_later", lambda ids: None)

    def queries_for(count: int, started_on: date) -> int:
        for number in range(count):
            running_match(program, started_on=started_on, newcomer_name=f"N {started_on} {number}")
        with CaptureQueriesContext(connection) as queries:
            result = commitments_sweep(as_of=date(2027, 3, 22))
        assert result.reminded == count
        return len(queries)

    # The programmes; per programme (two) the three selections: quiet, ending, surveys; the
    # reminder chunk: savepoint, lock and load, the health update, the keys already stored,
    # savepoint, the insert that returns the new ids (SQLite: the insert, then the ids), two
    # releases; the check for unsent e-mails.
    expected = 16 if connection.vendor == "postgresql" else 17
    assert queries_for(3, date(2027, 3, 1)) == queries_for(30, date(2027, 3, 1)) == expected


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_store_each_e_mail_once(program: Program) -> None:
    require_postgresql(
        "the race needs two writers in the database at the same moment, and SQLite runs "
        "writers one after the other, so nothing would be proven"
    )
    for number in range(40):
        running_match(program, started_on=date(2027, 3, 1), newcomer_name=f"Newcomer {number}")
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def run() -> None:
        from django_scopes import scopes_disabled

        try:
            barrier.wait()
            with scopes_disabled():
                commitments_sweep(as_of=date(2027, 3, 22), chunk_size=5)
        except BaseException as error:  # pragma: no cover - reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert Notification.objects.filter(kind="match_reminder").count() == 80
    assert Match.objects.filter(health=MatchHealth.REMINDED).count() == 40
    addresses = [address for address, _subject in inbox()]
    assert len(addresses) == len(set(addresses)) == 80
