"""The whole batch at once: proposals that maximise the total score under capacities.

Each request gets at most one volunteer and each volunteer at most his free capacity. The
objective is the sum over proposed pairs of score x the request's multiplier
(`Weights.batch_multiplier`: urgency, raised for long waits), solved exactly as a
maximum-weight b-matching by min-cost flow (OR-tools `SimpleMinCostFlow`) on a candidate graph:
the union of every request's `top_k` volunteers and every volunteer's `top_k` requests (by
score, equal scores by the smaller id). The request side alone crowds onto popular volunteers;
the union keeps alternatives for both. `exact=True` uses every feasible pair instead.

Pairs are scored in chunks of requests (about `_PAIRS_PER_CHUNK` pairs, which bounds memory),
one worker thread scoring the next chunk while the caller's thread selects from the current
one. Weighted scores are scaled to integers (1e-6 resolution), so the flow's optimum is the
true optimum up to that rounding. Requests are taken in id order and arcs are added in
(request id, volunteer id) order, so the same input always gives the same proposals, however
the threads interleave. Greedy (best weighted pair first) is kept as a baseline.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

from matching.engine.encoding import Pool, RequestBatch, RequestInput, encode_requests
from matching.engine.scoring import (
    DEFAULT_WEIGHTS,
    Pairs,
    PairScores,
    Weights,
    batch_tables,
    feasible_pairs,
    interest_similarity_by_pair,
    score_pairs,
)

SCORE_SCALE = 1_000_000  # integer cost units per unit of weighted score
_PAIRS_PER_CHUNK = 150_000  # feasible pairs scored at once: bounds the memory of a step
_SCORE_BINS = 1024  # histogram resolution of the request-side top-k
_VOLUNTEER_BINS = 128  # and of the running volunteer-side threshold
_FLOOR_REFRESH = 1_500_000  # pairs between refreshes of the volunteer-side threshold


@dataclass(frozen=True)
class Assignment:
    pairs: tuple[tuple[int, int, float], ...]  # (request id, volunteer id, score), by request id
    total_score: float  # sum of multiplier x score over the pairs: what was maximised
    matched: int
    solve_seconds: float  # building the flow network and solving it
    graph_edges: int
    graph_seconds: float  # scoring pairs and choosing the candidate graph


@dataclass(frozen=True, eq=False)
class CandidateGraph:
    """Scored edges between batch positions and pool layout rows, sorted by (request, volunteer)."""

    batch: RequestBatch
    request: NDArray[np.int64]
    row: NDArray[np.int64]
    score: NDArray[np.float64]
    weighted: NDArray[np.float64]  # score x the request's batch multiplier

    def __len__(self) -> int:
        return int(self.row.shape[0])


def assign(
    pool: Pool,
    requests: Sequence[RequestInput],
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    top_k: int = 50,
    exact: bool = False,
) -> Assignment:
    """Propose at most one volunteer per request, maximising the total weighted score."""
    started = time.perf_counter()
    graph = candidate_graph(pool, requests, weights, top_k=top_k, exact=exact)
    return assign_graph(pool, graph, graph_seconds=time.perf_counter() - started)


def assign_graph(pool: Pool, graph: CandidateGraph, *, graph_seconds: float = 0.0) -> Assignment:
    """The optimal proposals on a candidate graph already built."""
    started = time.perf_counter()
    chosen = _max_weight_b_matching(pool, graph)
    return _assignment(pool, graph, chosen, time.perf_counter() - started, graph_seconds)


def greedy(
    pool: Pool,
    requests: Sequence[RequestInput],
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    top_k: int = 50,
) -> Assignment:
    """Baseline: take candidate edges best weighted score first while both ends are free."""
    started = time.perf_counter()
    graph = candidate_graph(pool, requests, weights, top_k=top_k)
    return greedy_graph(pool, graph, graph_seconds=time.perf_counter() - started)


def greedy_graph(pool: Pool, graph: CandidateGraph, *, graph_seconds: float = 0.0) -> Assignment:
    """The greedy baseline on a candidate graph already built (ties: request id, volunteer id)."""
    started = time.perf_counter()
    order = np.lexsort((pool.ids[graph.row], graph.batch.ids[graph.request], -graph.weighted))
    capacity = pool.free_capacity.copy()
    is_matched = np.zeros(len(graph.batch), np.bool_)
    chosen = []
    for edge, request, row in zip(
        order.tolist(), graph.request[order].tolist(), graph.row[order].tolist(), strict=True
    ):
        if not is_matched[request] and capacity[row] > 0:
            is_matched[request] = True
            capacity[row] -= 1
            chosen.append(edge)
    solve_seconds = time.perf_counter() - started
    return _assignment(pool, graph, np.array(chosen, np.int64), solve_seconds, graph_seconds)


def candidate_graph(
    pool: Pool,
    requests: Sequence[RequestInput],
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    top_k: int = 50,
    exact: bool = False,
) -> CandidateGraph:
    """Score feasible pairs chunk by chunk and keep the top-k union (or every pair when exact)."""
    ordered = sorted(requests, key=lambda request: request.id)
    if any(a.id == b.id for a, b in itertools.pairwise(ordered)):
        raise ValueError("duplicate request id")
    batch = encode_requests(pool, ordered)
    volunteers = _VolunteerTopK(len(pool), top_k)
    kept: list[_Edges] = []
    for positions, pairs, scores in _scored_chunks(pool, batch, weights):
        request, row, score = _complete_scores(
            pool, batch, weights, positions, pairs, scores, None if exact else volunteers
        )
        if exact:
            kept.append((request, row, score))
            continue
        local = request - positions[0]
        best = top_k_per_group(local, score, pool.ids[row], top_k, positions.size, _SCORE_BINS)
        kept.append((request[best], row[best], score[best]))
        volunteers.offer(request, row, score)
    if not exact:
        kept.append(volunteers.best(batch.ids))
    return _union(pool, batch, weights, kept)


def _scored_chunks(
    pool: Pool, batch: RequestBatch, weights: Weights
) -> Iterator[tuple[NDArray[np.int64], Pairs, PairScores]]:
    """Consecutive chunks of requests with their feasible pairs scored (all but interests).

    One worker thread scores the next chunk while the caller works on the current one; numpy
    releases the GIL in its loops, so the two overlap on two cores. Each chunk is sized from the
    previous one to hold about _PAIRS_PER_CHUNK pairs.
    """
    tables = batch_tables(pool, batch, weights)

    def scored(positions: NDArray[np.int64]) -> tuple[NDArray[np.int64], Pairs, PairScores]:
        pairs = feasible_pairs(pool, batch, positions, weights)
        return positions, pairs, score_pairs(pool, batch, pairs, weights, tables)

    def submit(first: int, size: int) -> Future[tuple[NDArray[np.int64], Pairs, PairScores]] | None:
        if first >= len(batch):
            return None
        positions = np.arange(first, min(first + size, len(batch)), dtype=np.int64)
        return executor.submit(scored, positions)

    with ThreadPoolExecutor(max_workers=1) as executor:
        size = 256
        future = submit(0, size)
        while future is not None:
            positions, pairs, scores = future.result()
            if len(pairs):
                size = int(np.clip(size * _PAIRS_PER_CHUNK / len(pairs), 16, 8192))
            future = submit(int(positions[-1]) + 1, size)
            yield positions, pairs, scores


def _complete_scores(
    pool: Pool,
    batch: RequestBatch,
    weights: Weights,
    positions: NDArray[np.int64],
    pairs: Pairs,
    scores: PairScores,
    volunteers: _VolunteerTopK | None,
) -> _Edges:
    """The chunk's pairs with their full scores, interests included.

    Given the volunteer side (not for an exact graph), interests are computed only for pairs
    whose upper bound (interests = 1) reaches the request's k-th best lower bound (interests =
    0) in this chunk, or its volunteer's floor; the others cannot be in either top-k and are
    dropped.
    """
    request, row = pairs.request, pairs.row
    local = request - positions[0]
    score = scores.partial / scores.total_weight  # a lower bound until interests are in
    if weights.interests == 0:
        return request, row, score
    if volunteers is not None:
        upper = (scores.partial + weights.interests) / scores.total_weight
        request_floor = _kth_best_floor(local, score, volunteers.k, positions.size, _SCORE_BINS)
        volunteers.observe(row, score)
        selected = np.flatnonzero(
            (upper >= request_floor[local] - _SLACK) | (upper >= volunteers.floor[row] - _SLACK)
        )
        request, row, local = request[selected], row[selected], local[selected]
        scores = scores.take(selected)
    # Pairs sharing no term bit share no term: their similarity is 0.
    interests = np.zeros(row.size)
    sharing = np.flatnonzero(pool.term_bits[row] & batch.term_bits[request])
    interests[sharing] = interest_similarity_by_pair(
        pool.interests, row[sharing], batch.interests[positions], local[sharing]
    )
    return request, row, (scores.partial + weights.interests * interests) / scores.total_weight


def _union(pool: Pool, batch: RequestBatch, weights: Weights, kept: list[_Edges]) -> CandidateGraph:
    """The kept edges once each, sorted by (request, volunteer id), with weighted scores."""
    # One key orders edges by (request, volunteer id) and finds those both sides chose.
    by_id = np.argsort(pool.ids)
    id_rank = np.empty(len(pool), np.int64)
    id_rank[by_id] = np.arange(len(pool))
    width = max(len(pool), 1)
    key = np.concatenate(
        [np.zeros(0, np.int64)] + [part[0] * width + id_rank[part[1]] for part in kept]
    )
    key, first = np.unique(key, return_index=True)
    score = np.concatenate([np.zeros(0)] + [part[2] for part in kept])[first]
    request, row = key // width, by_id[key % width]
    multiplier = np.array(
        [
            weights.batch_multiplier(urgency, waiting)
            for urgency, waiting in zip(
                batch.urgency.tolist(), batch.waiting_days.tolist(), strict=True
            )
        ]
    )
    return CandidateGraph(batch, request, row, score, score * multiplier[request])


_SLACK = 1e-9  # bounds are compared with slack so rounding never drops a true top-k pair
_Edges = tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]


def _above_floor(parts: list[_Edges], floor: NDArray[np.float64]) -> _Edges:
    """Edges whose score reaches their volunteer's floor: the only ones that can be in his top-k."""
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    request = np.concatenate([part[0] for part in parts])
    row = np.concatenate([part[1] for part in parts])
    score = np.concatenate([part[2] for part in parts])
    possible = np.flatnonzero(score >= floor[row] - _SLACK)
    return request[possible], row[possible], score[possible]


