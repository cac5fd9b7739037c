"""Benchmark of the matching engine on one synthetic population.

    .venv/bin/python bench/engine_bench.py [--quick]

Prints, on the same data: top-10 latency of `rank` at 1k to 100k volunteers next to a naive
per-pair Python loop with geopy's geodesic (only a few naive queries at the larger sizes: each
takes seconds) and to `rank_exhaustive`'s full scan, whether `rank` returned exactly what
`rank_exhaustive` returns on all 300 queries at every size,
and the batch: the 20k x 20k assignment (graph build, solver, peak memory, total score, matched
share) next to a greedy pass, and at 5k next to stable hospital/resident matching (the
`matching` package from PyPI, when installed) and the exact optimum over every feasible pair.
`--quick` shrinks everything to run in well under 30 seconds.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import importlib.util
import math
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from geopy.distance import geodesic

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo.synthetic import synthetic_requests, synthetic_volunteers
from matching.engine import Pool, Weights, encode_pool, rank, rank_exhaustive
from matching.engine.assignment import (
    Assignment,
    CandidateGraph,
    assign_graph,
    candidate_graph,
    greedy_graph,
)
from matching.engine.encoding import (
    LANGUAGE_PRACTICE,
    POLISH,
    USABLE_LEVEL,
    RequestInput,
    VolunteerInput,
    interest_terms,
    language_levels,
    request_language_levels,
)
from matching.engine.scoring import FIRST_LANGUAGE_BONUS, LEVEL_SCORE

WEIGHTS = Weights()


# --- the naive baseline: one Python loop over every volunteer, geopy geodesic distances -------


class NaiveRanker:
    """What one writes first: score every volunteer in Python, then sort."""

    def __init__(self, volunteers: Sequence[VolunteerInput]) -> None:
        self.volunteers = volunteers
        documents = [set(interest_terms(v.interests)) for v in volunteers]
        frequency: dict[str, int] = {}
        for document in documents:
            for term in document:
                frequency[term] = frequency.get(term, 0) + 1
        self.count = len(volunteers)
        self.idf = {
            term: math.log((1 + self.count) / (1 + df)) + 1 for term, df in frequency.items()
        }
        self.documents = documents
        self.norms = [math.sqrt(sum(self.idf[t] ** 2 for t in d)) for d in documents]

    def rank(self, request: RequestInput, k: int = 10) -> list[tuple[int, float]]:
        weights = WEIGHTS
        wanted = request_language_levels(request)
        terms = set(interest_terms(request.interests))
        unseen = math.log(1 + self.count) + 1
        request_norm = math.sqrt(sum(self.idf.get(t, unseen) ** 2 for t in terms))
        needs = set(request.needs)
        skills_weight = weights.skills_weight(("low", "normal", "high").index(request.urgency))
        total_weight = weights.total(("low", "normal", "high").index(request.urgency))
        online_only = request.modes == {"online"}
        scored = []
        for volunteer, document, norm in zip(
            self.volunteers, self.documents, self.norms, strict=True
        ):
            if not volunteer.is_eligible or volunteer.capacity - volunteer.active_matches <= 0:
                continue
            if request.involves_minors and not volunteer.has_valid_safeguarding:
                continue
            if volunteer.id in request.excluded_volunteer_ids:
                continue
            levels = language_levels(volunteer.languages)
            shared = [
                min(level, wanted[code])
                for code, level in levels.items()
                if level >= USABLE_LEVEL and wanted.get(code, 0) >= USABLE_LEVEL
            ]
            if not shared:
                continue
            distance = None
            if None not in (request.lat, request.lon, volunteer.lat, volunteer.lon):
                distance = geodesic((request.lat, request.lon), (volunteer.lat, volunteer.lon)).km
            online = "online" in request.modes and "online" in volunteer.modes
            limit = min(volunteer.max_distance_km, weights.max_distance_km)
            within = distance is not None and distance <= limit
            if not (online_only or online or within):
                continue
            language = LEVEL_SCORE[max(shared)]
            first = request.first_language
            if first and levels.get(first, 0) >= USABLE_LEVEL:
                language = min(1.0, language + FIRST_LANGUAGE_BONUS)
            if LANGUAGE_PRACTICE in needs:
                language = (language + LEVEL_SCORE[levels.get(POLISH, 0)]) / 2
            skills = len(needs & volunteer.skills) / len(needs) if needs else 1.0
            if online_only:
                closeness = 1.0
            else:
                closeness = 0.0
                if within and distance is not None:
                    closeness = math.exp(-distance / weights.distance_scale_km)
                if online:
                    closeness = max(closeness, weights.online_distance_score)
            days = len(request.days & volunteer.days) / len(request.days) if request.days else 1.0
            modes = (
                len(request.modes & volunteer.modes) / len(request.modes) if request.modes else 1.0
            )
            hours = min(1.0, volunteer.hours_per_week / min(max(len(needs), 1), 8))
            availability = 0.5 * days + 0.3 * modes + 0.2 * hours
            shared_terms = terms & document
            interests = (
                sum(self.idf[t] ** 2 for t in shared_terms) / (norm * request_norm)
                if shared_terms
                else 0.0
            )
            load = 1 - volunteer.active_matches / volunteer.capacity
            total = (
                weights.language * language
                + skills_weight * skills
                + weights.distance * closeness
                + weights.availability * availability
                + weights.load * load
                + weights.interests * interests
            )
            scored.append((-total / total_weight, volunteer.id))
        scored.sort()
        return [(volunteer_id, -score) for score, volunteer_id in scored[:k]]


# --- measuring -------------------------------------------------------------------------------


def latencies(
    function: Callable[[RequestInput], object], requests: Sequence[RequestInput]
) -> list[float]:
    timings = []
    for request in requests:
        started = time.perf_counter()
        function(request)
        timings.append(time.perf_counter() - started)
    return timings


def wall_and_cpu_latencies(
    function: Callable[[RequestInput], object], requests: Sequence[RequestInput]
) -> tuple[list[float], list[float]]:
    """Per call, elapsed time and this thread's CPU time, in ms.

    On a shared machine a call is often descheduled: elapsed time then measures the other
    processes, CPU time still measures the call.
    """
    wall, cpu = [], []
    for request in requests:
        started, started_cpu = time.perf_counter(), time.thread_time()
        function(request)
        cpu.append((time.thread_time() - started_cpu) * 1e3)
        wall.append((time.perf_counter() - started) * 1e3)
    return wall, cpu


def percentile(values: Sequence[float], share: float) -> float:
    return float(np.percentile(values, share * 100))


class PeakMemory:
    """Samples this process's resident memory every few milliseconds while in the block."""

    def __init__(self) -> None:
        self.baseline = self.peak = _resident_bytes()
        self._running = False
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while self._running:
            self.peak = max(self.peak, _resident_bytes())
            time.sleep(0.005)

    def __enter__(self) -> PeakMemory:
        gc.collect()
        self.baseline = self.peak = _resident_bytes()
        self._running = True
        self._thread.start()
        return self

    def __exit__(self, *exception: object) -> None:
        self._running = False
        self._thread.join()
        self.peak = max(self.peak, _resident_bytes())

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.baseline) / 1e6


