"""`pair_failures`: the hard constraints named for one pair, from the function the engine
filters its candidates with, so a refusal and the candidate list never disagree."""

from dataclasses import replace

from engine_cast import KRAKOW, WARSAW, newcomer_request, north_of, resident

from demo.synthetic import synthetic_requests, synthetic_volunteers
from matching.engine import Weights, encode_pool, pair_failures, rank
from matching.engine.constraints import (
    EXCLUDED,
    NO_CAPACITY,
    NO_SAFEGUARDING,
    NO_SHARED_LANGUAGE,
    NO_SHARED_MODE,
    NOT_ELIGIBLE,
    OUT_OF_REACH,
)


def test_a_pair_breaks_nothing_exactly_when_the_engine_offers_the_volunteer() -> None:
    volunteers = synthetic_volunteers(150, seed=31)
    # Some full, some not eligible: the synthetic pool is mostly ready.
    volunteers = [
        replace(v, active_matches=v.capacity) if v.id % 11 == 0 else v for v in volunteers
    ]
    volunteers = [replace(v, is_eligible=False) if v.id % 13 == 0 else v for v in volunteers]
    requests = synthetic_requests(20, seed=32, volunteer_ids=[v.id for v in volunteers])
    weights = Weights(max_distance_km=12.0)
    pool = encode_pool(volunteers)

    for request in requests:
        offered = {c.volunteer_id for c in rank(pool, request, weights, k=len(volunteers))}
        refused = {v.id for v in volunteers if pair_failures(v, request, weights)}
        assert offered == {v.id for v in volunteers} - refused, request.id


def test_every_broken_constraint_is_named_in_order() -> None:
    volunteer = resident(
        is_eligible=False,
        active_matches=2,
        languages={"pl": "native", "uk": "A2"},
        has_valid_safeguarding=False,
        **north_of(WARSAW, 80.0),
    )
    request = newcomer_request(involves_minors=True, excluded_volunteer_ids=frozenset({1}))

    assert pair_failures(volunteer, request) == (
        NOT_ELIGIBLE,
        NO_CAPACITY,
        NO_SHARED_LANGUAGE,
        OUT_OF_REACH,
        NO_SAFEGUARDING,
        EXCLUDED,
    )


def test_reach_is_the_shorter_of_both_limits_or_an_online_meeting() -> None:
    near, far = resident(**north_of(WARSAW, 9.0)), resident(**north_of(WARSAW, 11.0))
    weights = Weights(max_distance_km=10.0)

    assert pair_failures(near, newcomer_request(), weights) == ()
    assert pair_failures(far, newcomer_request(), weights) == (OUT_OF_REACH,)
    assert pair_failures(replace(near, max_distance_km=5.0), newcomer_request(), weights) == (
        OUT_OF_REACH,
    )
    both_online = newcomer_request(modes=frozenset({"in_person", "online"}))
    assert pair_failures(replace(far, modes=frozenset({"online"})), both_online, weights) == ()
    # An online-only request reaches every volunteer who meets online, wherever he lives.
    online_only = newcomer_request(modes=frozenset({"online"}), lat=None, lon=None)
    in_krakow = resident(lat=KRAKOW[0], lon=KRAKOW[1], modes=frozenset({"online"}))
    assert pair_failures(in_krakow, online_only) == ()


def test_a_pair_that_shares_no_meeting_mode_is_refused_for_that_alone() -> None:
    """Out of reach is not named as well: sharing a mode comes first."""
    online_only = newcomer_request(modes=frozenset({"online"}))
    in_person_only = newcomer_request(modes=frozenset({"in_person"}))

    assert pair_failures(resident(modes=frozenset({"in_person"})), online_only) == (NO_SHARED_MODE,)
    assert pair_failures(resident(modes=frozenset({"online"})), in_person_only) == (NO_SHARED_MODE,)
    # A volunteer who has not said how he meets shares no mode with anyone.
    assert pair_failures(resident(modes=frozenset()), in_person_only) == (NO_SHARED_MODE,)
    assert pair_failures(resident(modes=frozenset({"online", "in_person"})), online_only) == ()


def test_without_coordinates_only_an_online_meeting_reaches() -> None:
    nowhere = resident(lat=None, lon=None)

    assert pair_failures(nowhere, newcomer_request()) == (OUT_OF_REACH,)
    assert (
        pair_failures(
            replace(nowhere, modes=frozenset({"online"})),
            newcomer_request(modes=frozenset({"in_person", "online"})),
        )
        == ()
    )


def test_a_first_language_counts_as_native_and_b1_is_enough() -> None:
    request = newcomer_request(languages={}, first_language="uk")

    assert pair_failures(resident(languages={"uk": "B1"}), request) == ()
    assert pair_failures(resident(languages={"uk": "A2"}), request) == (NO_SHARED_LANGUAGE,)
