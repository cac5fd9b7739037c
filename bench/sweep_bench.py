"""Benchmark of the daily commitment sweep at 100,000 active matches (issues #6 and #23).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/sweep_bench.py
    .venv/bin/python bench/sweep_bench.py --matches 10000      # quicker (SQLite by default)
    ... bench/sweep_bench.py --only worst --baseline main      # main's code first, same run
    ... bench/sweep_bench.py --only worst --workers 2          # chunks on two worker processes

Like bench/http_bench.py it never touches the configured database's data: it creates a
throwaway test database next to it (`test_<name>` on PostgreSQL, in memory for SQLite) and drops
it at the end. Two scenarios, each on a fresh population of N active matches in one programme
(N volunteers' places on N/4 volunteers, N newcomers with accounts, so every match has two
people to write to), swept for one day (`as_of` = 1 June 2027) with the chunks inline:
1. realistic: ~78 % on track, ~15 % due a reminder, ~5 % newly at risk, ~2 % past the end of
   their commitment (most kept, some with two months missed), and the surveys of the day (every
   earlier survey already sent, as in a running deployment);
2. worst case: all N due a reminder on the same morning (2 e-mails each).
For each it prints the seconds per phase (selection, then each kind's chunks), the queries,
the e-mails stored, this process's CPU time (and the worker processes', with --workers), the
PostgreSQL backends' CPU time (from /proc: the server runs on this machine), the time spent
waiting for each kind of statement and the load average; it checks that every e-mail stored
was handed to the sending tasks exactly once, then sweeps the same day again: nothing is
stored, nothing handed over, and it is quick. Sending is the workers' job and is not timed:
the send batches go to an in-memory broker. `--baseline COMMIT` first runs this same script
on COMMIT's code, unpacked aside (`--baseline-matches` for another size).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

import numpy as np  # noqa: E402
from dateutil.relativedelta import relativedelta  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from accounts.models import Membership, Notification, Program, Role, User  # noqa: E402
from commitments.calendar import survey_number_due  # noqa: E402
from commitments.models import CheckIn  # noqa: E402
from commitments.sweep import (  # noqa: E402
    KINDS,
    SweepResult,
    chunk_process,
    commitments_sweep,
    survey_key,
)
from config.celery import app  # noqa: E402
from demo.seeding import _bulk  # noqa: E402
from matching.models import Match, MatchHealth, MatchStatus  # noqa: E402
from newcomers.models import NewcomerProfile, SupportRequest  # noqa: E402
from volunteers.models import VolunteerProfile  # noqa: E402

AS_OF = date(2027, 6, 1)
MATCHES_PER_VOLUNTEER = 4
UNUSABLE = "!"  # what set_unusable_password stores: no one signs in
PROFILE = False
WORKERS = 1


class QueryCounter:
    """Counts the statements, and times them by what they do (the time waiting for the
    database: its work, the round trip and, on a busy machine, the queue for a CPU)."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds: dict[str, float] = defaultdict(float)

    def __call__(self, execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        self.count += 1
        begun = time.perf_counter()
        try:
            return execute(sql, *args)
        finally:
            self.seconds[_statement(sql)] += time.perf_counter() - begun


def _statement(sql: str) -> str:
    words = sql.split()
    verb = words[0].upper() if words else "?"
    if verb == "SELECT" and "FOR UPDATE" in sql:
        return "SELECT ... FOR UPDATE"
    tables = [word.strip('"') for word in words if word.strip('"').startswith(_APPS)]
    return f"{verb} {tables[0]}" if tables else verb


_APPS = ("accounts_", "matching_", "commitments_", "volunteers_", "newcomers_")


def database_cpu() -> float:
    """CPU seconds this connection's PostgreSQL backend has used so far (from /proc: the
    server runs on this machine), or NaN where that cannot be read."""
    if connection.vendor != "postgresql":
        return float("nan")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    # utime and stime, the 14th and 15th fields (the 12th and 13th after the name)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def counted() -> Iterator[QueryCounter]:
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def population(matches: int, *, worst_case: bool, seed: int = 0) -> Program:
    """N active matches at exact dates (see the module docstring); returns the programme."""
    rng = np.random.default_rng(seed)
    begun = time.perf_counter()
    tag = "worst" if worst_case else "real"
    program = Program.directory.create(slug=f"bench-{tag}", name=f"Bench {tag}", city="Warszawa")
    volunteer_count = -(-matches // MATCHES_PER_VOLUNTEER)
    people = [
        User(
            email=f"{tag}-v{number}@example.org",
            full_name=f"Wolontariusz {number}",
            preferred_language="pl",
            password=UNUSABLE,
        )
        for number in range(volunteer_count)
    ] + [
        User(
            email=f"{tag}-n{number}@example.org",
            full_name=f"Прибулий {number}",
            preferred_language=("uk", "en", "pl")[number % 3],
            password=UNUSABLE,
        )
        for number in range(matches)
    ]
    coordinators = [
        User(
            email=f"{tag}-c{number}@example.org",
            full_name=f"Koordynator {number}",
            password=UNUSABLE,
        )
        for number in range(2)
    ]
    _bulk(User, people + coordinators, key="email", among=User.objects.all())
    _bulk(
        Membership,
        [Membership(user=user, program=program, role=Role.COORDINATOR) for user in coordinators],
    )
    volunteers = _bulk(
        VolunteerProfile,
        [
            VolunteerProfile(
                user=user,
                program=program,
                capacity=MATCHES_PER_VOLUNTEER,
                active_matches=MATCHES_PER_VOLUNTEER,
                is_trained=True,
                status="active",
                languages={"pl": "native", "uk": "B2"},
            )
            for user in people[:volunteer_count]
        ],
        key="user_id",
        among=VolunteerProfile.objects.filter(program=program),
    )
    newcomers = _bulk(
        NewcomerProfile,
        [
            NewcomerProfile(
                user=user, program=program, full_name=user.full_name, first_language="uk"
            )
            for user in people[volunteer_count:]
        ],
        key="user_id",
        among=NewcomerProfile.objects.filter(program=program),
    )
    requests = _bulk(
        SupportRequest,
        [
            SupportRequest(
                program=program,
                newcomer=newcomer,
                needs=["admin_procedures"],
                modes=["in_person"],
                status="matched",
            )
            for newcomer in newcomers
        ],
        key="newcomer_id",
        among=SupportRequest.objects.filter(program=program),
    )
    share = rng.random(matches)
    rows: list[Match] = []
    for number, (request, draw) in enumerate(zip(requests, share, strict=True)):
        if worst_case:
            started, last, health = AS_OF - timedelta(days=25), None, MatchHealth.ON_TRACK
        elif draw < 0.78:  # on track
            started = AS_OF - timedelta(days=int(rng.integers(1, 180)))
            quiet = int(rng.integers(0, 20))
            last = max(started, AS_OF - timedelta(days=quiet))
            health = MatchHealth.ON_TRACK
        elif draw < 0.93:  # quiet for the reminder threshold today or a few days already
            started = AS_OF - timedelta(days=int(rng.integers(40, 175)))
            last = AS_OF - timedelta(days=21)
            health = MatchHealth.ON_TRACK
        elif draw < 0.98:  # reminded two weeks ago, quiet for the at-risk threshold today
            started = AS_OF - timedelta(days=int(rng.integers(40, 175)))
            last, health = AS_OF - timedelta(days=35), MatchHealth.REMINDED
        else:  # the commitment ended in the last three days
            started = AS_OF - timedelta(days=int(rng.integers(2, 5))) - relativedelta(months=6)
            last, health = AS_OF - timedelta(days=10), MatchHealth.ON_TRACK
        rows.append(
            Match(
                program=program,
                request=request,
                volunteer=volunteers[number // MATCHES_PER_VOLUNTEER],
                newcomer_id=request.newcomer_id,
                status=MatchStatus.ACTIVE,
                started_on=started,
                commitment_ends_on=program.commitment_end(started),
                last_check_in_on=last,
                health=health,
            )
        )
    _bulk(Match, rows, key="request_id", among=Match.objects.filter(program=program))
    # Check-ins of the ending ones (one a month; one in ten missed two months) and the survey
    # invitations already sent before today.
    check_ins, sent = [], []
    for match in rows:
        assert match.started_on is not None and match.commitment_ends_on is not None
        if match.commitment_ends_on < AS_OF:
            months = 6 if rng.random() > 0.1 else 4
            for month in range(months):
                day = match.started_on + relativedelta(months=month) + timedelta(days=3)
                check_ins.append(
                    CheckIn(program=program, match=match, date=day, duration_minutes=60)
                )
            continue
        number = survey_number_due(match.started_on, AS_OF)
        if number and number == survey_number_due(match.started_on, AS_OF - timedelta(days=1)):
            sent.append(
                Notification(
                    key=survey_key(
                        match_id=match.pk, user_id=match.volunteer.user_id, number=number
                    ),
                    user_id=match.volunteer.user_id,
                    kind="match_survey",
                    subject="-",
                    body="-",
                    status="sent",
                )
            )
    _bulk(CheckIn, check_ins)
    _bulk(Notification, sent)
    print(
        f"  population: {matches:,} active matches, {volunteer_count:,} volunteers, "
        f"{len(check_ins):,} check-ins, {len(sent):,} earlier surveys "
        f"in {time.perf_counter() - begun:.1f} s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return program


@dataclass
class Measures:
    """What a sweep cost besides its elapsed time, gathered over the processes that ran it."""

    statements: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    database_cpu: float = 0.0  # the PostgreSQL backends' CPU seconds
    worker_cpu: float = 0.0  # the worker processes' CPU seconds (--workers)
    enqueued: list[int] = field(default_factory=list)  # ids handed to the sending tasks

    def add_statements(self, seconds: dict[str, float]) -> None:
        for statement, spent in seconds.items():
            self.statements[statement] += spent


def _chunk_in_worker(
    task: tuple[str, int, list[int]],
) -> tuple[dict[str, int], int, dict[str, float], list[int], float]:
    """One chunk in a worker process, as `matching.monitor_commitments_chunk` does it."""
    kind, program_id, ids = task
    with scopes_disabled():
        database_before = database_cpu()
        with counted() as queries, SendingCounter() as enqueued:
            program = Program.directory.get(pk=program_id)
            result = chunk_process(kind=kind, program=program, match_ids=ids, as_of=AS_OF)
        return (
            result.as_dict(),
            queries.count,
            dict(queries.seconds),
            enqueued.ids,
            database_cpu() - database_before,
        )


def phased_sweep(measures: Measures) -> SweepResult:
    """`commitments_sweep`, its phases timed: the selection, then each kind's chunks, inline
    (the management command) or, with WORKERS > 1, on that many worker processes taking the
    chunks as they come (beat's fan-out to Celery's prefork workers)."""
    chunks: dict[str, list[tuple[int, list[int]]]] = defaultdict(list)
    database_before = database_cpu()
    with counted() as queries, SendingCounter() as enqueued:
        begun = time.perf_counter()
        commitments_sweep(
            as_of=AS_OF,
            enqueue=lambda kind, program_id, ids, as_of: chunks[kind].append((program_id, ids)),
        )
        print(
            f"  selection: {time.perf_counter() - begun:.2f} s, {queries.count} queries "
            f"({sum(len(kind) for kind in chunks.values())} chunks)"
        )
    measures.add_statements(queries.seconds)
    measures.enqueued.extend(enqueued.ids)
    total = SweepResult()
    if WORKERS > 1:
        import multiprocessing
        import resource

        tasks = [(kind, program_id, ids) for kind in KINDS for program_id, ids in chunks[kind]]
        measures.database_cpu += database_cpu() - database_before
        connection.close()  # the workers are forked: each opens its own connection
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        begun = time.perf_counter()
        count = 0
        with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
            for done, queries_count, seconds, ids, database in pool.imap_unordered(
                _chunk_in_worker, tasks
            ):
                total.add(SweepResult(**done))
                count += queries_count
                measures.add_statements(seconds)
                measures.enqueued.extend(ids)
                measures.database_cpu += database
            pool.close()
            pool.join()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        measures.worker_cpu += (children.ru_utime - children_before.ru_utime) + (
            children.ru_stime - children_before.ru_stime
        )
        print(
            f"  all chunks on {WORKERS} worker processes: {time.perf_counter() - begun:6.2f} s, "
            f"{count:5d} queries: "
            + ", ".join(f"{name} {value:,}" for name, value in total.as_dict().items() if value)
        )
        return total
    programs = Program.directory.in_bulk()
    for kind in KINDS:
        begun = time.perf_counter()
        result = SweepResult()
        with counted() as queries, SendingCounter() as enqueued:
            for program_id, ids in chunks[kind]:
                result.add(
                    chunk_process(
                        kind=kind, program=programs[program_id], match_ids=ids, as_of=AS_OF
                    )
                )
        print(
            f"  {kind:7s} chunks: {time.perf_counter() - begun:6.2f} s, "
            f"{queries.count:5d} queries: "
            + ", ".join(f"{name} {value:,}" for name, value in result.as_dict().items() if value)
        )
        measures.add_statements(queries.seconds)
        measures.enqueued.extend(enqueued.ids)
        total.add(result)
    measures.database_cpu += database_cpu() - database_before
    return total


class SendingCounter:
    """Wraps `accounts.notifications._send_later` (the after-commit enqueueing of a send
    batch): which notification ids were handed to the sending tasks, and how often."""

    def __init__(self) -> None:
        import accounts.notifications

        self.module = accounts.notifications
        self.original = getattr(accounts.notifications, "_send_later")  # noqa: B009 - private
        self.ids: list[int] = []

    def __enter__(self) -> SendingCounter:
        def send_later(notification_ids: list[int]) -> None:
            self.ids.extend(notification_ids)
            self.original(notification_ids)

        setattr(self.module, "_send_later", send_later)  # noqa: B010 - private
        return self

    def __exit__(self, *exc: object) -> None:
        setattr(self.module, "_send_later", self.original)  # noqa: B010 - private


def scenario(matches: int, *, worst_case: bool) -> None:
    print(("worst case: all due a reminder" if worst_case else "realistic spread") + ":")
    with scopes_disabled():
        with transaction.atomic():
            population(matches, worst_case=worst_case)
        measures = Measures()
        earlier = Notification.objects.exclude(subject="-").count()
        load_before = os.getloadavg()[0]
        begun, cpu = time.perf_counter(), time.process_time()
        if PROFILE:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            result = profiler.runcall(phased_sweep, measures)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(45)
        else:
            result = phased_sweep(measures)
        elapsed, cpu = time.perf_counter() - begun, time.process_time() - cpu
        workers = f" + {measures.worker_cpu:.1f} s of the workers'" if WORKERS > 1 else ""
        print(
            f"  first sweep: {elapsed:.1f} s in all ({cpu:.1f} s of this process's CPU{workers}, "
            f"{measures.database_cpu:.1f} s of the PostgreSQL backends'; load average (1 min) "
            f"{load_before:.1f} -> {os.getloadavg()[0]:.1f}); "
            + ", ".join(f"{name} {value:,}" for name, value in result.as_dict().items() if value)
        )
        print(
            "  waiting for each kind of statement: "
            + ", ".join(
                f"{statement} {seconds:.2f} s"
                for statement, seconds in sorted(
                    measures.statements.items(), key=lambda item: -item[1]
                )
            )
        )
        stored = Notification.objects.exclude(subject="-").count()
        sent = measures.enqueued
        print(
            f"  handed to the sending tasks: {len(sent):,} ids, "
            f"{len(set(sent)):,} distinct, of {stored - earlier:,} stored"
        )
        assert len(sent) == len(set(sent)) == stored - earlier == result.notifications
        begun = time.perf_counter()
        with counted() as queries, SendingCounter() as enqueued:
            again = commitments_sweep(as_of=AS_OF)
        print(
            f"  same day again (`commitments_sweep`): {time.perf_counter() - begun:.2f} s, "
            f"{queries.count} queries, {again.notifications} e-mails stored, "
            f"{len(enqueued.ids)} handed to the sending tasks "
            f"(still {Notification.objects.exclude(subject='-').count():,} = {stored:,})"
        )
        assert again.notifications == 0 and again.reminded == again.completed == 0
        assert not enqueued.ids


def _baseline(commit: str, arguments: list[str]) -> None:
    """This benchmark on the code of `commit`, unpacked aside, in a process of its own: this
    script is copied over the baseline's own, so both sides are measured the same way (it uses
    only what the sweep's module has exported since #6)."""
    import shutil
    import subprocess
    import tempfile

    project = Path(__file__).resolve().parents[1]
    target = Path(tempfile.mkdtemp(prefix="sweep-baseline-"))
    archive = subprocess.run(  # noqa: S603 - git on this repository
        ["git", "archive", "--format=tar", commit],  # noqa: S607
        cwd=project,
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)  # noqa: S603, S607
    shutil.copyfile(Path(__file__), target / "bench" / "sweep_bench.py")
    print(f"baseline ({commit}, {target}):", flush=True)
    try:
        subprocess.run(  # noqa: S603 - this script, on the baseline's code
            [sys.executable, str(target / "bench" / "sweep_bench.py"), *arguments],
            cwd=target,
            check=True,
        )
    finally:
        shutil.rmtree(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--matches", type=int, default=100_000)
    parser.add_argument("--only", choices=["realistic", "worst"], default=None)
    parser.add_argument("--profile", action="store_true", help="cProfile the first sweep")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="process the chunks on this many worker processes (default: inline, one process)",
    )
    parser.add_argument(
        "--baseline",
        metavar="COMMIT",
        help="first run this script on the code of COMMIT (e.g. main), unpacked aside",
    )
    parser.add_argument(
        "--baseline-matches",
        type=int,
        default=None,
        help="the baseline's number of matches (default: --matches)",
    )
    options = parser.parse_args()
    global PROFILE, WORKERS
    PROFILE = options.profile
    WORKERS = options.workers
    if options.baseline:
        _baseline(
            options.baseline,
            [f"--matches={options.baseline_matches or options.matches}"]
            + [f"--workers={options.workers}"]
            + ([f"--only={options.only}"] if options.only else []),
        )
        print(f"this tree ({Path(__file__).resolve().parents[1]}):", flush=True)
    # The send batches are enqueued to an in-memory broker: sending is not the sweep's work.
    app.conf.update(task_always_eager=False, broker_url="memory://")
    old_name = connection.settings_dict["NAME"]
    # Not `setup_test_environment`: its instrumented template rendering would be timed too.
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"database: {connection.vendor} (throwaway test database), {os.cpu_count()} CPUs")
    try:
        if options.only in (None, "realistic"):
            scenario(options.matches, worst_case=False)
        if options.only in (None, "worst"):
            scenario(options.matches, worst_case=True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
