"""`make prod-smoke`: the production shape, run for real on this machine, then stopped.

Against the machine's PostgreSQL (a database of its own, `wa_smoke`, dropped at the end) and
Redis (database 13, emptied before and after), with production settings (DEBUG off, hashed and
compressed static files, a fresh secret key and certificate signing key, JSON logs), it:

1. migrates, collects static files, loads the demo data, runs `check --deploy`;
2. starts gunicorn (2 workers, a free port), one Celery worker and one beat, and, when nginx
   is installed (CI installs it and sets REQUIRE_NGINX=1), nginx in front of gunicorn with the
   shipped site file (scripts/nginx_front.py);
3. waits until `/readyz` says ready (database, migrations, broker, worker heartbeat);
4. checks: `/healthz`; a hashed static file served compressed and cached for a year; the
   landing page; an API sign-in, the coordinator's open requests and a candidates list; a
   matching run (POST 202, polled until done by the worker) whose request id appears in the
   worker's JSON log; the daily sweep sent through the broker (`matching.monitor_commitments`)
   and counted as succeeded in `/metrics`, which refuses a caller without the token; a second
   beat refused by the beat lock; every log line JSON; through nginx: HTTP redirected to
   HTTPS, Django seeing HTTPS (HSTS) and logging nginx's request id, static files' caching,
   the 10 MB upload limit, /metrics from the allowed network;
5. stops every process it started (SIGTERM to each process group, SIGKILL after a grace
   period), drops the database and empties the Redis database, whatever happened before.

`--measure SECONDS` then also measures requests per second of one sync gunicorn worker on the
coordinator's requests page and the candidates endpoint (docs/operations.md, "Sizing").

Settings differing from a city's deployment, and why: SECURE_SSL_REDIRECT and the secure
cookie flags are off (plain HTTP on loopback, no TLS proxy in front), and coordinators' second
factor is not required (the smoke test signs in with a password; the 2FA flow has its tests).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from nginx_front import NginxFront, nginx_path  # this script's directory is on sys.path

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POSTGRES = os.environ.get("SMOKE_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("SMOKE_DATABASE", "wa_smoke")
REDIS = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/13")
COORDINATOR = ("koordynator@warszawa.example.org", "ambasador-demo-2027")
TOTAL_SECONDS = 420  # the whole run, stopping included, stays under this


class SmokeFailure(Exception):
    pass


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _self_signed_allowed() -> ssl.SSLContext:
    # nginx here serves a certificate made for this run; what is checked is the proxying.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


OPENER = urllib.request.build_opener(
    _NoRedirects(), urllib.request.HTTPSHandler(context=_self_signed_allowed())
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def say(message: str) -> None:
    print(f"prod-smoke: {message}", flush=True)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Smoke:
    workdir: Path
    port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    environment: dict[str, str] = field(default_factory=dict)
    metrics_token: str = field(default_factory=lambda: uuid.uuid4().hex)
    nginx: NginxFront | None = None

    # Set-up ---------------------------------------------------------------------------------

    def prepare(self) -> None:
        self._reset_database()
        self._redis().flushdb()
        key = self._signing_key()
        (self.workdir / "metrics").mkdir()
        inherited = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "CELERY_", "DATABASE_", "PROMETHEUS_"))
        }
        self.environment = {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": "smoke-" + uuid.uuid4().hex + uuid.uuid4().hex,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
            "CELERY_BROKER_URL": REDIS,
            # As deploy/env.example: limits counted in Redis, nginx the one proxy in front.
            "CACHE_URL": REDIS,
            "TRUSTED_PROXIES": "1",
            "CERTIFICATE_SIGNING_KEY": key,
            "METRICS_TOKEN": self.metrics_token,
            "LOG_FORMAT": "json",
            "CONN_MAX_AGE": "60",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.workdir / "mail"),
            "MEDIA_ROOT": str(self.workdir / "media"),
            "PROMETHEUS_MULTIPROC_DIR": str(self.workdir / "metrics"),
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "TWO_FACTOR_REQUIRED_FOR_COORDINATORS": "false",
            "PYTHONUNBUFFERED": "1",
        }
        for arguments in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo"]):
            self.manage(*arguments)
        # The deployment check with the HTTPS switches as a city runs them (on).
        self.manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            SECURE_SSL_REDIRECT="true",
            SESSION_COOKIE_SECURE="true",
            CSRF_COOKIE_SECURE="true",
        )
        say("migrated, static files collected, demo data loaded, deploy check clean")

    def _signing_key(self) -> str:
        printed = subprocess.run(
            [sys.executable, "manage.py", "generate_certificate_key"],
            cwd=PROJECT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        for line in printed.splitlines():
            if line.startswith("CERTIFICATE_SIGNING_KEY="):
                return line.partition("=")[2].strip()
        raise SmokeFailure("generate_certificate_key printed no key")

    def _admin_connection(self) -> Any:
        import psycopg

        return psycopg.connect(f"{POSTGRES}/postgres", autocommit=True)

    def _reset_database(self) -> None:
        from psycopg import sql

        with self._admin_connection() as connection:
            name = sql.Identifier(DATABASE)
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))

    def _drop_database(self) -> None:
        from psycopg import sql

        with self._admin_connection() as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE))
            )

    def _redis(self) -> Any:
        import redis

        return redis.Redis.from_url(REDIS, socket_timeout=5)

    def manage(self, *arguments: str, timeout: float = 180, **overrides: str) -> str:
        result = subprocess.run(  # noqa: S603 - the project's own manage.py
            [sys.executable, "manage.py", *arguments],
            cwd=PROJECT,
            env={**self.environment, **overrides},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise SmokeFailure(f"manage.py {' '.join(arguments)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    # Processes ------------------------------------------------------------------------------

    def start(self, name: str, command: list[str], **extra: str) -> subprocess.Popen[bytes]:
        log = (self.workdir / f"{name}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 - fixed commands of this project
            command,
            cwd=PROJECT,
            env={**self.environment, **extra},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopping it stops its children
        )
        self.processes[name] = process
        return process

    def start_all(self, *, web_workers: int = 2) -> None:
        self.start(
            "web",
            [
                str(BIN / "gunicorn"),
                "--config",
                "deploy/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(web_workers),
                "config.wsgi",
            ],
        )
        self.start(
            "worker",
            [
                str(BIN / "celery"),
                "--app",
                "config",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
                "--hostname",
                f"smoke-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
        )
        self.start(
            "beat",
            [
                str(BIN / "celery"),
                "--app",
                "config",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(self.workdir / "beat-schedule"),
            ],
        )
        say(f"started gunicorn on 127.0.0.1:{self.port}, a worker and beat")
        if nginx_path() is None:
            if os.environ.get("REQUIRE_NGINX") == "1":
                raise SmokeFailure("nginx is not installed (Debian: apt-get install nginx)")
            say("nginx is not installed: the site file is not tried (CI installs it)")
            return
        self.nginx = NginxFront(self.workdir, free_port(), free_port(), upstream_port=self.port)
        try:
            command = self.nginx.prepare()
        except ValueError as refused:
            raise SmokeFailure(str(refused)) from None
        self.start("nginx", command)
        say(
            f"started nginx with deploy/nginx/welcome-ambassador.conf on "
            f"127.0.0.1:{self.nginx.http_port} and :{self.nginx.https_port} (TLS)"
        )

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        for name, process in self.processes.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                say(f"{name} ignored SIGTERM; killing it")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        # A process group may keep children the leader left behind (prefork pool children).
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

    def assert_running(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise SmokeFailure(f"{name} exited with {process.returncode}")

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    # HTTP -----------------------------------------------------------------------------------

    def request(
        self,
        path: str,
        *,
        method: str = "GET",
        body: object | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 30,
        base: str | None = None,
        raw: bytes | None = None,
    ) -> Answer:
        """A request to gunicorn (or to `base`, e.g. nginx); redirects are not followed."""
        data = json.dumps(body).encode() if body is not None else raw
        request = urllib.request.Request(  # noqa: S310 - http(s) to this run's own servers
            f"{base or f'http://127.0.0.1:{self.port}'}{path}",
            data=data,
            method=method,
            headers={
                "Host": "localhost",
                **({"Content-Type": "application/json"} if data else {}),
                **(headers or {}),
            },
        )
        try:
            with OPENER.open(request, timeout=timeout) as response:
                return Answer(response.status, dict(response.headers.items()), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers.items()), error.read())

    def expect(self, answer: Answer, status: int, what: str) -> Answer:
        if answer.status != status:
            raise SmokeFailure(
                f"{what}: expected {status}, got {answer.status}: {answer.body[:500]!r}"
            )
        say(f"ok: {what}")
        return answer

    # Checks ---------------------------------------------------------------------------------

    def wait_ready(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        last: Answer | None = None
        while time.monotonic() < deadline:
            self.assert_running()
            with contextlib.suppress(OSError):
                last = self.request("/readyz", timeout=5)
                if last.status == 200:
                    say(f"ok: ready {last.json()['checks']}")
                    return
            time.sleep(0.5)
        raise SmokeFailure(f"not ready after {seconds} s: {last.body if last else 'no answer'!r}")

    def check_everything(self) -> None:
        health = self.expect(self.request("/healthz"), 200, "/healthz")
        if health.json() != {"status": "ok"}:
            raise SmokeFailure(f"/healthz said {health.body!r}")
        self.check_static_files()
        self.expect(self.request("/"), 200, "the landing page")
        token = self.sign_in()
        auth = {"Authorization": f"Token {token}"}
        requests = self.expect(
            self.request("/api/v1/requests/?status=open", headers=auth),
            200,
            "the coordinator's open requests",
        ).json()
        if not requests["results"]:
            raise SmokeFailure("the demo data has no open request")
        first = requests["results"][0]["id"]
        self.expect(
            self.request(f"/api/v1/requests/{first}/candidates/?limit=10", headers=auth),
            200,
            "candidates for an open request",
        )
        self.check_matching_run(auth)
        self.check_sweep_through_the_worker()
        self.check_metrics()
        self.check_second_beat_refused()
        self.check_logs_are_json()
        if self.nginx is not None:
            self.check_through_nginx(self.nginx)

    def check_static_files(self) -> None:
        original, hashed = hashed_static_file(".css")
        answer = self.expect(
            self.request(f"/static/{hashed}", headers={"Accept-Encoding": "gzip"}),
            200,
            f"hashed static file {hashed} (for {original})",
        )
        encoding = answer.headers.get("Content-Encoding", "")
        cache = answer.headers.get("Cache-Control", "")
        if encoding not in {"gzip", "br"} or "immutable" not in cache:
            raise SmokeFailure(f"static file served with {encoding=} {cache=}")
        say(f"ok: served compressed ({encoding}), Cache-Control: {cache}")

    def check_through_nginx(self, nginx: NginxFront) -> None:
        """What a city's nginx adds: HTTPS, the redirect, Django seeing HTTPS, the request id,
        static files' caching, the upload limit and the /metrics allow-list."""
        https = f"https://127.0.0.1:{nginx.https_port}"
        plain = self.request("/verify/", base=f"http://127.0.0.1:{nginx.http_port}")
        location = plain.headers.get("Location", "")
        if plain.status != 301 or not location.startswith("https://"):
            raise SmokeFailure(f"plain HTTP answered {plain.status} {location!r}")
        say("ok: nginx redirects plain HTTP to HTTPS")
        landing = self.expect(self.request("/", base=https), 200, "the landing page through nginx")
        if "max-age=31536000" not in landing.headers.get("Strict-Transport-Security", ""):
            raise SmokeFailure(f"no HSTS through nginx: Django did not see HTTPS {landing.headers}")
        request_id = landing.headers.get("X-Request-ID", "")
        access_log = self.workdir / "welcome-ambassador.access.log"
        # Both write their line once the answer has gone out: give them a moment to land.
        deadline = time.monotonic() + 10
        while not (
            request_id and request_id in access_log.read_text() and request_id in self.log("web")
        ):
            if not request_id or time.monotonic() > deadline:
                raise SmokeFailure(f"nginx's request id {request_id!r} is not Django's")
            time.sleep(0.2)
        say("ok: Django sees HTTPS (HSTS) and logs nginx's request id")
        _original, hashed = hashed_static_file(".js")
        static = self.expect(
            self.request(f"/static/{hashed}", base=https), 200, f"static {hashed} through nginx"
        )
        if "immutable" not in static.headers.get("Cache-Control", ""):
            raise SmokeFailure(f"static file through nginx: {static.headers}")
        too_big = self.request(
            "/api/v1/imports/", method="POST", raw=b"x" * (11 * 1024 * 1024), base=https
        )
        self.expect(too_big, 413, "nginx refuses an upload over 10 MB")
        metrics = self.request(
            "/metrics", base=https, headers={"Authorization": f"Bearer {self.metrics_token}"}
        )
        self.expect(metrics, 200, "/metrics through nginx from the allowed network")

    def sign_in(self) -> str:
        email, password = COORDINATOR
        answer = self.expect(
            self.request(
                "/api/v1/auth/token/", method="POST", body={"email": email, "password": password}
            ),
            200,
            "API sign-in of the demo coordinator",
        )
        return str(answer.json()["token"])

    def check_matching_run(self, auth: dict[str, str]) -> None:
        request_id = str(uuid.uuid4())
        started = self.expect(
            self.request(
                "/api/v1/matching-runs/",
                method="POST",
                body={"program": "warszawa"},
                headers={**auth, "X-Request-ID": request_id},
            ),
            202,
            "matching run started",
        ).json()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            run = self.request(f"/api/v1/matching-runs/{started['id']}/", headers=auth).json()
            if run["status"] in {"done", "failed"}:
                break
            time.sleep(0.5)
        if run["status"] != "done":
            raise SmokeFailure(f"matching run ended {run}")
        say(f"ok: matching run done by the worker, {run['proposals']} proposals")
        if not any(
            entry.get("request_id") == request_id.replace("-", "")
            or entry.get("request_id") == request_id
            for entry in self.json_lines("worker")
        ):
            raise SmokeFailure(f"request id {request_id} not in the worker's log")
        say(f"ok: request id {request_id} followed the run into the worker's log")

    def check_sweep_through_the_worker(self) -> None:
        sent = subprocess.run(  # noqa: S603 - Celery's own command line
            [str(BIN / "celery"), "--app", "config", "call", "matching.monitor_commitments"],
            cwd=PROJECT,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if sent.returncode != 0:
            raise SmokeFailure(f"celery call failed: {sent.stderr[-2000:]}")
        wanted = (
            "welcome_ambassador_celery_tasks_total"
            '{state="succeeded",task="matching.monitor_commitments"}'
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if wanted in self.metrics_text():
                say("ok: the commitment sweep ran in the worker (counted in /metrics)")
                return
            time.sleep(0.5)
        raise SmokeFailure("the sweep sent through the broker was not seen done")

    def metrics_text(self) -> str:
        answer = self.request("/metrics", headers={"Authorization": f"Bearer {self.metrics_token}"})
        if answer.status != 200:
            raise SmokeFailure(f"/metrics with the token answered {answer.status}")
        return answer.body.decode()

    def check_metrics(self) -> None:
        self.expect(self.request("/metrics"), 403, "/metrics refused without the token")
        text = self.metrics_text()
        for name in (
            "django_http_requests_latency_seconds_by_view_method_bucket",
            "welcome_ambassador_celery_task_duration_seconds_bucket",
            "welcome_ambassador_commitments_sweep_duration_seconds_count",
            "welcome_ambassador_matching_run_solve_seconds_count",
            "welcome_ambassador_celery_queue_length",
        ):
            if name not in text:
                raise SmokeFailure(f"{name} missing from /metrics")
        say("ok: /metrics has request latency by view, task, sweep, solve and queue metrics")

    def check_second_beat_refused(self) -> None:
        second = subprocess.run(  # noqa: S603 - Celery's own command line
            [
                str(BIN / "celery"),
                "--app",
                "config",
                "beat",
                "--schedule",
                str(self.workdir / "second-beat-schedule"),
            ],
            cwd=PROJECT,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if second.returncode == 0 or "beat refused" not in second.stdout + second.stderr:
            raise SmokeFailure(f"a second beat was not refused: {second.stderr[-2000:]}")
        say("ok: a second beat is refused while the first holds the lock")

    def json_lines(self, name: str) -> Iterator[dict[str, Any]]:
        for line in self.log(name).splitlines():
            with contextlib.suppress(ValueError):
                entry = json.loads(line)
                if isinstance(entry, dict):
                    yield entry

    def check_logs_are_json(self) -> None:
        for name in ("web", "worker", "beat"):
            lines = [line for line in self.log(name).splitlines() if line.strip()]
            if name != "web":
                # Celery prints its start-up banner to stdout before logging starts.
                lines = [line for line in lines if line.startswith("{")]
            broken = [line for line in lines if not _is_json(line)]
            if not lines or broken:
                raise SmokeFailure(f"{name}: log lines not JSON: {broken[:3]}")
        say("ok: web, worker and beat log JSON lines")

    # Sizing ---------------------------------------------------------------------------------

    def measure(self, seconds: float) -> None:
        """Requests/second of ONE sync gunicorn worker (restarted for this), 4 client threads."""
        self.processes.pop("web").send_signal(signal.SIGTERM)
        time.sleep(2)
        self.port = free_port()
        self.start(
            "web-measure",
            [
                str(BIN / "gunicorn"),
                "--config",
                "deploy/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "config.wsgi",
            ],
        )
        self.wait_ready()
        token = self.sign_in()
        auth = {"Authorization": f"Token {token}"}
        first = self.request("/api/v1/requests/?status=open", headers=auth).json()["results"][0]
        session = self.page_session()
        targets = {
            "coordinator requests page": ("/coordinators/requests/", {"Cookie": session}),
            "API open requests list": ("/api/v1/requests/?status=open", auth),
            "candidates endpoint (limit 10)": (
                f"/api/v1/requests/{first['id']}/candidates/?limit=10",
                auth,
            ),
        }
        for label, (path, headers) in targets.items():
            self.expect(self.request(path, headers=headers), 200, f"warm-up {label}")
            rate, p50, p95 = load(functools.partial(self.request, path, headers=headers), seconds)
            say(f"sizing: {label}: {rate:.1f} requests/s, p50 {p50:.0f} ms, p95 {p95:.0f} ms")

    def page_session(self) -> str:
        """A signed-in session cookie for the pages (the sign-in form, as a browser would)."""
        from http.cookiejar import CookieJar

        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        base = f"http://127.0.0.1:{self.port}"
        opener.open(f"{base}/accounts/login/", timeout=30).read()
        csrf = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
        email, password = COORDINATOR
        form = urllib.parse.urlencode(
            {"login": email, "password": password, "csrfmiddlewaretoken": csrf}
        ).encode()
        opener.open(
            urllib.request.Request(  # noqa: S310
                f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/accounts/login/"}
            ),
            timeout=30,
        ).read()
        cookies = {cookie.name: cookie.value for cookie in jar}
        if "sessionid" not in cookies:
            raise SmokeFailure("page sign-in gave no session")
        return f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}"


def hashed_static_file(suffix: str) -> tuple[str, str]:
    """The first collected static file ending in `suffix`: its name and its hashed name."""
    manifest = json.loads((PROJECT / "var" / "static" / "staticfiles.json").read_text())
    paths = sorted(manifest["paths"].items())
    return next((name, stored) for name, stored in paths if name.endswith(suffix))


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def load(
    call: Callable[[], Answer], seconds: float, threads: int = 4
) -> tuple[float, float, float]:
    """Call for `seconds` from `threads` threads; (requests/s, p50 ms, p95 ms) of 200s."""
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            answer = call()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                (
                    latencies.append(elapsed)
                    if answer.status == 200
                    else failures.append(answer.status)
                )

    workers = [threading.Thread(target=client) for _ in range(threads)]
    began = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures or not latencies:
        raise SmokeFailure(f"load: {len(failures)} failures ({sorted(set(failures))})")
    latencies.sort()
    return (
        len(latencies) / (time.monotonic() - began),
        latencies[len(latencies) // 2],
        latencies[int(len(latencies) * 0.95)],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", type=float, default=0, metavar="SECONDS")
    parser.add_argument("--keep-logs", action="store_true", help="leave the log directory")
    options = parser.parse_args()

    def stop_on_signal(number: int, frame: FrameType | None) -> None:
        raise SystemExit(f"stopped by signal {number}")

    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGALRM):
        signal.signal(number, stop_on_signal)
    signal.alarm(TOTAL_SECONDS - 60 + int(options.measure) * 3)

    workdir = Path(tempfile.mkdtemp(prefix="wa-smoke-"))
    smoke = Smoke(workdir=workdir)
    began = time.monotonic()
    failed = True
    try:
        smoke.prepare()
        smoke.start_all()
        smoke.wait_ready()
        smoke.check_everything()
        if options.measure:
            smoke.measure(options.measure)
        failed = False
    except SmokeFailure as failure:
        say(f"FAILED: {failure}")
    finally:
        signal.alarm(0)
        smoke.stop_all()
        if failed:
            for name in smoke.processes:
                say(f"--- last lines of {name}.log ---")
                print("\n".join(smoke.log(name).splitlines()[-40:]), flush=True)
        with contextlib.suppress(Exception):
            smoke._drop_database()
        with contextlib.suppress(Exception):
            smoke._redis().flushdb()
        if options.keep_logs:
            say(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
        say(f"stopped everything in {time.monotonic() - began:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
