"""`rank`: order, ties, edge cases, reasons, and agreement with `rank_exhaustive`."""

from collections.abc import Sequence
from functools import cache

from engine_cast import WARSAW, newcomer_request, north_of, resident

from demo.synthetic import synthetic_requests, synthetic_volunteers
from matching.engine import Pool, Reason, Weights, encode_pool, rank, rank_exhaustive
from matching.engine.assignment import candidate_graph
from matching.engine.encoding import RequestInput, VolunteerInput


@cache
def synthetic_pool() -> tuple[Pool, tuple[RequestInput, ...]]:
    volunteers = synthetic_volunteers(5000, seed=11)
    requests = synthetic_requests(300, seed=12, volunteer_ids=[v.id for v in volunteers])
    return encode_pool(volunteers), tuple(requests)


def test_candidates_come_best_first() -> None:
    volunteers = [resident(id=1, **north_of(WARSAW, 12.0)), resident(id=2, **north_of(WARSAW, 1.0))]

    candidates = rank(encode_pool(volunteers), newcomer_request())

    assert [c.volunteer_id for c in candidates] == [2, 1]
    assert candidates[0].score > candidates[1].score


def test_equal_scores_put_the_smaller_volunteer_id_first() -> None:
    volunteers = [resident(id=7), resident(id=3), resident(id=5)]

    candidates = rank(encode_pool(volunteers), newcomer_request())

    assert [c.volunteer_id for c in candidates] == [3, 5, 7]
    assert len({c.score for c in candidates}) == 1


def test_k_limits_the_list() -> None:
    pool = encode_pool([resident(id=i) for i in range(1, 6)])

    assert [c.volunteer_id for c in rank(pool, newcomer_request(), k=2)] == [1, 2]
    assert rank(pool, newcomer_request(), k=0) == []


def test_an_empty_pool_has_no_candidates() -> None:
    pool = encode_pool([])

    assert rank(pool, newcomer_request()) == []
    assert rank_exhaustive(pool, newcomer_request()) == []


def test_a_pool_where_nobody_is_eligible_has_no_candidates() -> None:
    pool = encode_pool([resident(id=1, is_eligible=False), resident(id=2, is_eligible=False)])

    assert rank(pool, newcomer_request()) == []
    assert rank_exhaustive(pool, newcomer_request()) == []


def test_a_request_sharing_no_language_with_the_pool_has_no_candidates() -> None:
    pool = encode_pool([resident(languages={"pl": "native", "en": "C1"})])

    assert rank(pool, newcomer_request(languages={"ka": "native"}, first_language="ka")) == []


def test_the_same_input_gives_the_same_ranking_whatever_the_order_of_the_pool() -> None:
    volunteers = [resident(id=i, **north_of(WARSAW, float(i % 4))) for i in range(1, 30)]

    first = rank(encode_pool(volunteers), newcomer_request(), k=20)
    again = rank(encode_pool(list(reversed(volunteers))), newcomer_request(), k=20)

    assert first == again


def test_reasons_are_codes_with_parameters_most_important_first() -> None:
    volunteer = resident(
        languages={"pl": "native", "uk": "B2", "ru": "C1"},
        skills=frozenset({"housing", "admin_procedures"}),
        interests=("chess", "cooking"),
        days=frozenset({"sat", "mon"}),
        **north_of(WARSAW, 2.0),
    )
    others = [resident(id=2, interests=("cooking",)), resident(id=3, interests=("cooking",))]
    request = newcomer_request(
        languages={"uk": "native", "ru": "C1"},
        needs=("housing", "education", "admin_procedures"),
        interests=("cooking", "chess"),
        days=frozenset({"mon", "sat", "sun"}),
    )

    candidate = next(
        c for c in rank(encode_pool([volunteer, *others]), request) if c.volunteer_id == 1
    )

    assert candidate.reasons == (
        Reason("shared_language", {"language": "ru", "level": "C1"}),
        Reason("shared_language", {"language": "uk", "level": "B2"}),
        Reason("speaks_first_language", {"language": "uk", "level": "B2"}),
        Reason("covers_need", {"need": "housing"}),
        Reason("covers_need", {"need": "admin_procedures"}),
        Reason("distance_km", {"km": 2.0}),
        Reason("shared_interest", {"interest": "chess"}),
        Reason("shared_interest", {"interest": "cooking"}),
        Reason("shared_days", {"days": ["mon", "sat"]}),
    )


