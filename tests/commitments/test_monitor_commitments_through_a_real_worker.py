"""The sweep crosses Redis and runs in real Celery workers against the database, and a worker
killed in the middle of it loses nothing and sends nothing twice once the sweep runs again.

Skipped like the other worker tests unless Redis is reachable (or REQUIRE_WORKER_TESTS=1, as in
CI). The killed-worker test runs workers as separate processes (`celery -A config worker`) on
Redis database 14, so it needs a database another process can open: PostgreSQL (CI's set-up).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from email import message_from_bytes
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends.filebased import EmailBackend
from django.core.mail.message import EmailMessage
from django.db import connection

from accounts.models import Notification, NotificationStatus, Program
from commitments.tasks import monitor_commitments
from config.celery import app
from matching.models import Match, MatchHealth
from tests.commitments.sweep_cast import running_match
from tests.requirements import redis_reachable as broker_reachable
from tests.requirements import require_postgresql, unavailable
from tests.worker import forget_connections, real_worker, wait_until

ROOT = Path(__file__).resolve().parents[2]
SUBPROCESS_BROKER_URL = os.environ.get("CELERY_SUBPROCESS_BROKER_URL", "redis://127.0.0.1:6379/14")
# The workers' task time limit, which is also how old a claim must be to count as abandoned.
CLAIM_SECONDS = 2


class CrashingEmailBackend(EmailBackend):
    """Writes each e-mail to a file (one file per e-mail), and with CRASH_AT_EMAIL=n kills its
    whole process, with no clean-up at all, as it is about to write the n-th."""

    def _get_filename(self) -> str:
        # Django names the file by the second and id(self): two e-mails sent within a second
        # by backends at the same address would share (append to) one file.
        if self._fname is None:  # type: ignore[has-type]
            self._fname = str(Path(self.file_path) / f"{uuid.uuid4().hex}.log")  # type: ignore[attr-defined]
        return str(self._fname)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        crash_at = int(os.environ.get("CRASH_AT_EMAIL", "0"))
        written = len(list(Path(self.file_path).iterdir()))  # type: ignore[attr-defined]
        if crash_at and written + 1 >= crash_at:
            os._exit(9)
        return super().send_messages(email_messages)


def recipients(mail_dir: Path) -> Counter[str]:
    addresses: Counter[str] = Counter()
    for path in mail_dir.iterdir():
        for part in path.read_bytes().split(b"-" * 79):
            if part.strip():
                addresses[str(message_from_bytes(part.strip())["To"])] += 1
    return addresses


@contextmanager
def subprocess_broker() -> Iterator[None]:
    """This process enqueues to the subprocess workers' broker (an empty Redis database)."""
    import redis

    if not broker_reachable(SUBPROCESS_BROKER_URL):
        unavailable(
            f"Redis is not reachable at {SUBPROCESS_BROKER_URL}: this test starts real Celery "
            "worker processes on it; start redis-server",
            required_by="REQUIRE_WORKER_TESTS",
        )
    database = redis.Redis.from_url(SUBPROCESS_BROKER_URL)
    database.flushdb()  # no messages left over from an earlier run, acknowledged or not
    previous = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.conf.update(broker_url=SUBPROCESS_BROKER_URL, task_always_eager=False)
    forget_connections()
    try:
        yield
    finally:
        app.conf.update(previous)
        forget_connections()
        database.flushdb()


def worker(mail_dir: Path, log: Path, **environment: str) -> subprocess.Popen[bytes]:
    settings = connection.settings_dict
    database_url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": SUBPROCESS_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_TIME_LIMIT": str(CLAIM_SECONDS),
        "CELERY_TASK_SOFT_TIME_LIMIT": "1",
        "EMAIL_BACKEND": "tests.commitments.test_monitor_commitments_through_a_real_worker."
        "CrashingEmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        **environment,
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "WARNING"]
    with log.open("ab") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)  # noqa: S603


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_daily_sweep_fans_out_through_the_broker_to_a_worker(program: Program) -> None:
    matches = [
        running_match(program, started_on=date(2027, 3, 1), newcomer_name=f"Newcomer {number}")
        for number in range(5)
    ]

    with real_worker():
        monitor_commitments.delay("2027-03-22", 2)  # three chunks of reminders

        assert wait_until(
            lambda: Notification.objects.filter(status=NotificationStatus.SENT).count() == 10
        )

    assert Match.objects.filter(health=MatchHealth.REMINDED).count() == len(matches)
    addresses = [message.to[0] for message in mail.outbox]
    assert len(addresses) == len(set(addresses)) == 10


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_sweep_loses_nothing_and_the_rerun_sends_nothing_twice(
    program: Program, tmp_path: Path
) -> None:
    require_postgresql(
        "the killed worker runs in its own process and must open the test database, and "
        "the test hands it over as a PostgreSQL URL"
    )
    for number in range(6):
        running_match(program, started_on=date(2027, 3, 1), newcomer_name=f"Newcomer {number}")
    expected = {
        user.email
        for match in Match.objects.select_related("volunteer__user", "newcomer__user")
        for user in (match.volunteer.user, match.newcomer.user)
        if user is not None
    }
    mail_dir, log = tmp_path / "mail", tmp_path / "workers.log"
    mail_dir.mkdir()

    with subprocess_broker():
        # The first worker dies as it is about to send the fourth of twelve e-mails.
        first = worker(mail_dir, log, CRASH_AT_EMAIL="4")
        try:
            monitor_commitments.delay("2027-03-22", 2)
            assert first.wait(timeout=120) == 9, log.read_text()
        finally:
            if first.poll() is None:
                first.kill()
                first.wait(timeout=10)
        died_at = time.monotonic()
        assert sum(recipients(mail_dir).values()) == 3
        assert Match.objects.filter(health=MatchHealth.REMINDED).count() == 6
        assert Notification.objects.filter(status=NotificationStatus.PENDING).count() == 9

        # Once the dead worker's claim has run out, the sweep runs again on a fresh worker.
        time.sleep(max(0.0, died_at + CLAIM_SECONDS + 0.5 - time.monotonic()))
        second = worker(mail_dir, log)
        try:
            monitor_commitments.delay("2027-03-22", 2)
            assert wait_until(
                lambda: not Notification.objects.exclude(status=NotificationStatus.SENT).exists(),
                seconds=120,
            ), log.read_text()
        finally:
            second.terminate()
            try:
                second.wait(timeout=20)
            except subprocess.TimeoutExpired:
                second.kill()
                second.wait(timeout=10)

    assert recipients(mail_dir) == Counter(dict.fromkeys(expected, 1))
    assert Notification.objects.filter(kind="match_reminder").count() == 12
