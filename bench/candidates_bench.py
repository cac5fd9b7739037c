"""Candidates at 100,000 volunteers through gunicorn, one client, against a baseline (#23 point 1).

    .venv/bin/python bench/candidates_bench.py                       # about 10 minutes
    .venv/bin/python bench/candidates_bench.py --keep                # reuse an earlier seed
    .venv/bin/python bench/candidates_bench.py --volunteers 10000 --calls 100   # quicker

On a PostgreSQL database of its own (`wa_bench_candidates`, dropped at the end unless --keep)
it seeds N volunteers and 2,000 newcomers with open requests around Warszawa (`seed_demo`) and
a coordinator, then serves `GET /api/v1/requests/{id}/candidates/?limit=10` with gunicorn and
the shipped configuration (deploy/gunicorn.conf.py: 4 sync workers) twice, alternately: from
the baseline's code (`--baseline`, by default the commit this branch left main at, unpacked
aside) and from this tree. For each it warms up (every worker builds its snapshot) and times
`--calls` requests on one keep-alive connection, in elapsed time, and compares every answer of
the two (same volunteers, scores, reasons). The load average is printed beside each figure:
on a shared machine the elapsed times measure the queue for the CPU as well.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stack import PROJECT, Stack, machine, say, source_of

SLUG = "bench-warszawa"
EMAIL = "bench-coordinator@example.org"
PASSWORD = "Kx7-mQ2-tLp9-Ruh-2027"  # noqa: S105 - a throwaway database

SESSION = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_scopes import scopes_disabled
from accounts.models import User
from newcomers.models import SupportRequest
with scopes_disabled():
    user = User.objects.get(email="%s")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    ids = list(SupportRequest.objects.filter(program__slug="%s", status="open")
               .order_by("pk").values_list("pk", flat=True))
print(json.dumps({"session": session.session_key, "requests": ids}))
"""


def seed(stack: Stack, volunteers: int, newcomers: int) -> None:
    started = time.perf_counter()
    stack.manage(
        "seed_demo",
        "--program",
        SLUG,
        "--city",
        "Warszawa",
        "--volunteers",
        str(volunteers),
        "--newcomers",
        str(newcomers),
        timeout=3600,
    )
    stack.manage("create_coordinator", "--program", SLUG, "--email", EMAIL, "--password", PASSWORD)
    say(
        f"seeded {volunteers:,} volunteers, {newcomers:,} newcomers in "
        f"{time.perf_counter() - started:.0f} s"
    )


def calls(port: int, session: str, request_ids: list[int]) -> tuple[list[float], list[bytes]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Cookie": f"sessionid={session}", "Accept-Language": "pl"}
    elapsed, bodies = [], []
    for request_id in request_ids:
        begun = time.perf_counter()
        connection.request(
            "GET", f"/api/v1/requests/{request_id}/candidates/?limit=10", headers=headers
        )
        response = connection.getresponse()
        body = response.read()
        elapsed.append(time.perf_counter() - begun)
        if response.status != 200:
            raise RuntimeError(f"{request_id}: {response.status} {body[:300]!r}")
        bodies.append(body)
    connection.close()
    return elapsed, bodies


def warm(port: int, session: str, request_ids: list[int]) -> int:
    """Until 20 calls in a row answer within 0.5 s (every worker has built its snapshot)."""
    done, quick = 0, 0
    while quick < 20 and done < 400:
        (seconds,), _ = calls(port, session, [request_ids[done % len(request_ids)]])
        quick = quick + 1 if seconds < 0.5 else 0
        done += 1
    return done


def summary(samples: list[float]) -> str:
    values = np.array(samples) * 1000
    return (
        f"p50 {np.percentile(values, 50):6.1f}  p90 {np.percentile(values, 90):6.1f}  "
        f"p95 {np.percentile(values, 95):6.1f}  p99 {np.percentile(values, 99):6.1f} ms  "
        f"(mean {statistics.fmean(values):.1f}, n {len(values)})"
    )


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--volunteers", type=int, default=100_000)
    parser.add_argument("--newcomers", type=int, default=2_000)
    parser.add_argument("--calls", type=int, default=300, help="timed calls per round and server")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", help="commit to compare with (default: merge-base with main)")
    parser.add_argument("--database", default="wa_bench_candidates")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the seeded database")
    options = parser.parse_args()
    baseline = (
        options.baseline
        or subprocess.run(
            ["git", "merge-base", "HEAD", "main"],  # noqa: S607
            cwd=PROJECT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    say(f"machine: {machine()}")
    stack = Stack(options.database)
    before = source_of(baseline)
    try:
        seeded = options.keep and stack._database_exists()
        stack.prepare(keep_database=options.keep)
        if not seeded:
            seed(stack, options.volunteers, options.newcomers)
        printed = stack.manage("shell", "--no-imports", "-c", SESSION % (EMAIL, SLUG))
        found = json.loads(printed.strip().splitlines()[-1])
        rng = np.random.default_rng(7)
        chosen = rng.choice(found["requests"], size=options.calls).tolist()
        results: dict[str, list[float]] = {"baseline": [], "this tree": []}
        answers: dict[str, list[bytes]] = {}
        server_cpu: dict[str, list[float]] = {"baseline": [], "this tree": []}
        for round_number in range(1, options.rounds + 1):
            for label, source in (("baseline", before), ("this tree", PROJECT)):
                port = stack.start_web(label, source=source)
                warmed = warm(port, found["session"], found["requests"])
                at_start = load()
                cpu_before = stack.cpu_seconds(label)
                elapsed, bodies = calls(port, found["session"], chosen)
                cpu = (stack.cpu_seconds(label) - cpu_before) / len(chosen)
                stack.stop(label)
                results[label] += elapsed
                server_cpu[label].append(cpu)
                answers.setdefault(label, bodies)
                say(
                    f"round {round_number} {label:9s} ({warmed} warm-up calls): "
                    f"{summary(elapsed)}  server CPU {cpu * 1000:.1f} ms a call  "
                    f"load {at_start} -> {load()}"
                )
        say(f"GET /api/v1/requests/{{id}}/candidates/?limit=10, {options.volunteers:,} volunteers")
        for label, samples in results.items():
            cpu = statistics.fmean(server_cpu[label]) * 1000
            say(f"  all rounds, {label:9s}: {summary(samples)}  server CPU {cpu:.1f} ms a call")
        same = sum(
            json.loads(a) == json.loads(b)
            for a, b in zip(answers["baseline"], answers["this tree"], strict=True)
        )
        say(f"  identical answers: {same} of {len(chosen)} (baseline {baseline[:8]})")
        say(f"machine at the end: {machine()}")
    finally:
        stack.stop_all()
        if not options.keep:
            stack.drop()


if __name__ == "__main__":
    main()
