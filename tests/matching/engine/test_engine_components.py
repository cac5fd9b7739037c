"""Each score component, and their weighted sum, on hand-built pairs with exact expected values."""

import math

import numpy as np
import pytest
from engine_cast import KRAKOW, WARSAW, newcomer_request, north_of, resident
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.engine import (
    DEFAULT_WEIGHTS,
    Candidate,
    RequestInput,
    VolunteerInput,
    Weights,
    encode_pool,
    rank,
)


def only_candidate(
    volunteer: VolunteerInput, request: RequestInput, weights: Weights = DEFAULT_WEIGHTS
) -> Candidate:
    candidates = rank(encode_pool([volunteer]), request, weights)
    assert len(candidates) == 1
    return candidates[0]


def breakdown_of(volunteer: VolunteerInput, request: RequestInput) -> dict[str, float]:
    return dict(only_candidate(volunteer, request).breakdown)


@pytest.mark.parametrize(
    ("level", "expected"),
    [("B1", 0.5), ("B2", 0.625), ("C1", 0.75), ("C2", 0.875), ("native", 1.0)],
)
def test_language_scores_the_shared_level_from_b1_to_native(level: str, expected: float) -> None:
    volunteer = resident(languages={"pl": "native", "uk": level})
    request = newcomer_request(languages={"uk": "native"}, first_language=None)

    assert breakdown_of(volunteer, request)["language"] == expected


def test_language_takes_the_lower_of_the_two_levels() -> None:
    volunteer = resident(languages={"uk": "native"})
    request = newcomer_request(languages={"uk": "B2"}, first_language=None)

    assert breakdown_of(volunteer, request)["language"] == 0.625


def test_language_takes_the_best_of_several_shared_languages() -> None:
    volunteer = resident(languages={"en": "C1", "uk": "B1"})
    request = newcomer_request(languages={"en": "C1", "uk": "native"}, first_language=None)

    assert breakdown_of(volunteer, request)["language"] == 0.75


def test_speaking_the_newcomers_first_language_adds_a_bonus_capped_at_one() -> None:
    request = newcomer_request(languages={"uk": "native"}, first_language="uk")

    assert breakdown_of(resident(languages={"uk": "B2"}), request)["language"] == 0.875
    assert breakdown_of(resident(languages={"uk": "native"}), request)["language"] == 1.0


def test_for_language_practice_the_volunteers_polish_counts_half() -> None:
    volunteer = resident(languages={"pl": "native", "uk": "B1"})
    request = newcomer_request(needs=("language_practice",), first_language="uk")

    # (min(1, 0.5 + 0.25) + 1.0 for native Polish) / 2
    assert breakdown_of(volunteer, request)["language"] == 0.875


def test_skills_is_the_share_of_distinct_needs_the_volunteer_offers() -> None:
    volunteer = resident(skills=frozenset({"housing", "job_search", "healthcare"}))
    request = newcomer_request(needs=("housing", "education", "job_search", "housing"))

    assert breakdown_of(volunteer, request)["skills"] == pytest.approx(2 / 3, abs=1e-15)


def test_a_volunteer_covering_no_need_scores_zero_on_skills() -> None:
    volunteer = resident(skills=frozenset({"housing"}))

    assert breakdown_of(volunteer, newcomer_request(needs=("education",)))["skills"] == 0.0


def test_distance_decays_exponentially_and_is_one_at_the_same_place() -> None:
    here = only_candidate(resident(), newcomer_request())
    ten_km = only_candidate(resident(**north_of(WARSAW, 10.0)), newcomer_request())

    assert here.distance_km == 0.0
    assert here.breakdown["distance"] == 1.0
    assert ten_km.distance_km == pytest.approx(10.0, rel=1e-9)
    assert ten_km.breakdown["distance"] == pytest.approx(math.exp(-1.0), rel=1e-9)


def test_a_pair_that_can_meet_online_scores_at_least_the_online_distance_score() -> None:
    both = frozenset({"in_person", "online"})
    far = only_candidate(
        resident(modes=both, lat=KRAKOW[0], lon=KRAKOW[1]), newcomer_request(modes=both)
    )
    near = only_candidate(
        resident(modes=both, **north_of(WARSAW, 2.0)), newcomer_request(modes=both)
    )

    assert far.breakdown["distance"] == 0.5
    assert far.distance_km == pytest.approx(252.0, abs=1.0)
    assert near.breakdown["distance"] == pytest.approx(math.exp(-0.2), rel=1e-9)


def test_an_online_only_request_scores_every_distance_one_and_reports_none() -> None:
    online = frozenset({"online"})
    candidate = only_candidate(
        resident(modes=online, lat=KRAKOW[0], lon=KRAKOW[1]), newcomer_request(modes=online)
    )

    assert candidate.breakdown["distance"] == 1.0
    assert candidate.distance_km is None


def test_identical_interests_score_one_and_disjoint_ones_zero() -> None:
    assert breakdown_of(
        resident(interests=("chess", "hiking")), newcomer_request(interests=("hiking", "chess"))
    )["interests"] == pytest.approx(1.0, abs=1e-12)
    assert (
        breakdown_of(resident(interests=("chess",)), newcomer_request(interests=("cooking",)))[
            "interests"
        ]
        == 0.0
    )


