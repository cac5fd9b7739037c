"""A CSV export of 100,000 rows streams in bounded memory (#23 point 5).

    .venv/bin/python bench/export_bench.py                       # seeds 100,000 volunteers first
    .venv/bin/python bench/export_bench.py --database wa_bench_candidates --keep   # reuse a seed

Against a PostgreSQL database with one programme of N volunteers (bench/candidates_bench.py's
seed, made here when missing), gunicorn with the shipped configuration and one worker serves
`GET /api/v1/exports/volunteers.csv` to a signed-in coordinator; the worker's resident memory
is sampled every 20 ms while the client reads the stream. Baseline in the same run: the same
worker's growth over the export of the 2,000 requests. Prints rows, megabytes, seconds, and
the worker's resident growth over what it held before each export.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from candidates_bench import EMAIL, SESSION, SLUG, seed
from stack import Stack, machine, say


def resident_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def worker_pid(master: int) -> int:
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # ppid
            return int(stat.parent.name)
    raise RuntimeError("no gunicorn worker found")


def export(port: int, session: str, kind: str, pid: int) -> str:
    peak = [resident_kib(pid)]
    before = peak[0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], resident_kib(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    begun = time.perf_counter()
    connection.request(
        "GET",
        f"/api/v1/exports/{kind}.csv?program={SLUG}",
        headers={"Cookie": f"sessionid={session}"},
    )
    response = connection.getresponse()
    size, lines = 0, 0
    while chunk := response.read(65536):
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - begun
    done.set()
    sampler.join()
    if response.status != 200:
        raise RuntimeError(f"{kind}: {response.status}")
    growth = (peak[0] - before) / 1024
    return (
        f"{kind}.csv: {lines - 1:,} rows, {size / 1e6:.1f} MB in {seconds:.1f} s; worker resident "
        f"{before / 1024:.0f} MB before, peak {peak[0] / 1024:.0f} MB: growth {growth:.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--volunteers", type=int, default=100_000)
    parser.add_argument("--database", default="wa_bench_candidates")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the seeded database")
    options = parser.parse_args()
    say(f"machine: {machine()}")
    stack = Stack(options.database)
    try:
        seeded = options.keep and stack._database_exists()
        stack.prepare(keep_database=options.keep)
        if not seeded:
            seed(stack, options.volunteers, 2_000)
        printed = stack.manage("shell", "--no-imports", "-c", SESSION % (EMAIL, SLUG))
        session = json.loads(printed.strip().splitlines()[-1])["session"]
        port = stack.start_web(workers=1)
        pid = worker_pid(stack.processes["web"].pid)
        export(port, session, "requests", pid)  # warm: code paths, connection
        say("baseline: " + export(port, session, "requests", pid))
        say(export(port, session, "volunteers", pid))
        say("again:    " + export(port, session, "volunteers", pid))
        say(f"machine at the end: {machine()}")
    finally:
        stack.stop_all()
        if not options.keep:
            stack.drop()


if __name__ == "__main__":
    main()
