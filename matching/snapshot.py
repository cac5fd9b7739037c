"""The per-process snapshot of each programme's volunteer pool, versioned and patched.

Encoding 100,000 volunteers takes seconds; ranking them takes about a millisecond. So every
web or worker process keeps, per programme, the encoded `Pool` together with what it was built
from: the programme's `pool_version`, the `updated_at` of every volunteer, and the day it was
built (safeguarding checks expire by the calendar, not by a write).

`snapshot_pool(program_id, today=...)` reads the programme's current `pool_version` (one small
query; never the possibly stale attribute of a `Program` instance the caller holds):
- equal, same day: the snapshot is used as it is;
- otherwise, the same day, it is patched from the change log (`accounts.PoolChange`): every
  version since the snapshot's names the volunteers it changed, and only those are loaded
  (a busy morning's approvals then cost one small query each, not a read of every volunteer);
- otherwise, when a version did not name its volunteers, the log no longer reaches back, or a
  new day began, the (id, updated_at) pairs of the programme's volunteers are read
  in one query and compared id by id with the snapshot's. Only volunteers whose stamp differs,
  who are new, or whose safeguarding expired since the snapshot's day are loaded, and
  `engine.pool_replace` swaps them in (removed ids are dropped). A "latest updated_at"
  watermark would miss a transaction that stamped its rows early and committed late; the
  per-id comparison cannot;
- rebuilt from scratch when there is no snapshot, the programme was replaced (another
  `created_at`: a new database or a test's rolled-back programme reusing the id), or more than
  `REBUILD_SHARE` of the pool (and more than `PATCH_ALWAYS` volunteers) changed: encoding
  everything is then cheaper than patching.

Never stale after a commit: every service that changes what matching reads of a volunteer
stamps `updated_at` and bumps the version in the same transaction
(`accounts.services.program_pool_changed`). The version is read before the volunteer rows,
so a change that commits in between is either already in the rows or bumps the version past
the one recorded, and the next call patches again. A write that bypasses those services (a raw
`update()` or a factory in a test) is invisible until the version is bumped.

Which volunteers: all of the programme's whose e-mail address is confirmed (an unconfirmed
one is simply absent; confirming bumps the version, and the per-id comparison then finds them
new), each with its eligibility flag (trained, neither
paused nor withdrawn) and capacity. The engine's layout keeps only matchable ones, so the
ranking is the same as with a pool of matchable volunteers only, while a pause, a return, a
match that fills or frees a place, or a training that completes is a one-row patch instead of
a row joining or leaving the table. Registered volunteers cost a little memory, no ranking time.

Threads (gunicorn threads, Celery): a snapshot is immutable and replaced whole, so readers need
no lock; building or patching holds a per-programme lock so one thread does the work and the
others then find it done. Each process has its own copy; nothing another process needs lives
here (docs/architecture.md).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import TextField
from django.db.models.functions import Cast
from django_scopes import scopes_disabled

from accounts.models import PoolChange, Program
from core import clock
from matching.engine import Pool, VolunteerInput, encode_pool, pool_replace
from matching.pool import VOLUNTEER_COLUMNS, volunteer_input_from_values
from volunteers.selectors import confirmed_volunteers

# Above this share of changed volunteers a snapshot is rebuilt rather than patched; up to
# PATCH_ALWAYS changes are patched whatever the pool's size (cheap either way).
REBUILD_SHARE = 0.2
PATCH_ALWAYS = 50
# Ids per `IN (...)` when loading changed volunteers (SQLite caps bound parameters).
LOAD_CHUNK = 5000

# `updated_at` as text: compared for equality only, and parsing 100,000 aware datetimes would
# take most of a patch's time on PostgreSQL.
_STAMP = Cast("updated_at", output_field=TextField())

BUILT = "built"
PATCHED = "patched"


@dataclass(frozen=True, eq=False)
class Snapshot:
    """One programme's encoded pool and what it was made from."""

    program_id: int
    program_created_at: datetime
    pool_version: int
    built_on: date
    pool: Pool
    updated_at: Mapping[int, str]  # every volunteer of the programme, as the database writes it
    minors_check_valid_until: Mapping[int, date]  # only volunteers with a check
    how: str  # BUILT or PATCHED
    volunteers_loaded: int
    seconds: float

    def is_current(self, version: int, created_at: datetime, today: date) -> bool:
        return (
            self.program_created_at == created_at
            and self.built_on == today
            and self.pool_version >= version
        )


