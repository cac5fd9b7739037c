"""The per-process pool snapshot: reused while nothing changed, patched after a change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import PoolChange, Program
from accounts.services import program_pool_changed
from core import clock
from matching.engine import Pool
from matching.snapshot import (
    BUILT,
    PATCHED,
    pool_for,
    snapshot_clear,
    snapshot_get,
    snapshot_pool,
)
from tests.matching.pool_cast import mentor
from volunteers.models import VolunteerProfile
from volunteers.services import volunteer_active_matches_add, volunteer_profile_update


def test_a_second_call_without_changes_reuses_the_snapshot_in_one_query(
    program: Program,
) -> None:
    mentor(program, "Anna Kowalska")
    first = pool_for(program)

    with CaptureQueriesContext(connection) as queries:
        second = pool_for(program)

    assert second is first
    assert len(queries) == 1  # the programme's pool_version
    assert snapshot_get(program.pk).how == BUILT  # type: ignore[union-attr]


def test_a_committed_profile_change_patches_only_that_volunteer(program: Program) -> None:
    anna = mentor(program, "Anna Kowalska")
    mentor(program, "Piotr Nowak")
    before = pool_for(program)

    volunteer_profile_update(profile=anna, data={"languages": {"pl": "native", "vi": "C1"}})
    after = pool_for(program)

    snapshot = snapshot_get(program.pk)
    assert snapshot is not None
    assert (snapshot.how, snapshot.volunteers_loaded) == (PATCHED, 1)
    assert "vi" not in before.language_index
    assert "vi" in after.language_index
    assert snapshot.pool_version == Program.directory.get(pk=program.pk).pool_version


def pool_for_a_new_process(program: Program) -> Pool:
    """The pool as a process that never saw it builds it."""
    snapshot_clear()
    return pool_for(program)


def _reads_every_stamp(sql: list[str]) -> bool:
    return any('"stamp"' in query and '"id" IN' not in query for query in sql)


def test_a_logged_change_is_patched_without_reading_every_volunteer(program: Program) -> None:
    anna = mentor(program, "Anna Kowalska")
    for number in range(5):
        mentor(program, f"Wolontariusz {number}")
    pool_for(program)

    volunteer_profile_update(profile=anna, data={"languages": {"pl": "native", "vi": "C1"}})
    volunteer_active_matches_add(volunteer=anna, delta=1)  # two versions, both logged
    with CaptureQueriesContext(connection) as queries:
        patched = pool_for(program)

    sql = [query["sql"] for query in queries.captured_queries]
    assert not _reads_every_stamp(sql), sql
    assert len(sql) == 3  # the version, the log since the snapshot's, Anna's row
    assert snapshot_get(program.pk).volunteers_loaded == 1  # type: ignore[union-attr]
    assert "vi" in patched.language_index
    built = pool_for_a_new_process(program)
    assert patched.ids.tolist() == built.ids.tolist()
    assert patched.free_capacity.tolist() == built.free_capacity.tolist()


def test_a_change_that_names_nobody_or_a_log_that_ends_compares_every_volunteer(
    program: Program,
) -> None:
    anna = mentor(program, "Anna Kowalska")
    piotr = mentor(program, "Piotr Nowak")
    pool_for(program)

    VolunteerProfile.objects.filter(pk=anna.pk).update(status="paused", updated_at=timezone.now())
    program_pool_changed(program_id=program.pk)  # a set-based write: no names
    with CaptureQueriesContext(connection) as queries:
        assert pool_for(program).ids.tolist() == [piotr.pk]
    assert _reads_every_stamp([query["sql"] for query in queries.captured_queries])

    VolunteerProfile.objects.filter(pk=piotr.pk).update(status="paused", updated_at=timezone.now())
    program_pool_changed(program_id=program.pk, volunteer_ids=[piotr.pk])
    PoolChange.objects.filter(program=program).delete()  # the log no longer reaches back
    assert pool_for(program).ids.tolist() == []


def test_the_version_is_read_from_the_database_not_from_the_callers_instance(
    program: Program,
) -> None:
    pool_for(program)
    anna = mentor(program, "Anna Kowalska")  # bumps the version in the database only

    pool = pool_for(program)

    assert pool.ids.tolist() == [anna.pk]


def test_a_match_filling_the_last_place_takes_the_volunteer_out_of_the_layout(
    program: Program,
) -> None:
    anna = mentor(program, "Anna Kowalska")
    assert pool_for(program).ids.tolist() == [anna.pk]

    volunteer_active_matches_add(volunteer=anna, delta=1)

    assert pool_for(program).ids.tolist() == []
    assert snapshot_get(program.pk).how == PATCHED  # type: ignore[union-attr]


def test_a_deleted_volunteer_leaves_the_pool(program: Program) -> None:
    anna = mentor(program, "Anna Kowalska")
    piotr = mentor(program, "Piotr Nowak")
    pool_for(program)

    anna.delete()
    program_pool_changed(program_id=program.pk)

    assert pool_for(program).table.ids.tolist() == [piotr.pk]


def test_changing_more_than_a_fifth_of_the_pool_rebuilds_it(
    program: Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("matching.snapshot.PATCH_ALWAYS", 0)
    volunteers = [mentor(program, f"Wolontariusz {number}") for number in range(5)]
    pool_for(program)

    VolunteerProfile.objects.filter(pk__in=[v.pk for v in volunteers[:2]]).update(
        status="paused", updated_at=timezone.now()
    )
    program_pool_changed(program_id=program.pk)
    pool = pool_for(program)

    assert snapshot_get(program.pk).how == BUILT  # type: ignore[union-attr]
    assert pool.ids.tolist() == [v.pk for v in volunteers[2:]]


def test_a_safeguarding_check_that_expired_overnight_is_patched_in_the_next_day(
    program: Program,
) -> None:
    today = clock.today()
    anna = mentor(program, "Anna Kowalska", minors_check_valid_until=today)
    assert snapshot_pool(program.pk, today=today).has_valid_safeguarding.tolist() == [True]

    pool = snapshot_pool(program.pk, today=today + timedelta(days=1))

    assert pool.has_valid_safeguarding.tolist() == [False]
    snapshot = snapshot_get(program.pk)
    assert snapshot is not None
    assert (snapshot.how, snapshot.volunteers_loaded) == (PATCHED, 1)
    assert pool.ids.tolist() == [anna.pk]


def test_a_programme_replaced_under_the_same_id_is_rebuilt(program: Program) -> None:
    mentor(program, "Anna Kowalska")
    pool_for(program)

    Program.directory.filter(pk=program.pk).update(created_at=timezone.now() + timedelta(1))
    VolunteerProfile.objects.filter(program=program).delete()

    assert pool_for(program).table.ids.tolist() == []
    assert snapshot_get(program.pk).how == BUILT  # type: ignore[union-attr]
