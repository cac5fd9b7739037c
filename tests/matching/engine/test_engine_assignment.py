"""`assign`: optimal under capacities, the top-k union close to the full optimum, always valid."""

import itertools
from collections import Counter

import pytest
from engine_cast import WARSAW, newcomer_request, north_of, resident
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demo.synthetic import synthetic_requests, synthetic_volunteers
from matching.engine import Weights, encode_pool, rank_exhaustive
from matching.engine.assignment import assign, candidate_graph, greedy
from matching.engine.encoding import RequestInput, VolunteerInput


def brute_force_best_total(volunteers: list[VolunteerInput], requests: list[RequestInput]) -> float:
    """The best total over every way to give each request one feasible volunteer or none."""
    pool = encode_pool(volunteers)
    weights = Weights()
    options = []
    for request in requests:
        scores = dict(rank_exhaustive(pool, request, weights, k=100))
        multiplier = weights.batch_multiplier(
            ("low", "normal", "high").index(request.urgency), request.waiting_days
        )
        options.append([(None, 0.0)] + [(v, s * multiplier) for v, s in scores.items()])
    capacity = {v.id: v.capacity - v.active_matches for v in volunteers}
    best = 0.0
    for choice in itertools.product(*options):
        used = Counter(volunteer for volunteer, _ in choice if volunteer is not None)
        if all(count <= capacity[volunteer] for volunteer, count in used.items()):
            best = max(best, sum(score for _, score in choice))
    return best


def test_assignment_on_a_small_instance_equals_the_brute_force_optimum() -> None:
    volunteers = [
        resident(id=1, capacity=1, languages={"uk": "native", "ru": "C1"}),
        resident(id=2, capacity=2, languages={"pl": "native", "uk": "B1"}, **north_of(WARSAW, 8.0)),
        resident(
            id=3,
            capacity=1,
            languages={"pl": "native", "ru": "native"},
            skills=frozenset({"housing"}),
        ),
    ]
    requests = [
        newcomer_request(id=1, needs=("housing",), languages={"ru": "native"}, first_language="ru"),
        newcomer_request(id=2, urgency="high"),
        newcomer_request(id=3, languages={"uk": "native", "ru": "B2"}, waiting_days=40),
        newcomer_request(id=4, interests=("cooking",), urgency="low"),
        newcomer_request(id=5, languages={"ka": "native"}, first_language="ka"),
    ]

    result = assign(encode_pool(volunteers), requests)

    assert result.total_score == pytest.approx(
        brute_force_best_total(volunteers, requests), abs=1e-5
    )
    assert result.matched == 4  # four places for five requests; request 5 shares no language


def test_the_urgent_request_wins_a_contested_volunteer() -> None:
    volunteers = [resident(id=1, capacity=1)]
    requests = [newcomer_request(id=1, urgency="normal"), newcomer_request(id=2, urgency="high")]

    result = assign(encode_pool(volunteers), requests)

    assert [(request_id, volunteer_id) for request_id, volunteer_id, _ in result.pairs] == [(2, 1)]


def test_the_top_k_union_reaches_the_full_graph_optimum() -> None:
    volunteers = synthetic_volunteers(1000, seed=31)
    requests = synthetic_requests(1000, seed=32, volunteer_ids=[v.id for v in volunteers])
    pool = encode_pool(volunteers)

    union = assign(pool, requests, top_k=50)
    full = assign(pool, requests, exact=True)

    assert union.graph_edges < full.graph_edges
    assert union.total_score >= 0.999 * full.total_score


def test_proposals_are_sorted_by_request_and_scored_like_the_ranking() -> None:
    volunteers = synthetic_volunteers(400, seed=33)
    requests = synthetic_requests(150, seed=34)
    pool = encode_pool(volunteers)

    result = assign(pool, requests)

    assert [pair[0] for pair in result.pairs] == sorted(pair[0] for pair in result.pairs)
    by_id = {request.id: request for request in requests}
    for request_id, volunteer_id, score in result.pairs:
        assert (
            dict(rank_exhaustive(pool, by_id[request_id], k=len(volunteers)))[volunteer_id] == score
        )