def _resident_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * 4096


def load_stable_matching() -> Any | None:
    """Hospital/resident players and algorithm from the PyPI `matching` package.

    It shares our app's name, so installing it into the project's environment would shadow the
    app wherever the project root is not first on sys.path. Install it aside instead
    (`pip install --target DIR matching==1.4.3`) and name DIR in STABLE_MATCHING_PATH; an
    installed distribution is used as a fallback. The package is imported under its own name
    for a moment and our app is put back afterwards.
    """
    aside = os.environ.get("STABLE_MATCHING_PATH")
    if aside and (Path(aside) / "matching" / "__init__.py").exists():
        location = Path(aside) / "matching" / "__init__.py"
    else:
        try:
            distribution = importlib.metadata.distribution("matching")
        except importlib.metadata.PackageNotFoundError:
            return None
        location = Path(str(distribution.locate_file("matching/__init__.py")))
    ours = {
        name: module
        for name, module in sys.modules.items()
        if name == "matching" or name.startswith("matching.")
    }
    for name in ours:
        del sys.modules[name]
    try:
        spec = importlib.util.spec_from_file_location(
            "matching", location, submodule_search_locations=[str(location.parent)]
        )
        if spec is None or spec.loader is None:
            return None
        package = importlib.util.module_from_spec(spec)
        sys.modules["matching"] = package
        spec.loader.exec_module(package)
        from matching.algorithms import hospital_resident  # type: ignore[import-not-found]
        from matching.games.hospital_resident import _make_players  # type: ignore[import-not-found]

        # The game class deep-copies its players recursively, which overflows the stack at this
        # size; the algorithm itself works on the players directly.
        return _make_players, hospital_resident
    finally:
        for name in [n for n in sys.modules if n == "matching" or n.startswith("matching.")]:
            del sys.modules[name]
        sys.modules.update(ours)


