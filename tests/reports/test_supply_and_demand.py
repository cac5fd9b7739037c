"""`supply_and_demand`: open requests per language and need against ready volunteers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import translation

from accounts.models import Program
from core import clock
from core.clock import today
from reports.gaps import LANGUAGE, NEED, gap_sentence, supply_and_demand
from tests.reports.reports_cast import newcomer_of, request_of, volunteer_of
from volunteers.services import volunteer_profile_update


def _waiting(program: Program, language: str, needs: list[str], days: int, **levels: str) -> None:
    newcomer = newcomer_of(
        program, "N", first_language=language, languages={language: "native", **levels}
    )
    request_of(newcomer, needs, created_on=today() - timedelta(days=days))


@pytest.mark.usefixtures("at_every_hour")
def test_a_language_nobody_speaks_comes_first_with_its_waiting_times(program: Program) -> None:
    now = clock.now()
    for days in (41, 10, 20):
        _waiting(program, "vi", ["job_search"], days)
    _waiting(program, "uk", ["housing"], 5)
    volunteer_of(
        program, "Anna", created_on=today(), languages={"uk": "C1", "vi": "A2"},
        skills=["housing"], is_trained=True, status="ready", capacity=2,
    )  # fmt: skip

    gaps = supply_and_demand(program=program, now=now)

    vietnamese = gaps[0]
    assert (vietnamese.dimension, vietnamese.code) == (LANGUAGE, "vi")
    assert vietnamese.requests_waiting == 3
    assert vietnamese.median_wait_days == 20
    assert vietnamese.longest_wait_days == 41  # calendar days, whatever the hour
    assert vietnamese.ready_volunteers == 0  # A2 is not a usable level
    ukrainian = next(gap for gap in gaps if gap.code == "uk")
    assert (ukrainian.ready_volunteers, ukrainian.free_places, ukrainian.is_gap) == (1, 2, False)
    assert [gap.is_gap for gap in gaps] == sorted((gap.is_gap for gap in gaps), reverse=True)


def test_only_volunteers_matching_would_offer_count(program: Program) -> None:
    _waiting(program, "uk", ["housing"], 3)
    today = clock.today()
    ready = {"languages": {"uk": "native"}, "skills": ["housing"], "is_trained": True}
    volunteer_of(
        program, "Full", created_on=today, status="active", capacity=1, active_matches=1, **ready
    )
    volunteer_of(program, "Paused", created_on=today, status="paused", **ready)
    volunteer_of(
        program, "Untrained", created_on=today, status="registered", languages={"uk": "native"}
    )
    volunteer_of(
        program, "Free", created_on=today, status="active", capacity=3, active_matches=1, **ready
    )
    volunteer_of(  # held out of matching while a safeguarding concern awaits its lead
        program, "Held", created_on=today, status="ready", capacity=2, safeguarding_hold=True,
        **ready,
    )  # fmt: skip
    unconfirmed = volunteer_of(
        program, "Unconfirmed", created_on=today, status="ready", capacity=2, **ready
    )
    EmailAddress.objects.get(user=unconfirmed.user).delete()  # no confirmed address left

    housing = next(gap for gap in supply_and_demand(program=program) if gap.code == "housing")

    assert (housing.dimension, housing.ready_volunteers, housing.free_places) == (NEED, 1, 2)


def test_the_sentence_says_whom_to_recruit(program: Program) -> None:
    for days in (41, 3):
        _waiting(program, "vi", ["job_search"], days)

    vietnamese = next(gap for gap in supply_and_demand(program=program) if gap.code == "vi")

    with translation.override("en"):
        sentence = gap_sentence(vietnamese, "en")
    assert sentence.startswith("2 requests from Vietnamese speakers wait, the longest 4")
    assert sentence.endswith("; 0 ready volunteers speak Vietnamese.")


def test_volunteers_counted_by_shared_values_as_one_by_one(program: Program) -> None:
    """The volunteers arrive grouped by their languages and by their skills: the figures are
    those of counting every volunteer, whether they share a value, list a skill twice, write
    the same languages in another order, or speak nothing usable."""
    for language in ("uk", "vi", "ru"):
        _waiting(program, language, ["housing", "job_search", "education"], 4)
    ready = {"is_trained": True, "status": "ready"}
    people = [
        ({"uk": "B1", "ru": "C2"}, ["housing", "education"], 2, 0),
        ({"ru": "C2", "uk": "B1"}, ["education", "housing"], 3, 1),  # the same in another order
        ({"uk": "B1", "ru": "C2"}, ["housing", "education"], 1, 0),
        ({"vi": "A2", "uk": "native"}, ["housing", "housing"], 2, 1),  # a skill listed twice
        ({"vi": "B2"}, [], 1, 0),
        ({}, ["job_search"], 5, 2),
        ({"ru": "A1"}, ["education"], 2, 0),
    ]
    for index, (languages, skills, capacity, active) in enumerate(people):
        volunteer_of(
            program, f"V{index}", created_on=today(), languages=languages, skills=skills,
            capacity=capacity, active_matches=active, **ready,
        )  # fmt: skip
    volunteer_of(  # not ready: counts nowhere
        program, "Paused", created_on=today(), languages={"uk": "C1"}, skills=["housing"],
        status="paused", is_trained=True,
    )  # fmt: skip

    expected: dict[tuple[str, str], list[int]] = {}
    for languages, skills, capacity, active in people:
        usable = {code for code, level in languages.items() if level not in ("A1", "A2")}
        keys = [(LANGUAGE, code) for code in usable] + [(NEED, code) for code in set(skills)]
        for key in keys:
            counted = expected.setdefault(key, [0, 0])
            counted[0] += 1
            counted[1] += capacity - active
    gaps = {(gap.dimension, gap.code): gap for gap in supply_and_demand(program=program)}

    assert {key: [gap.ready_volunteers, gap.free_places] for key, gap in gaps.items()} == {
        key: expected.get(key, [0, 0]) for key in gaps
    }
    assert (gaps[(LANGUAGE, "uk")].ready_volunteers, gaps[(LANGUAGE, "uk")].free_places) == (4, 6)
    assert (gaps[(NEED, "housing")].ready_volunteers, gaps[(NEED, "housing")].free_places) == (
        4,
        6,
    )


def test_a_volunteer_who_learns_a_language_counts_at_once_though_the_supply_is_cached(
    program: Program,
) -> None:
    _waiting(program, "vi", ["job_search"], 3)
    anna = volunteer_of(
        program, "Anna", created_on=today(), languages={"pl": "native"}, skills=["housing"],
        is_trained=True, status="ready", capacity=2,
    )  # fmt: skip
    before = next(gap for gap in supply_and_demand(program=program) if gap.code == "vi")

    volunteer_profile_update(profile=anna, data={"languages": {"pl": "native", "vi": "B2"}})
    after = next(gap for gap in supply_and_demand(program=program) if gap.code == "vi")

    assert (before.ready_volunteers, after.ready_volunteers) == (0, 1)
    assert after.free_places == 2
