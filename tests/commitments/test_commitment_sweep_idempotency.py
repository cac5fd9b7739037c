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
from accounts.models import Notification, Program, User
from commitments.sweep import QUIET, SweepResult, chunk_process, commitments_sweep
from matching.models import Match, MatchHealth
from tests.commitments.sweep_cast import check_in, inbox, keys, running_match, sweep
from tests.queries import queries_for_few_and_many
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


def _one_of_each_kind(program: Program, numbers: range) -> None:
    """Per number, for a sweep on 10 March 2027: a match quiet for 21 days (a reminder), one
    whose commitment ended with a check-in every month (a completion), one on its 30th day (a
    survey); each with people of its own."""
    for number in numbers:
        running_match(program, started_on=date(2027, 2, 17), newcomer_name=f"Quiet {number}")
        ending = running_match(
            program, started_on=date(2026, 9, 9), newcomer_name=f"Ending {number}"
        )
        for month in [(2026, 9), (2026, 10), (2026, 11), (2026, 12), (2027, 1), (2027, 2)]:
            check_in(ending, date(*month, 20))
        surveyed = running_match(
            program, started_on=date(2027, 2, 8), newcomer_name=f"Surveyed {number}"
        )
        check_in(surveyed, date(2027, 3, 9))


@pytest.mark.django_db
def test_every_kind_of_sweep_work_costs_the_same_queries_for_two_matches_or_six(
    program: Program, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sending is the workers' job, one e-mail at a time: not counted here.
    monkeypatch.setattr("accounts.notifications._send_later", lambda ids: None)
    results: list[SweepResult] = []

    def read() -> None:
        results.append(commitments_sweep(as_of=date(2027, 3, 10)))

    few, many, _answer = queries_for_few_and_many(
        lambda numbers: _one_of_each_kind(program, numbers), read, few=2, many=8
    )

    # The second sweep finds only the six added since the first: each swept once.
    assert [(r.reminded, r.completed, r.surveys) for r in results] == [(2, 2, 2), (6, 6, 6)]
    assert results[1].notifications == 6 * (2 + 2 + 2)
    assert few == many


@pytest.mark.django_db
def test_a_second_sweep_over_many_chunks_sends_nothing_again(
    program: Program, coordinator: User
) -> None:
    _one_of_each_kind(program, range(5))

    first = sweep(date(2027, 3, 10), chunk_size=2)
    sent = inbox()
    again = sweep(date(2027, 3, 10), chunk_size=2)

    assert (first.reminded, first.completed, first.surveys) == (5, 5, 5)
    # Two people each: the reminder, the thanks, the survey; every e-mail once.
    assert len(sent) == len(set(sent)) == first.notifications == 30
    assert again == SweepResult()
    assert inbox() == sent
    assert Notification.objects.filter(status="pending").count() == 0