def _stable_matching_version() -> str:
    aside = os.environ.get("STABLE_MATCHING_PATH")
    found = (
        importlib.metadata.distributions(path=[aside])
        if aside
        else importlib.metadata.distributions()
    )
    for distribution in found:
        if distribution.metadata["Name"] == "matching":
            return str(distribution.version)
    return "?"


def stable_matching(
    hospital_resident: Any, pool: Pool, graph: CandidateGraph
) -> tuple[float, int, float]:
    """Resident-optimal stable matching on the same candidate graph: total, matched, seconds."""
    order = np.lexsort((pool.ids[graph.row], -graph.score, graph.request))
    resident_prefs: dict[int, list[int]] = {}
    for request, row in zip(graph.request[order].tolist(), graph.row[order].tolist(), strict=True):
        resident_prefs.setdefault(request, []).append(row)
    order = np.lexsort((graph.batch.ids[graph.request], -graph.score, graph.row))
    hospital_prefs: dict[int, list[int]] = {}
    for request, row in zip(graph.request[order].tolist(), graph.row[order].tolist(), strict=True):
        hospital_prefs.setdefault(row, []).append(request)
    capacities = {row: int(pool.free_capacity[row]) for row in hospital_prefs}
    weighted = dict(
        zip(
            zip(graph.request.tolist(), graph.row.tolist(), strict=True),
            graph.weighted.tolist(),
            strict=True,
        )
    )
    make_players, algorithm = hospital_resident
    started = time.perf_counter()
    residents, hospitals = make_players(resident_prefs, hospital_prefs, capacities)
    solution = algorithm(residents, hospitals, optimal="resident")
    seconds = time.perf_counter() - started
    total, matched = 0.0, 0
    for hospital, residents in solution.items():
        for resident in residents:
            total += weighted[(resident.name, hospital.name)]
            matched += 1
    return total, matched, seconds


# --- the report ------------------------------------------------------------------------------


def ranking_section(
    sizes: Sequence[int], naive_counts: Sequence[int], query_count: int, rounds: int
) -> None:
    """Top-10 latency per size: `rounds` passes over the same queries, each pass's p50 and p99.

    The machine is shared: the figure is the median pass, the spread the best and worst pass,
    in elapsed time and in the thread's CPU time.
    Every query is also checked against `rank_exhaustive`, whose full scan is the reference
    timed beside it, with the naive Python loop on a few queries.
    """
    requests = synthetic_requests(query_count, seed=1)
    print(
        f"Top-10 for one request ({query_count} synthetic requests x {rounds} passes; ms, median "
        "pass [best pass - worst pass]; elapsed, then the thread's CPU time)"
    )
    print(
        f"{'volunteers':>10} {'encode s':>8}  {'p50':<21} {'p99':<21} {'CPU p50':<21} "
        f"{'CPU p99':<21} {'exhaustive':>10} {'naive (n)':>12} {'identical':>9}"
    )
    for size, naive_count in zip(sizes, naive_counts, strict=True):
        volunteers = synthetic_volunteers(size, seed=0)
        started = time.perf_counter()
        pool = encode_pool(volunteers)
        encode_seconds = time.perf_counter() - started
        for request in requests[:20]:  # warm caches
            rank(pool, request)
        passes = [wall_and_cpu_latencies(partial(rank, pool), requests) for _ in range(rounds)]
        exhaustive = [t * 1e3 for t in latencies(partial(rank_exhaustive, pool), requests[:50])]
        naive_ranker = NaiveRanker(volunteers)
        naive = [t * 1e3 for t in latencies(naive_ranker.rank, requests[:naive_count])]
        agreeing = sum(
            [v for v, _ in naive_ranker.rank(request)]
            == [c.volunteer_id for c in rank(pool, request)]
            for request in requests[:naive_count]
        )
        same = sum(
            [(c.volunteer_id, c.score) for c in rank(pool, request)]
            == rank_exhaustive(pool, request)
            for request in requests
        )
        figures = [
            _spread([percentile(timings[clock], share) for timings in passes])
            for clock in (0, 1)
            for share in (0.5, 0.99)
        ]
        print(
            f"{size:>10,} {encode_seconds:>8.2f}  {figures[0]:<21} {figures[1]:<21} "
            f"{figures[2]:<21} {figures[3]:<21} {statistics.median(exhaustive):>10.2f} "
            f"{statistics.median(naive):>7.1f} ({naive_count}) {same:>5}/{len(requests)}"
            + ("" if agreeing == naive_count else f"  naive differs on {naive_count - agreeing}")
        )
        del pool, volunteers, naive_ranker
        gc.collect()
    print()


