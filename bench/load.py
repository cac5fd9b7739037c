"""`make load`: a busy morning on the production shape, measured with Locust (#23 point 5).

    make load                                  # 5 minutes of load, about 15 minutes in all
    make load DURATION=1m
    .venv/bin/python bench/load.py --duration 1m --keep     # keep (and reuse) the seeded database

1. A PostgreSQL database of its own (`wa_bench_load`), migrated; `seed_demo` puts 100,000
   volunteers and 20,000 newcomers with open requests into two programmes (Warszawa 60,000 and
   12,000, Kraków 40,000 and 8,000); bench/load_seed.py adds the people who will act: 20
   coordinators a programme, 100 pairs in an active match a programme (400 participants) and
   certificates to check.
2. gunicorn with the shipped configuration and 4 workers, one Celery worker (Redis broker and
   cache), production settings; a warm-up: every worker builds both programmes' snapshots.
3. Locust (bench/locustfile.py), headless, for `--duration`: 40 coordinators, 400
   participants, 20 anonymous visitors checking certificates.
4. The figures (requests per second, p50/p95/p99 and errors per page and endpoint, the
   database's busiest statements, the load average) printed and written into bench/README.md
   between the `load:begin` and `load:end` markers; then every process stopped and the database
   dropped (unless --keep).

The busiest statements come from `pg_stat_statements` when the server preloads it; otherwise
(a shared server cannot be restarted for a benchmark) the benchmark database alone logs every
statement's duration (`ALTER DATABASE ... SET log_min_duration_statement = 0`) and the
server's log is summed per statement shape. Which source was used is written beside them.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stack import BIN, PROJECT, Stack, machine, say

PROGRAMS = (("load-warszawa", "Warszawa", 0.6), ("load-krakow", "Kraków", 0.4))
README = PROJECT / "bench" / "README.md"
POSTGRES_LOG = Path(
    os.environ.get("BENCH_POSTGRES_LOG", "/var/log/postgresql/postgresql-15-main.log")
)


def seed(stack: Stack, volunteers: int, requests: int, personas: Path) -> None:
    for slug, city, share in PROGRAMS:
        started = time.perf_counter()
        stack.manage(
            "seed_demo",
            "--program",
            slug,
            "--city",
            city,
            "--volunteers",
            str(round(volunteers * share)),
            "--newcomers",
            str(round(requests * share)),
            timeout=3600,
        )
        say(
            f"seeded {slug}: {round(volunteers * share):,} volunteers, "
            f"{round(requests * share):,} requests in {time.perf_counter() - started:.0f} s"
        )
    stack.python(
        PROJECT / "bench" / "load_seed.py",
        "--programs",
        ",".join(slug for slug, _city, _share in PROGRAMS),
        "--out",
        str(personas),
    )
    say(f"personas written to {personas}")
    import psycopg

    # A live database's autovacuum has analysed its tables long before a busy morning; a
    # freshly seeded one would be planned with empty statistics (nested loops over 12,000 rows).
    with psycopg.connect(stack.database_url, autocommit=True) as connection:
        connection.execute("ANALYZE")
    say("analysed")


def warm_up(port: int, personas: Path) -> None:
    """Candidates of both programmes until every worker answers quickly (its snapshots)."""
    import json

    people = json.loads(personas.read_text())
    for program in people["programs"]:
        persona = program["coordinators"][0]
        quick = 0
        for attempt, request_id in enumerate(persona["requests"] * 3):
            begun = time.perf_counter()
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/requests/{request_id}/candidates/",
                headers={"Authorization": f"Token {persona['token']}"},
            )
            with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
                response.read()
            quick = quick + 1 if time.perf_counter() - begun < 1 else 0
            if quick >= 16 or attempt > 200:
                break
    say("warm: every worker holds both programmes' snapshots")


def statements_source(stack: Stack) -> str:
    """'pg_stat_statements' when usable here, else 'log' (after switching the logging on)."""
    import psycopg

    with psycopg.connect(stack.database_url, autocommit=True) as connection:
        try:
            connection.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            connection.execute("SELECT pg_stat_statements_reset()")
            return "pg_stat_statements"
        except psycopg.Error as refused:
            say(f"pg_stat_statements not usable ({str(refused).strip()}); logging durations")
    with psycopg.connect(stack.database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as c:
        c.execute(f'ALTER DATABASE "{stack.database}" SET log_min_duration_statement = 0')
    return "log"


def busiest_from_pg_stat_statements(stack: Stack, limit: int) -> list[tuple[str, int, float]]:
    import psycopg

    with psycopg.connect(stack.database_url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT query, calls, total_exec_time FROM pg_stat_statements "
            "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "ORDER BY total_exec_time DESC LIMIT %s",
            (limit,),
        ).fetchall()
    return [(query, calls, total) for query, calls, total in rows]


_DURATION = re.compile(r"duration: ([0-9.]+) ms\s+(?:statement|execute [^:]*): (.*)")
_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b|\$\d+")


def busiest_from_log(database: str, offset: int, limit: int) -> list[tuple[str, int, float]]:
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    with POSTGRES_LOG.open(errors="replace") as log:
        log.seek(offset)
        for line in log:
            if f"@{database} " not in line:
                continue
            found = _DURATION.search(line)
            if found is None:
                continue
            shape = _LITERALS.sub("?", found.group(2))
            shape = re.sub(r"IN \((?:\?, )*\?\)", "IN (...)", shape)[:400]
            totals[shape][0] += 1
            totals[shape][1] += float(found.group(1))
    ranked = sorted(totals.items(), key=lambda item: -item[1][1])[:limit]
    return [(shape, int(calls), total) for shape, (calls, total) in ranked]


def locust_rows(prefix: Path) -> list[dict[str, str]]:
    with (prefix.parent / f"{prefix.name}_stats.csv").open() as stats:
        return list(csv.DictReader(stats))


def report(
    rows: list[dict[str, str]], busiest: list[tuple[str, int, float]], source: str, header: str
) -> str:
    lines = [
        header,
        "",
        "| page or endpoint | requests | errors | rps | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in sorted(rows, key=lambda row: (row["Name"] == "Aggregated", row["Name"])):
        name = "**all**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} |"
        )
    lines += [
        "",
        f"Busiest statements ({source}), by total time:",
        "",
        "| total ms | calls | statement |",
        "|---:|---:|---|",
    ]
    for query, calls, total in busiest:
        text = " ".join(query.split()).replace("|", "\\|")
        lines.append(f"| {total:,.0f} | {calls:,} | `{text[:300]}` |")
    return "\n".join(lines) + "\n"


def write_readme(section: str) -> None:
    text = README.read_text()
    begin, end = "<!-- load:begin -->", "<!-- load:end -->"
    if begin in text and end in text:
        head, _old, tail = text[: text.index(begin) + len(begin)], None, text[text.index(end) :]
        text = f"{head}\n{section}{tail}"
    else:
        text += f"\n{begin}\n{section}{end}\n"
    README.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", default="5m", help="Locust's --run-time, e.g. 1m, 5m")
    parser.add_argument("--volunteers", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", default="wa_bench_load")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the seeded database")
    parser.add_argument("--no-readme", action="store_true", help="print only")
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    personas = Path(tempfile.gettempdir()) / f"{options.database}-personas.json"
    stack = Stack(options.database)
    say(f"machine: {machine()}")
    try:
        seeded = options.keep and stack._database_exists() and personas.exists()
        stack.prepare(keep_database=seeded)
        stack.environment["TRUSTED_PROXIES"] = "1"  # visitors' addresses (locustfile)
        if not seeded:
            seed(stack, options.volunteers, options.requests, personas)
        source = statements_source(stack)
        port = stack.start_web(workers=options.workers)
        stack.start_worker(concurrency=1)
        warm_up(port, personas)
        if source == "pg_stat_statements":
            busiest_from_pg_stat_statements(stack, 0)
        log_offset = POSTGRES_LOG.stat().st_size if source == "log" else 0
        load_before = " ".join(f"{v:.1f}" for v in os.getloadavg())
        started = datetime.datetime.now(datetime.UTC)
        cpu_before = stack.cpu_seconds("web")
        say(f"locust for {options.duration} against 127.0.0.1:{port}")
        subprocess.run(  # noqa: S603 - locust from this environment
            [
                str(BIN / "locust"),
                "-f",
                str(PROJECT / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                f"http://127.0.0.1:{port}",
                "--users",
                "460",
                "--spawn-rate",
                "40",
                "--run-time",
                options.duration,
                "--csv",
                str(workdir / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=PROJECT,
            env={**os.environ, "LOAD_PERSONAS": str(personas)},
            check=False,
        )
        web_cpu = stack.cpu_seconds("web") - cpu_before
        load_after = " ".join(f"{v:.1f}" for v in os.getloadavg())
        if source == "pg_stat_statements":
            busiest = busiest_from_pg_stat_statements(stack, 10)
        else:
            busiest = busiest_from_log(options.database, log_offset, 10)
        header = (
            f"Run of {started:%Y-%m-%d %H:%M} UTC, {options.duration}, {options.workers} gunicorn "
            f"workers, 40 coordinators, 400 participants, 20 visitors; {machine()} at the end "
            f"(load average {load_before} before, {load_after} after; gunicorn used "
            f"{web_cpu:.0f} s of CPU)."
        )
        section = report(locust_rows(workdir / "load"), busiest, source, header)
        print(section)
        if not options.no_readme:
            write_readme(section)
            say("written to bench/README.md")
    finally:
        stack.stop_all()
        if not options.keep:
            stack.drop()
            personas.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
