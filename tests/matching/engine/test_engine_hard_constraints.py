"""Each hard constraint, failing alone, keeps the pair out of every path.

The paths: `rank`, `rank_exhaustive` and the batch's full candidate graph.
"""

from engine_cast import KRAKOW, WARSAW, newcomer_request, north_of, resident, who_can_match

from matching.engine import Weights


def test_a_volunteer_who_meets_every_constraint_is_a_candidate() -> None:
    assert who_can_match([resident(id=1)], newcomer_request()) == {1}


def test_an_ineligible_volunteer_is_never_a_candidate() -> None:
    volunteers = [resident(id=1, is_eligible=False), resident(id=2)]

    assert who_can_match(volunteers, newcomer_request()) == {2}


def test_a_volunteer_at_full_capacity_is_never_a_candidate() -> None:
    volunteers = [
        resident(id=1, capacity=2, active_matches=2),
        resident(id=2, capacity=2, active_matches=1),
    ]

    assert who_can_match(volunteers, newcomer_request()) == {2}


def test_a_request_involving_minors_needs_a_valid_safeguarding_check() -> None:
    volunteers = [resident(id=1, has_valid_safeguarding=False), resident(id=2)]

    assert who_can_match(volunteers, newcomer_request(involves_minors=True)) == {2}
    assert who_can_match(volunteers, newcomer_request(involves_minors=False)) == {1, 2}


def test_a_language_the_volunteer_speaks_below_b1_is_not_shared() -> None:
    volunteers = [
        resident(id=1, languages={"pl": "native", "uk": "A2"}),
        resident(id=2, languages={"pl": "native", "uk": "B1"}),
    ]

    assert who_can_match(volunteers, newcomer_request()) == {2}


def test_a_language_the_newcomer_speaks_below_b1_is_not_shared() -> None:
    volunteers = [resident(id=1, languages={"pl": "native"})]

    assert (
        who_can_match(volunteers, newcomer_request(languages={"uk": "native", "pl": "A2"})) == set()
    )
    assert who_can_match(volunteers, newcomer_request(languages={"uk": "native", "pl": "B1"})) == {
        1
    }


def test_a_volunteer_beyond_his_own_maximum_distance_is_not_a_candidate() -> None:
    volunteers = [
        resident(id=1, max_distance_km=5.0, **north_of(WARSAW, 6.0)),
        resident(id=2, max_distance_km=5.0, **north_of(WARSAW, 4.0)),
    ]

    assert who_can_match(volunteers, newcomer_request()) == {2}


def test_a_volunteer_beyond_the_programmes_maximum_distance_is_not_a_candidate() -> None:
    volunteers = [
        resident(id=1, max_distance_km=50.0, **north_of(WARSAW, 31.0)),
        resident(id=2, max_distance_km=50.0, **north_of(WARSAW, 29.0)),
    ]

    assert who_can_match(volunteers, newcomer_request(), Weights(max_distance_km=30.0)) == {2}


def test_meeting_online_lifts_the_distance_limit_only_when_both_accept_it() -> None:
    in_krakow = {"lat": KRAKOW[0], "lon": KRAKOW[1]}
    volunteers = [
        resident(id=1, modes=frozenset({"in_person", "online"}), **in_krakow),
        resident(id=2, modes=frozenset({"in_person"}), **in_krakow),
    ]

    both = frozenset({"in_person", "online"})
    assert who_can_match(volunteers, newcomer_request(modes=both)) == {1}
    assert who_can_match(volunteers, newcomer_request(modes=frozenset({"in_person"}))) == set()


def test_an_online_only_request_ignores_distance_entirely() -> None:
    volunteers = [
        resident(id=1, modes=frozenset({"online"}), lat=KRAKOW[0], lon=KRAKOW[1]),
        resident(id=2, modes=frozenset({"online"}), lat=None, lon=None),
    ]

    assert who_can_match(volunteers, newcomer_request(modes=frozenset({"online"}))) == {1, 2}


def test_a_volunteer_is_a_candidate_only_when_he_shares_a_meeting_mode_with_the_request() -> None:
    """Online-only never reaches in-person-only, however close, nor the reverse."""
    volunteers = [
        resident(id=1, modes=frozenset({"in_person"})),
        resident(id=2, modes=frozenset({"online"})),
        resident(id=3, modes=frozenset({"in_person", "online"})),
        resident(id=4, modes=frozenset()),
    ]

    online_only = frozenset({"online"})
    assert who_can_match(volunteers, newcomer_request(modes=online_only)) == {2, 3}
    in_person_only = frozenset({"in_person"})
    assert who_can_match(volunteers, newcomer_request(modes=in_person_only)) == {1, 3}
    both = frozenset({"in_person", "online"})
    assert who_can_match(volunteers, newcomer_request(modes=both)) == {1, 2, 3}
    assert who_can_match(volunteers, newcomer_request(modes=frozenset())) == set()


def test_a_volunteer_without_coordinates_can_only_be_matched_online() -> None:
    volunteers = [resident(id=1, lat=None, lon=None, modes=frozenset({"in_person", "online"}))]

    both = frozenset({"in_person", "online"})
    assert who_can_match(volunteers, newcomer_request(modes=frozenset({"in_person"}))) == set()
    assert who_can_match(volunteers, newcomer_request(modes=both)) == {1}


def test_a_request_without_coordinates_can_only_be_matched_online() -> None:
    volunteers = [resident(id=1, modes=frozenset({"in_person", "online"})), resident(id=2)]

    both = frozenset({"in_person", "online"})
    assert who_can_match(volunteers, newcomer_request(lat=None, lon=None)) == set()
    assert who_can_match(volunteers, newcomer_request(lat=None, lon=None, modes=both)) == {1}


def test_an_excluded_volunteer_is_never_a_candidate() -> None:
    volunteers = [resident(id=1), resident(id=2)]

    assert who_can_match(volunteers, newcomer_request(excluded_volunteer_ids=frozenset({1}))) == {2}