_snapshots: dict[int, Snapshot] = {}
_locks: dict[int, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock_for(program_id: int) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(program_id, threading.Lock())


def snapshot_clear() -> None:
    """Forget every snapshot (tests, benchmarks)."""
    _snapshots.clear()


def snapshot_get(program_id: int) -> Snapshot | None:
    """The snapshot this process holds for a programme, as it is (no query)."""
    return _snapshots.get(program_id)


def snapshots_warm() -> int:
    """Build every programme's snapshot now, in a web worker that has just started (gunicorn's
    `post_worker_init`), so no coordinator's first candidates call waits for it (about 6 s at
    100,000 volunteers). Returns how many programmes were built."""
    program_ids = list(Program.directory.order_by("pk").values_list("pk", flat=True))
    for program_id in program_ids:
        snapshot_pool(program_id, today=clock.today())
    return len(program_ids)


def snapshot_pool(
    program_id: int, *, today: date, known_version: tuple[int, datetime] | None = None
) -> Pool:
    """The programme's pool, current as of its committed `pool_version`.

    `known_version` is the programme's (`pool_version`, `created_at`) when the caller has just
    read its row (the candidates' request query selects it): the query for it is then saved.
    Raises Program.DoesNotExist for an unknown programme.
    """
    version, created_at = known_version or _version_of(program_id)
    current = _snapshots.get(program_id)
    if current is not None and current.is_current(version, created_at, today):
        return current.pool
    with _lock_for(program_id):
        current = _snapshots.get(program_id)
        if current is not None and current.is_current(version, created_at, today):
            return current.pool
        fresh = _refreshed(current, program_id, version, created_at, today)
        _snapshots[program_id] = fresh
        return fresh.pool


def _version_of(program_id: int) -> tuple[int, datetime]:
    found = next(
        iter(
            Program.directory.filter(pk=program_id)
            .order_by()
            .values_list("pool_version", "created_at")
        ),
        None,
    )
    if found is None:
        raise Program.DoesNotExist(f"no programme {program_id}")
    return found


def _refreshed(
    current: Snapshot | None, program_id: int, version: int, created_at: datetime, today: date
) -> Snapshot:
    started = time.perf_counter()
    if current is None or current.program_created_at != created_at or today < current.built_on:
        return _built(program_id, version, created_at, today, started)
    known = current.updated_at
    logged = (
        _logged_changes(program_id, current.pool_version, version)
        if today == current.built_on  # a new day also rereads who lost a safeguarding check
        else None
    )
    if logged is not None:
        changed, removed, pool_size = logged, [], len(known)
    else:
        with scopes_disabled():  # the snapshot serves every caller: the programme filter scopes it
            stamps: dict[int, str] = dict(
                confirmed_volunteers()
                .filter(program_id=program_id)
                .order_by()
                .annotate(stamp=_STAMP)
                .values_list("id", "stamp")
            )
        changed = {
            volunteer_id
            for volunteer_id, stamp in stamps.items()
            if known.get(volunteer_id) != stamp
        }
        removed = [volunteer_id for volunteer_id in known if volunteer_id not in stamps]
        pool_size = len(stamps)
        if today != current.built_on:
            changed.update(
                volunteer_id
                for volunteer_id, valid_until in current.minors_check_valid_until.items()
                if current.built_on <= valid_until < today and volunteer_id in stamps
            )
    if len(changed) + len(removed) > max(REBUILD_SHARE * pool_size, PATCH_ALWAYS):
        return _built(program_id, version, created_at, today, started)
    inputs, loaded_stamps, valid_until = _loaded(program_id, today, sorted(changed))
    # Gone: deleted between the two queries, or (a logged change) no longer in the pool.
    removed.extend(
        volunteer_id
        for volunteer_id in changed
        if volunteer_id not in loaded_stamps and volunteer_id in known
    )
    updated_at = dict(known)
    for volunteer_id in removed:
        updated_at.pop(volunteer_id, None)
    updated_at.update(loaded_stamps)
    checks = {
        volunteer_id: until
        for volunteer_id, until in current.minors_check_valid_until.items()
        if volunteer_id in updated_at and volunteer_id not in loaded_stamps
    }
    checks.update(valid_until)
    pool = pool_replace(current.pool, inputs, removed) if inputs or removed else current.pool
    return Snapshot(
        program_id=program_id,
        program_created_at=created_at,
        pool_version=version,
        built_on=today,
        pool=pool,
        updated_at=updated_at,
        minors_check_valid_until=checks,
        how=PATCHED,
        volunteers_loaded=len(inputs),
        seconds=time.perf_counter() - started,
    )


def _logged_changes(program_id: int, since: int, version: int) -> set[int] | None:
    """The volunteers the versions after `since` up to `version` changed, from the log; None
    when a version did not say which, or the log no longer reaches back that far."""
    logged = PoolChange.objects.filter(
        program_id=program_id, version__gt=since, version__lte=version
    ).values_list("volunteer_ids", flat=True)
    named: list[list[int]] = [ids for ids in logged if ids is not None]
    if len(named) != version - since:  # a version named nobody, or the log ends
        return None
    return {volunteer_id for ids in named for volunteer_id in ids}


def _built(
    program_id: int, version: int, created_at: datetime, today: date, started: float
) -> Snapshot:
    inputs, updated_at, valid_until = _loaded(program_id, today, None)
    return Snapshot(
        program_id=program_id,
        program_created_at=created_at,
        pool_version=version,
        built_on=today,
        pool=encode_pool(inputs),
        updated_at=updated_at,
        minors_check_valid_until=valid_until,
        how=BUILT,
        volunteers_loaded=len(inputs),
        seconds=time.perf_counter() - started,
    )


def _loaded(
    program_id: int, today: date, volunteer_ids: Iterable[int] | None
) -> tuple[list[VolunteerInput], dict[int, str], dict[int, date]]:
    """Inputs, stamps and safeguarding dates of the programme's volunteers (None: all)."""
    columns = (*VOLUNTEER_COLUMNS, "stamp")
    valid_until_column = VOLUNTEER_COLUMNS.index("minors_check_valid_until")
    with scopes_disabled():
        volunteers = (
            confirmed_volunteers().filter(program_id=program_id).order_by().annotate(stamp=_STAMP)
        )
        if volunteer_ids is None:
            batches = [volunteers.values_list(*columns)]
        else:
            ids = list(volunteer_ids)
            batches = [
                volunteers.filter(id__in=ids[start : start + LOAD_CHUNK]).values_list(*columns)
                for start in range(0, len(ids), LOAD_CHUNK)
            ]
        inputs: list[VolunteerInput] = []
        updated_at: dict[int, str] = {}
        valid_until: dict[int, date] = {}
        for batch in batches:
            for row in batch:
                inputs.append(volunteer_input_from_values(row[:-1], today=today))
                updated_at[row[0]] = row[-1]
                if row[valid_until_column] is not None:
                    valid_until[row[0]] = row[valid_until_column]
    return inputs, updated_at, valid_until


def pool_for(program: Program, *, fresh_row: bool = False) -> Pool:
    """The programme's encoded volunteer pool, kept per process and patched when it changed.

    One query when nothing changed (the programme's current `pool_version`); none when
    `fresh_row` says `program` was read in this request, its version then current. See
    `snapshot_pool` for what happens otherwise.
    """
    known = (program.pool_version, program.created_at) if fresh_row else None
    return snapshot_pool(program.pk, today=clock.today(), known_version=known)
