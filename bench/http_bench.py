"""End-to-end benchmark: seed 100,000 volunteers, then time the candidates endpoint over HTTP.

    .venv/bin/python bench/http_bench.py                      # the configured database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/http_bench.py
    .venv/bin/python bench/http_bench.py --volunteers 10000 --requests 100   # quicker

It never touches the configured database's data: like the test runner, it creates a throwaway
test database next to it (`test_<name>` on PostgreSQL, in memory for SQLite) and drops it at the
end. Steps, each timed:
1. `seed_demo`'s code path (`demo.seeding.population_seed`): N trained volunteers around
   Warszawa and M newcomers with one open request each, one transaction;
2. the first candidates call, which builds the programme's snapshot (and the same build alone);
3. warm `GET /api/v1/requests/{id}/candidates/?limit=10` through Django's test Client (the whole
   middleware stack: session, scope, DRF, serializers, reason sentences), over many requests;
4. one volunteer changes (`volunteer_profile_update`): the next call patches the snapshot.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

import numpy as np  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from accounts.models import Program, User  # noqa: E402
from accounts.services import coordinator_create  # noqa: E402
from demo.seeding import population_seed  # noqa: E402
from matching.candidates import candidates_for  # noqa: E402
from matching.snapshot import (  # noqa: E402
    pool_for,
    snapshot_clear,
    snapshot_get,
)
from newcomers.models import SupportRequest  # noqa: E402
from volunteers.models import VolunteerProfile  # noqa: E402
from volunteers.services import volunteer_profile_update  # noqa: E402

PASSWORD = "bench-coordinator-2027"  # noqa: S105 - a throwaway database


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def percentiles(samples: list[float]) -> str:
    values = np.array(samples) * 1000
    return (
        f"p50 {np.percentile(values, 50):.1f} / p90 {np.percentile(values, 90):.1f} / "
        f"p95 {np.percentile(values, 95):.1f} / p99 {np.percentile(values, 99):.1f} / "
        f"max {values.max():.1f} ms (mean {statistics.fmean(values):.1f})"
    )


def run(volunteers: int, newcomers: int, queries: int) -> None:
    vendor = connection.vendor
    print(f"database: {vendor} (throwaway test database), {os.cpu_count()} CPUs")
    with scopes_disabled():
        started = time.perf_counter()
        result = population_seed(
            slug="bench-warszawa",
            city="Warszawa",
            volunteers=volunteers,
            newcomers=newcomers,
            seed=0,
            progress=lambda line: print(f"  {time.perf_counter() - started:6.1f} s  {line}"),
        )
        print(
            f"seed_demo: {result.volunteers:,} volunteers, {result.newcomers:,} newcomers, "
            f"{result.completions:,} completions, {result.safeguarding_checks:,} checks "
            f"in {result.seconds:.1f} s"
        )
        program = Program.directory.get(slug="bench-warszawa")
        coordinator = coordinator_create(
            program=program, email="bench@example.org", password=PASSWORD
        )
        request_ids = list(
            SupportRequest.objects.filter(program=program).values_list("id", flat=True)
        )
    client = Client()
    client.force_login(User.objects.get(pk=coordinator.pk))
    rng = np.random.default_rng(1)

    def call(request_id: int) -> float:
        begun = time.perf_counter()
        response = client.get(
            f"/api/v1/requests/{request_id}/candidates/?limit=10", HTTP_ACCEPT_LANGUAGE="pl"
        )
        elapsed = time.perf_counter() - begun
        assert response.status_code == 200, response.content[:300]
        return elapsed

    snapshot_clear()
    cold = call(request_ids[0])
    snapshot = snapshot_get(program.pk)
    assert snapshot is not None
    print(
        f"first call (builds the snapshot): {milliseconds(cold)}; "
        f"snapshot build {snapshot.seconds:.2f} s for {snapshot.volunteers_loaded:,} volunteers"
    )
    snapshot_clear()
    begun = time.perf_counter()
    pool_for(program)
    print(f"snapshot build alone: {time.perf_counter() - begun:.2f} s")

    for request_id in rng.choice(request_ids, size=min(20, len(request_ids))).tolist():
        call(request_id)  # warm-up: code paths, connection, caches
    chosen = rng.choice(request_ids, size=queries).tolist()
    samples = [call(request_id) for request_id in chosen]
    answered = sum(
        1
        for request_id in chosen[:50]
        if client.get(f"/api/v1/requests/{request_id}/candidates/").json()
    )
    print(f"warm HTTP, {queries} requests, limit 10: {percentiles(samples)}")
    print(f"  requests with at least one candidate: {answered} of 50 sampled")
    with scopes_disabled():
        support_requests = list(
            SupportRequest.objects.select_related("newcomer", "program").filter(pk__in=chosen[:100])
        )
    service = []
    for support_request in support_requests:
        begun = time.perf_counter()
        candidates_for(support_request, limit=10)
        service.append(time.perf_counter() - begun)
    print(f"candidates_for alone (no HTTP), {len(service)} requests: {percentiles(service)}")

    patches = []
    patched_calls = []
    with scopes_disabled():
        profiles = list(
            VolunteerProfile.objects.filter(program=program)
            .select_related("user")
            .order_by("pk")[:5]
        )
    for position, profile in enumerate(profiles):
        with scopes_disabled():
            languages = {**profile.languages, "uk": "B2" if position % 2 else "C1"}
            volunteer_profile_update(profile=profile, data={"languages": languages})
        patched_calls.append(call(chosen[position]))
        snapshot = snapshot_get(program.pk)
        assert snapshot is not None and snapshot.how == "patched", snapshot
        patches.append(snapshot.seconds)
    print(
        "one volunteer changed, next call patches: "
        f"patch {statistics.median(patches) * 1000:.0f} ms (median of {len(patches)}), "
        f"whole call {statistics.median(patched_calls) * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--volunteers", type=int, default=100_000)
    parser.add_argument("--newcomers", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=200, help="warm calls to time")
    options = parser.parse_args()
    setup_test_environment(debug=False)
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(options.volunteers, options.newcomers, options.requests)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