class _VolunteerTopK:
    """Each volunteer's k best edges, gathered chunk by chunk without keeping every pair.

    A histogram of the lower bounds seen so far gives each volunteer a floor below his final
    k-th best score; floors only rise, so an edge under its volunteer's floor can be dropped
    for good. The floor is refreshed every `_FLOOR_REFRESH` pairs (a stale floor is lower,
    still valid).
    """

    def __init__(self, width: int, k: int) -> None:
        self.width, self.k = width, k
        self.floor = np.full(width, -np.inf)
        self._histogram = np.zeros(width * _VOLUNTEER_BINS, np.int64)  # best bin first
        self._pending: list[NDArray[np.int64]] = []
        self._pending_count = 0
        self._kept: list[_Edges] = []  # filtered by an earlier floor
        self._fresh: list[_Edges] = []  # offered since the last refresh
        self._last_filtered = 0  # edges kept after the last filtering of them all

    def observe(self, row: NDArray[np.int64], lower: NDArray[np.float64]) -> None:
        self._pending.append(_histogram_index(row, lower, _VOLUNTEER_BINS))
        self._pending_count += row.size
        if self._pending_count >= _FLOOR_REFRESH:
            self._histogram += np.bincount(
                np.concatenate(self._pending), minlength=self._histogram.size
            )
            self._pending, self._pending_count = [], 0
            cut = _cut_bins(self._histogram.reshape(self.width, _VOLUNTEER_BINS), self.k)
            self.floor = _floor_of(cut, _VOLUNTEER_BINS)
            # The fresh edges meet the new floor now; the kept ones passed a lower floor (still
            # a superset of the top k) and meet it again only once they have doubled, which
            # bounds their memory without filtering them all at every refresh.
            self._kept.append(_above_floor(self._fresh, self.floor))
            self._fresh = []
            kept = sum(part[0].size for part in self._kept)
            if kept > 2 * self._last_filtered:
                self._kept = [_above_floor(self._kept, self.floor)]
                self._last_filtered = self._kept[0][0].size

    def offer(
        self, request: NDArray[np.int64], row: NDArray[np.int64], score: NDArray[np.float64]
    ) -> None:
        self._fresh.append((request, row, score))

    def best(self, request_ids: NDArray[np.int64]) -> _Edges:
        """Each volunteer's k best edges by (score desc, request id asc)."""
        request, row, score = _above_floor(self._kept + self._fresh, self.floor)
        best = top_k_per_group(
            row, score, request_ids[request], self.k, self.width, _VOLUNTEER_BINS
        )
        return request[best], row[best], score[best]