def test_the_same_input_gives_the_same_proposals_in_any_request_order() -> None:
    volunteers = synthetic_volunteers(300, seed=35)
    requests = synthetic_requests(200, seed=36)
    pool = encode_pool(volunteers)

    assert assign(pool, requests).pairs == assign(pool, list(reversed(requests))).pairs


def test_greedy_never_beats_the_optimum() -> None:
    volunteers = synthetic_volunteers(500, seed=37)
    requests = synthetic_requests(500, seed=38)
    pool = encode_pool(volunteers)

    assert greedy(pool, requests).total_score <= assign(pool, requests).total_score + 1e-9


def test_no_requests_give_an_empty_assignment() -> None:
    result = assign(encode_pool([resident()]), [])

    assert (result.pairs, result.matched, result.total_score, result.graph_edges) == ((), 0, 0.0, 0)


def test_duplicate_request_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate request id"):
        assign(encode_pool([resident()]), [newcomer_request(id=1), newcomer_request(id=1)])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    volunteer_seed=st.integers(0, 10_000),
    request_seed=st.integers(0, 10_000),
    volunteer_count=st.integers(1, 60),
    request_count=st.integers(1, 80),
    top_k=st.sampled_from([1, 3, 50]),
)
def test_a_batch_never_breaks_a_capacity_a_request_or_a_hard_constraint(
    volunteer_seed: int, request_seed: int, volunteer_count: int, request_count: int, top_k: int
) -> None:
    volunteers = synthetic_volunteers(volunteer_count, seed=volunteer_seed)
    requests = synthetic_requests(
        request_count, seed=request_seed, volunteer_ids=[v.id for v in volunteers]
    )
    pool = encode_pool(volunteers)

    result = assign(pool, requests, top_k=top_k)

    per_volunteer = Counter(volunteer_id for _, volunteer_id, _ in result.pairs)
    free = {v.id: v.capacity - v.active_matches for v in volunteers}
    assert all(count <= free[volunteer_id] for volunteer_id, count in per_volunteer.items())
    per_request = Counter(request_id for request_id, _, _ in result.pairs)
    assert all(count == 1 for count in per_request.values())
    by_id = {request.id: request for request in requests}
    for request_id, volunteer_id, _ in result.pairs:
        feasible = dict(rank_exhaustive(pool, by_id[request_id], k=volunteer_count))
        assert volunteer_id in feasible
    exact = assign(pool, requests, exact=True)
    assert result.total_score <= exact.total_score + 1e-9


@pytest.mark.parametrize("top_k", [2, 10])
def test_the_candidate_graph_is_exactly_the_union_of_both_sides_top_k(
    top_k: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    volunteers = synthetic_volunteers(300, seed=39)
    requests = synthetic_requests(400, seed=40)
    pool = encode_pool(volunteers)
    full = candidate_graph(pool, requests, exact=True)
    edges = list(
        zip(
            full.batch.ids[full.request].tolist(),
            pool.ids[full.row].tolist(),
            full.score.tolist(),
            strict=True,
        )
    )
    by_request: dict[int, list[tuple[float, int]]] = {}
    by_volunteer: dict[int, list[tuple[float, int]]] = {}
    for request_id, volunteer_id, score in edges:
        by_request.setdefault(request_id, []).append((-score, volunteer_id))
        by_volunteer.setdefault(volunteer_id, []).append((-score, request_id))
    expected = {(r, v) for r, best in by_request.items() for _, v in sorted(best)[:top_k]}
    expected |= {(r, v) for v, best in by_volunteer.items() for _, r in sorted(best)[:top_k]}
    monkeypatch.setattr("matching.engine.assignment._FLOOR_REFRESH", 500)

    graph = candidate_graph(pool, requests, top_k=top_k)

    chosen = set(
        zip(graph.batch.ids[graph.request].tolist(), pool.ids[graph.row].tolist(), strict=True)
    )
    assert chosen == expected