def test_a_pair_meeting_online_gives_an_online_reason_instead_of_a_distance() -> None:
    online = frozenset({"online"})

    candidate = rank(encode_pool([resident(modes=online)]), newcomer_request(modes=online))[0]

    assert Reason("online", {}) in candidate.reasons
    assert all(reason.code != "distance_km" for reason in candidate.reasons)


def test_the_breakdown_names_every_component() -> None:
    candidate = rank(encode_pool([resident()]), newcomer_request())[0]

    assert set(candidate.breakdown) == {
        "language",
        "skills",
        "distance",
        "interests",
        "availability",
        "load",
    }


def differing_from_the_exhaustive_scan(
    pool: Pool, requests: Sequence[RequestInput], ks: Sequence[int]
) -> list[int]:
    """Ids of the requests whose ranking is not exactly the exhaustive scan's (k cycles)."""
    differing = []
    for position, request in enumerate(requests):
        k = ks[position % len(ks)]
        ranked = [(c.volunteer_id, c.score) for c in rank(pool, request, k=k)]
        if ranked != rank_exhaustive(pool, request, k=k):
            differing.append(request.id)
    return differing


def test_rank_equals_the_exhaustive_scan_on_300_synthetic_queries() -> None:
    pool, requests = synthetic_pool()

    assert differing_from_the_exhaustive_scan(pool, requests, (1, 10, 10, 50)) == []


def test_rank_equals_the_exhaustive_scan_under_other_weights() -> None:
    pool, requests = synthetic_pool()
    weights = Weights(
        language=1, skills=0, distance=3, interests=2, availability=0, load=1, max_distance_km=12
    )

    for request in requests[:60]:
        ranked = [(c.volunteer_id, c.score) for c in rank(pool, request, weights, k=10)]
        assert ranked == rank_exhaustive(pool, request, weights, k=10)


def test_the_batch_scores_a_pair_exactly_as_the_ranking_does() -> None:
    pool, requests = synthetic_pool()

    for request in requests[:20]:
        graph = candidate_graph(pool, [request], exact=True)
        batch = dict(zip(pool.ids[graph.row].tolist(), graph.score.tolist(), strict=True))
        ranked = {c.volunteer_id: c.score for c in rank(pool, request, k=len(pool))}
        assert batch == ranked


def test_synthetic_candidates_respect_distance_and_breakdown_ranges() -> None:
    pool, requests = synthetic_pool()

    for request in requests[:30]:
        for candidate in rank(pool, request, k=10):
            assert 0.0 <= candidate.score <= 1.0
            assert all(0.0 <= value <= 1.0 for value in candidate.breakdown.values())
            if candidate.distance_km is not None and "online" not in request.modes:
                assert candidate.distance_km <= 30.0


def test_a_volunteer_reached_through_several_languages_appears_once_with_his_best() -> None:
    volunteers: list[VolunteerInput] = [
        resident(id=1, languages={"uk": "B1", "ru": "C2", "en": "B2"}),
        resident(id=2, languages={"en": "C1"}),
    ]
    request = newcomer_request(
        languages={"uk": "native", "ru": "native", "en": "C1"}, first_language=None
    )

    ranked = rank(encode_pool(volunteers), request, k=5)

    assert [c.volunteer_id for c in ranked] == [1, 2]
    assert [c.breakdown["language"] for c in ranked] == [0.875, 0.75]


def test_rank_equals_the_exhaustive_scan_on_a_pool_large_enough_to_bound_postings() -> None:
    volunteers = synthetic_volunteers(30_000, seed=13)
    pool = encode_pool(volunteers)
    requests = synthetic_requests(40, seed=14, volunteer_ids=[v.id for v in volunteers])

    assert differing_from_the_exhaustive_scan(pool, requests, (1, 10, 50, 200)) == []
