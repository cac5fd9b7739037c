"""The production shape for the HTTP benchmarks: a PostgreSQL database of the benchmark's own,
gunicorn with the shipped configuration (deploy/gunicorn.conf.py), a Celery worker on Redis,
production settings (DEBUG off, JSON logs at WARNING); every process it starts is stopped and
the database dropped at the end, whatever happened.

Used by bench/candidates_bench.py and bench/load.py; not a benchmark itself.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def machine() -> str:
    """CPU model, cores and the load average, for the figures' record."""
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.partition(":")[2].strip()
                break
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{model or 'unknown CPU'}, {os.cpu_count()} cores, load average {load}"


def source_of(commit: str) -> Path:
    """The project as it was at `commit`, unpacked aside (with this tree's compiled messages):
    a baseline served from the same database in the same run."""
    target = Path(tempfile.mkdtemp(prefix=f"bench-{commit[:8]}-"))
    archive = subprocess.run(  # noqa: S603 - git on this repository
        ["git", "archive", "--format=tar", commit],  # noqa: S607
        cwd=PROJECT,
        capture_output=True,
        check=True,
    ).stdout
    archive_path = target / "source.tar"
    archive_path.write_bytes(archive)
    with tarfile.open(archive_path) as tar:
        tar.extractall(target, filter="data")
    archive_path.unlink()
    for compiled in (PROJECT / "locale").glob("*/LC_MESSAGES/*.mo"):
        destination = target / compiled.relative_to(PROJECT)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(compiled, destination)
    return target


def group_cpu_seconds(group: int) -> float:
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp; utime, stime, cutime, cstime are fields 14 to 17
            # cutime and cstime: children already reaped, e.g. gunicorn workers recycled
            # after max_requests, whose time would otherwise vanish from the sum.
            ticks += sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass
class Stack:
    database: str
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="bench-stack-")))
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    environment: dict[str, str] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)

    @property
    def database_url(self) -> str:
        return f"{POSTGRES}/{self.database}"

    def prepare(self, *, keep_database: bool = False) -> None:
        """Production settings; the database made anew (or kept when it exists: its seed)."""
        inherited = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "CELERY_", "DATABASE_", "PROMETHEUS_"))
        }
        self.environment = {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + uuid.uuid5(uuid.NAMESPACE_URL, self.database).hex * 2,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": "http://127.0.0.1",
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": REDIS,
            "CACHE_URL": REDIS,
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
            "LOG_FORMAT": "json",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "MEDIA_ROOT": str(self.workdir / "media"),
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "TWO_FACTOR_REQUIRED_FOR_COORDINATORS": "false",
            "PYTHONUNBUFFERED": "1",
        }
        exists = self._database_exists()
        if not (keep_database and exists):
            self._sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            self._sql(f'CREATE DATABASE "{self.database}"')
        key = self.manage("generate_certificate_key", DEBUG="true")
        for line in key.splitlines():
            if line.startswith("CERTIFICATE_SIGNING_KEY="):
                self.environment["CERTIFICATE_SIGNING_KEY"] = line.partition("=")[2].strip()
        self.manage("migrate", "--noinput", timeout=600)
        self.manage("collectstatic", "--noinput", timeout=600)  # pages need the manifest

    def _admin(self) -> Any:
        import psycopg

        return psycopg.connect(f"{POSTGRES}/postgres", autocommit=True)

    def _sql(self, statement: str) -> None:
        with self._admin() as connection:
            connection.execute(statement)

    def _database_exists(self) -> bool:
        with self._admin() as connection:
            found = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (self.database,)
            ).fetchone()
        return found is not None

    def drop(self) -> None:
        self._sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def manage(
        self, *arguments: str, timeout: float = 300, source: Path = PROJECT, **overrides: str
    ) -> str:
        result = subprocess.run(  # noqa: S603 - the project's own manage.py
            [sys.executable, "manage.py", *arguments],
            cwd=source,
            env={**self.environment, **overrides},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(arguments)}:\n{result.stderr[-3000:]}")
        return result.stdout

    def python(self, script: Path, *arguments: str, timeout: float = 1800) -> str:
        """A Django script of bench/ against this stack's database (its output)."""
        result = subprocess.run(  # noqa: S603 - this directory's own scripts
            [sys.executable, str(script), *arguments],
            cwd=PROJECT,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        sys.stderr.write(result.stderr[-2000:])
        if result.returncode != 0:
            raise RuntimeError(f"{script.name} {' '.join(arguments)} failed")
        return result.stdout

    def start(
        self, name: str, command: list[str], *, source: Path = PROJECT, **extra: str
    ) -> subprocess.Popen[bytes]:
        log = (self.workdir / f"{name}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 - fixed commands of this project
            command,
            cwd=source,
            env={**self.environment, "PYTHONPATH": str(source), **extra},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopping it stops its children
        )
        self.processes[name] = process
        return process

    def start_web(self, name: str = "web", *, workers: int = 4, source: Path = PROJECT) -> int:
        """gunicorn with deploy/gunicorn.conf.py (of `source`); the port it listens on."""
        port = free_port()
        self.ports[name] = port
        self.start(
            name,
            [
                str(BIN / "gunicorn"),
                "--config",
                str(source / "deploy" / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "config.wsgi",
            ],
            source=source,
            GUNICORN_WORKERS=str(workers),
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            address = f"http://127.0.0.1:{port}/healthz"
            with contextlib.suppress(OSError), urllib.request.urlopen(address, timeout=5):
                return port
            if self.processes[name].poll() is not None:
                raise RuntimeError(f"{name} exited: {self.log(name)[-2000:]}")
            time.sleep(0.5)
        raise RuntimeError(f"{name} did not answer /healthz in 90 s")

    def start_worker(self, *, concurrency: int = 2) -> None:
        self.start(
            "worker",
            [
                str(BIN / "celery"),
                "--app",
                "config",
                "worker",
                "--loglevel",
                "WARNING",
                "--concurrency",
                str(concurrency),
                "--hostname",
                f"bench-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
        )

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):  # children the leader left behind
            os.killpg(process.pid, signal.SIGKILL)

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)

    def cpu_seconds(self, name: str) -> float:
        """CPU time (user + system) used so far by the processes of `name`'s group, e.g. a
        gunicorn master and its workers: unlike elapsed time, other processes do not add to it."""
        return group_cpu_seconds(self.processes[name].pid)

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""