def test_interests_are_the_tf_idf_cosine_over_the_pools_documents() -> None:
    volunteers = [
        resident(id=1, interests=("chess", "cooking", "board_games")),
        resident(id=2, interests=("cooking", "football")),
        resident(id=3, interests=("Rock climbing", "cooking")),
    ]
    request = newcomer_request(interests=("chess", "cooking", "climbing"))
    documents = [
        ["chess", "cooking", "board_games"],
        ["cooking", "football"],
        ["rock", "climbing", "cooking"],
    ]
    vectorizer = TfidfVectorizer(analyzer=lambda document: document).fit(documents)
    expected = (
        vectorizer.transform(documents) @ vectorizer.transform([["chess", "cooking", "climbing"]]).T
    ).toarray()

    candidates = rank(encode_pool(volunteers), request, k=3)

    by_id = {candidate.volunteer_id: candidate.breakdown["interests"] for candidate in candidates}
    assert [by_id[1], by_id[2], by_id[3]] == pytest.approx(expected.ravel().tolist(), abs=1e-12)


def test_an_interest_no_volunteer_shares_still_lowers_the_similarity() -> None:
    volunteer = resident(interests=("chess",))

    alone = breakdown_of(volunteer, newcomer_request(interests=("chess",)))["interests"]
    with_unknown = breakdown_of(volunteer, newcomer_request(interests=("chess", "origami")))[
        "interests"
    ]

    # In a one-document pool chess has idf ln(2/2) + 1 = 1; an unseen term ln(2/1) + 1.
    assert alone == pytest.approx(1.0, abs=1e-15)
    assert with_unknown == pytest.approx(1 / math.sqrt(1 + (1 + math.log(2)) ** 2), rel=1e-12)


def test_availability_weighs_shared_days_modes_and_enough_hours() -> None:
    volunteer = resident(
        days=frozenset({"mon"}), modes=frozenset({"in_person", "online"}), hours_per_week=1
    )
    request = newcomer_request(
        days=frozenset({"mon", "tue"}),
        modes=frozenset({"in_person"}),
        needs=("housing", "job_search"),
    )

    # 0.5 x 1/2 of the days + 0.3 x all modes + 0.2 x 1 of 2 wanted hours
    assert breakdown_of(volunteer, request)["availability"] == pytest.approx(0.65, abs=1e-15)


def test_load_prefers_volunteers_with_room() -> None:
    assert breakdown_of(resident(capacity=4, active_matches=1), newcomer_request())["load"] == 0.75


def test_the_score_is_the_weighted_sum_over_the_sum_of_weights() -> None:
    weights = Weights(language=3, skills=2, distance=1, interests=1, availability=1, load=2)
    volunteer = resident(
        languages={"uk": "C1"},
        skills=frozenset({"housing"}),
        capacity=2,
        active_matches=1,
        **north_of(WARSAW, 5.0),
    )
    request = newcomer_request(
        needs=("housing", "education"), first_language=None, interests=("chess", "cooking")
    )

    candidate = only_candidate(volunteer, request, weights)

    parts = candidate.breakdown
    weighted = sum(getattr(weights, name) * parts[name] for name in parts)
    assert candidate.score == pytest.approx(weighted / 10, rel=1e-12)
    assert parts["language"] == 0.75 and parts["skills"] == 0.5 and parts["load"] == 0.5


def test_high_urgency_multiplies_the_skills_weight() -> None:
    weights = Weights(urgent_skills_factor=2.0)
    volunteer = resident(skills=frozenset())
    normal = only_candidate(volunteer, newcomer_request(urgency="normal"), weights)
    urgent = only_candidate(volunteer, newcomer_request(urgency="high"), weights)

    # Nothing covered: the same weighted sum is spread over a larger total weight.
    assert urgent.score == pytest.approx(normal.score * 1.0 / (1.0 + weights.skills), rel=1e-12)


def test_scores_stay_within_zero_and_one() -> None:
    best = only_candidate(
        resident(languages={"uk": "native"}, interests=("chess",), days=frozenset({"mon"})),
        newcomer_request(),
    )

    assert 0.0 <= best.score <= 1.0
    assert best.score == pytest.approx(1.0, abs=1e-12)
    assert np.all([0.0 <= value <= 1.0 for value in best.breakdown.values()])


def test_weights_refuse_negative_or_all_zero_parts() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        Weights(language=-0.1)
    with pytest.raises(ValueError, match="non-negative"):
        Weights(language=0, skills=0, distance=0, interests=0, availability=0, load=0)
    with pytest.raises(ValueError, match="urgency_weight"):
        Weights(urgency_weight={"normal": 1.0})


def test_unknown_levels_days_modes_and_urgencies_are_refused() -> None:
    pool = encode_pool([resident()])

    with pytest.raises(ValueError, match="language level"):
        encode_pool([resident(languages={"pl": "fluent"})])
    with pytest.raises(ValueError, match="day"):
        rank(pool, newcomer_request(days=frozenset({"someday"})))
    with pytest.raises(ValueError, match="mode"):
        rank(pool, newcomer_request(modes=frozenset({"by_post"})))
    with pytest.raises(ValueError, match="urgency"):
        rank(pool, newcomer_request(urgency="urgent"))
