"""The synthetic population: seeded, plausible, and valid engine input."""

from collections import Counter
from typing import Any

from demo.synthetic import CITIES, synthetic_requests, synthetic_volunteers
from matching.engine import encode_pool


def test_the_same_seed_gives_the_same_people() -> None:
    assert synthetic_volunteers(50, seed=5) == synthetic_volunteers(50, seed=5)
    assert synthetic_requests(50, seed=6) == synthetic_requests(50, seed=6)
    assert synthetic_volunteers(50, seed=5) != synthetic_volunteers(50, seed=7)


def test_residents_speak_polish_and_newcomers_mostly_ukrainian_or_russian() -> None:
    volunteers = synthetic_volunteers(2000, seed=1)
    requests = synthetic_requests(2000, seed=2)

    polish = sum(1 for v in volunteers if v.languages.get("pl") == "native")
    first = Counter(r.first_language for r in requests)
    assert polish / len(volunteers) > 0.9
    assert (first["uk"] + first["ru"] + first["be"]) / len(requests) > 0.7
    assert {v.id for v in volunteers} == set(range(1, 2001))
    assert all(1 <= v.capacity <= 3 and 0 <= v.active_matches <= v.capacity for v in volunteers)


def test_everyone_with_a_location_lives_in_poland() -> None:
    people: list[Any] = [*synthetic_volunteers(500, seed=3), *synthetic_requests(500, seed=4)]

    located = [
        (person.lat, person.lon)
        for person in people
        if person.lat is not None and person.lon is not None
    ]
    assert len(located) > 450
    assert all(48.5 < lat < 55.2 and 14.0 < lon < 24.5 for lat, lon in located)
    assert len(CITIES) == 7


def test_the_population_encodes() -> None:
    pool = encode_pool(synthetic_volunteers(300, seed=8))

    assert len(pool.table) == 300
    assert 0 < len(pool) < 300  # some are ineligible or full