def _kth_best_floor(
    group: NDArray[np.int64], score: NDArray[np.float64], k: int, group_count: int, bins: int
) -> NDArray[np.float64]:
    """Per group, a lower bound of its k-th best score in [0, 1] (-inf when fewer than k)."""
    histogram = np.bincount(
        _histogram_index(group, score, bins), minlength=group_count * bins
    ).reshape(group_count, bins)
    return _floor_of(_cut_bins(histogram, k), bins)


def _floor_of(cut: NDArray[np.int64], bins: int) -> NDArray[np.float64]:
    return np.where(cut >= 0, cut / bins, -np.inf)


def _bins(score: NDArray[np.float64], bins: int) -> NDArray[np.int64]:
    return np.clip((score * bins).astype(np.int64), 0, bins - 1)


def _histogram_index(
    group: NDArray[np.int64], score: NDArray[np.float64], bins: int
) -> NDArray[np.int64]:
    """Position in a (group, bin) histogram whose bins run best first: the running totals
    along a row are then the counts at or above each bin, without reversing copies."""
    index: NDArray[np.int64] = group * bins + (bins - 1) - _bins(score, bins)
    return index


def _cut_bins(histogram: NDArray[np.integer[Any]], k: int) -> NDArray[np.int64]:
    """Per group (a row of bins, best first), the highest bin with at least k scores at or
    above it (-1: fewer than k)."""
    at_or_above = np.cumsum(histogram, axis=1)
    cut: NDArray[np.int64] = (at_or_above >= k).sum(axis=1).astype(np.int64) - 1
    return cut