def _spread(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.3f} [{min(values):.3f}-{max(values):.3f}]"


def describe(name: str, result: Assignment, requests: int, reference: float | None = None) -> str:
    share = f"{result.total_score / reference:>8.3%}" if reference else f"{'':>8}"
    return (
        f"{name:<28} {result.total_score:>10.1f} {share} {result.matched:>7,} "
        f"{result.matched / requests:>7.1%} {result.graph_edges:>10,} "
        f"{result.graph_seconds:>8.2f} {result.solve_seconds:>8.2f}"
    )


HEADER = (
    f"{'':<28} {'total':>10} {'of opt.':>8} {'matched':>7} {'share':>7} "
    f"{'edges':>10} {'graph s':>8} {'solve s':>8}"
)


def batch_section(size: int, with_memory: bool = True) -> None:
    volunteers = synthetic_volunteers(size, seed=2)
    requests = synthetic_requests(size, seed=3, volunteer_ids=[v.id for v in volunteers])
    pool = encode_pool(volunteers)
    places = int(pool.free_capacity.sum())
    print(f"Batch: {size:,} requests x {size:,} volunteers ({places:,} free places)")
    with PeakMemory() as memory:
        started = time.perf_counter()
        graph = candidate_graph(pool, requests, WEIGHTS)
        optimal = assign_graph(pool, graph, graph_seconds=time.perf_counter() - started)
    greedy = greedy_graph(pool, graph, graph_seconds=optimal.graph_seconds)
    print(HEADER)
    print(describe("min-cost flow, top-50 union", optimal, size))
    print(describe("greedy, same graph", greedy, size, optimal.total_score))
    if with_memory:
        print(f"peak memory of the batch (resident growth, sampled): {memory.growth_mb:,.0f} MB")
    print()


def comparison_section(size: int) -> None:
    volunteers = synthetic_volunteers(size, seed=4)
    requests = synthetic_requests(size, seed=5, volunteer_ids=[v.id for v in volunteers])
    pool = encode_pool(volunteers)
    started = time.perf_counter()
    graph = candidate_graph(pool, requests, WEIGHTS)
    optimal = assign_graph(pool, graph, graph_seconds=time.perf_counter() - started)
    started = time.perf_counter()
    full = candidate_graph(pool, requests, WEIGHTS, exact=True)
    exact = assign_graph(pool, full, graph_seconds=time.perf_counter() - started)
    greedy = greedy_graph(pool, graph, graph_seconds=optimal.graph_seconds)
    print(f"Batch: {size:,} x {size:,}, against the exact optimum over all {len(full):,} pairs")
    print(HEADER)
    print(describe("exact, every feasible pair", exact, size, exact.total_score))
    print(describe("min-cost flow, top-50 union", optimal, size, exact.total_score))
    print(describe("greedy, same graph", greedy, size, exact.total_score))
    hospital_resident = load_stable_matching()
    if hospital_resident is None:
        print("stable hospital/resident: skipped (see STABLE_MATCHING_PATH in bench/README.md)")
    else:
        total, matched, seconds = stable_matching(hospital_resident, pool, graph)
        print(
            f"{'stable HR, matching ' + _stable_matching_version():<28} {total:>10.1f} "
            f"{total / exact.total_score:>8.3%} {matched:>7,} {matched / size:>7.1%} "
            f"{len(graph):>10,} {optimal.graph_seconds:>8.2f} {seconds:>8.2f}"
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, under 30 seconds")
    parser.add_argument(
        "--only", choices=("ranking", "batch", "comparison"), help="run one section alone"
    )
    arguments = parser.parse_args()
    quick, only = arguments.quick, arguments.only
    started = time.perf_counter()
    if only == "ranking":
        ranking_section(
            sizes=(1_000, 3_000, 10_000, 30_000, 100_000),
            naive_counts=(30, 10, 5, 3, 3),
            query_count=300,
            rounds=5,
        )
    elif only == "batch":
        batch_section(20_000)
    elif only == "comparison":
        comparison_section(5_000)
    elif quick:
        ranking_section(sizes=(1_000, 10_000), naive_counts=(10, 3), query_count=300, rounds=2)
        batch_section(5_000)
        comparison_section(2_000)
    else:
        ranking_section(
            sizes=(1_000, 3_000, 10_000, 30_000, 100_000),
            naive_counts=(30, 10, 5, 3, 3),
            query_count=300,
            rounds=5,
        )
        batch_section(20_000)
        comparison_section(5_000)
    print(f"benchmark ran {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
