"""`supply_and_demand`: open requests per language and need against ready volunteers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation

from accounts.models import Program
from core import clock
from core.clock import today
from reports.gaps import LANGUAGE, NEED, gap_sentence, supply_and_demand
from tests.reports.reports_cast import newcomer_of, request_of, volunteer_of


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


def test_only_ready_volunteers_with_free_places_count(program: Program) -> None:
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