def top_k_per_group(
    group: NDArray[np.int64],
    score: NDArray[np.float64],
    tiebreak: NDArray[np.int64],
    k: int,
    group_count: int,
    bins: int = _SCORE_BINS,
) -> NDArray[np.bool_]:
    """Mask of each group's k best entries by (score desc, tiebreak asc); scores in [0, 1].

    Linear in the entries: a histogram finds each group's cut bin; only entries in that bin are
    sorted.
    """
    bin_of = _bins(score, bins)
    histogram = np.bincount(
        group * bins + (bins - 1) - bin_of, minlength=group_count * bins
    ).reshape(group_count, bins)
    at_or_above = np.cumsum(histogram, axis=1)  # best bin first: column j is bin bins - 1 - j
    cut = (at_or_above >= k).sum(axis=1).astype(np.int64) - 1
    # Entries strictly above the cut bin: the running total one column before the cut's.
    above = np.where(
        (cut >= 0) & (cut + 1 < bins),
        at_or_above[np.arange(group_count), np.clip(bins - 2 - cut, 0, bins - 1)],
        0,
    )
    mask = bin_of > cut[group]
    boundary = np.flatnonzero(bin_of == cut[group])
    boundary = boundary[np.lexsort((tiebreak[boundary], -score[boundary], group[boundary]))]
    boundary_group = group[boundary]
    rank_in_group = np.arange(boundary.size) - np.searchsorted(boundary_group, boundary_group)
    mask[boundary[rank_in_group < (k - above)[boundary_group]]] = True
    chosen: NDArray[np.bool_] = mask
    return chosen


def _max_weight_b_matching(pool: Pool, graph: CandidateGraph) -> NDArray[np.int64]:
    """Edges of a maximum-weight b-matching of the graph, by min-cost flow."""
    if len(graph) == 0:
        return np.zeros(0, np.int64)
    requests, request_node = _nodes(graph.request, len(graph.batch))
    rows, volunteer_node = _nodes(graph.row, len(pool))
    request_count, volunteer_count = requests.size, rows.size
    sink = request_count + volunteer_count
    gain = np.rint(graph.weighted * SCORE_SCALE).astype(np.int64)
    # Every request sends its unit through exactly one of its arcs, so adding the same constant
    # to all of them keeps the optimum and makes every cost non-negative.
    ceiling = int(gain.max())
    edge_count = len(graph)
    tails = np.concatenate(
        [request_node, np.arange(request_count), request_count + np.arange(volunteer_count)]
    )
    heads = np.concatenate(
        [
            request_count + volunteer_node,
            np.full(request_count, sink),
            np.full(volunteer_count, sink),
        ]
    )
    capacities = np.concatenate(
        [np.ones(edge_count + request_count, np.int64), pool.free_capacity[rows].astype(np.int64)]
    )
    costs = np.concatenate(
        [ceiling - gain, np.full(request_count, ceiling), np.zeros(volunteer_count, np.int64)]
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    supplies = np.zeros(sink + 1, np.int64)
    supplies[:request_count] = 1
    supplies[sink] = -request_count
    flow.set_nodes_supplies(np.arange(sink + 1), supplies)
    status = flow.solve()
    if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    return np.flatnonzero(flow.flows(np.arange(edge_count)) > 0).astype(np.int64)


def _nodes(ends: NDArray[np.int64], count: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """`np.unique(ends, return_inverse=True)` for values below `count`, without sorting."""
    present = np.zeros(count, np.bool_)
    present[ends] = True
    node_of = np.cumsum(present) - 1
    return np.flatnonzero(present), node_of[ends]


def _assignment(
    pool: Pool,
    graph: CandidateGraph,
    chosen: NDArray[np.int64],
    solve_seconds: float,
    graph_seconds: float,
) -> Assignment:
    chosen = chosen[np.lexsort((pool.ids[graph.row[chosen]], graph.request[chosen]))]
    pairs = tuple(
        zip(
            graph.batch.ids[graph.request[chosen]].tolist(),
            pool.ids[graph.row[chosen]].tolist(),
            graph.score[chosen].tolist(),
            strict=True,
        )
    )
    return Assignment(
        pairs=pairs,
        total_score=float(graph.weighted[chosen].sum()),
        matched=len(pairs),
        solve_seconds=solve_seconds,
        graph_edges=len(graph),
        graph_seconds=graph_seconds,
    )
