"""Profiles and requests become the engine's inputs; programmes give their weights."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Program
from core import clock
from matching.engine import DEFAULT_WEIGHTS
from matching.models import ExclusionSource, PairExclusion
from matching.pool import request_input, request_inputs, volunteer_input, weights_for
from tests.matching.pool_cast import WARSAW, asking, mentor
from volunteers.models import VolunteerProfile

TODAY = date(2027, 3, 1)


def test_a_volunteer_is_eligible_when_trained_and_neither_paused_nor_withdrawn() -> None:
    def eligible(**fields: object) -> bool:
        return volunteer_input(VolunteerProfile(pk=1, **fields), today=TODAY).is_eligible

    assert eligible(is_trained=True, status="ready") is True
    assert eligible(is_trained=True, status="active") is True
    assert eligible(is_trained=False, status="ready") is False
    assert eligible(is_trained=True, status="paused") is False
    assert eligible(is_trained=True, status="withdrawn") is False


def test_safeguarding_is_valid_through_its_last_day() -> None:
    def cleared(valid_until: date | None) -> bool:
        profile = VolunteerProfile(pk=1, minors_check_valid_until=valid_until)
        return volunteer_input(profile, today=TODAY).has_valid_safeguarding

    assert cleared(TODAY) is True
    assert cleared(TODAY - timedelta(days=1)) is False
    assert cleared(None) is False


def test_a_volunteer_input_carries_the_profile_and_drops_values_the_engine_cannot_read() -> None:
    profile = VolunteerProfile(
        pk=7,
        languages={"pl": "native", "uk": "B2", "de": "fluent-ish"},
        skills=["housing", "juggling"],
        interests=["chess", "board_games"],
        lat=52.2,
        lon=21.0,
        max_distance_km=15,
        days=["mon", "someday"],
        modes=["online"],
        hours_per_week=3,
        capacity=2,
        active_matches=1,
        is_trained=True,
        status="active",
        support_roles=["interpreter"],
    )

    found = volunteer_input(profile, today=TODAY)

    assert found.id == 7
    assert found.languages == {"pl": "native", "uk": "B2"}
    assert found.skills == frozenset({"housing"})
    assert found.interests == ("chess", "board_games")
    assert (found.lat, found.lon, found.max_distance_km) == (52.2, 21.0, 15.0)
    assert (found.days, found.modes) == (frozenset({"mon"}), frozenset({"online"}))
    assert (found.hours_per_week, found.capacity, found.active_matches) == (3, 2, 1)
    assert found.support_roles == frozenset({"interpreter"})


def test_a_request_input_takes_the_newcomers_side_and_their_exclusions(program: Program) -> None:
    volunteer = mentor(program, "Anna Kowalska")
    request = asking(program, days=["mon", "tue"], involves_minors=True, urgency="high")
    PairExclusion.objects.create(
        program=program,
        volunteer=volunteer,
        newcomer=request.newcomer,
        source=ExclusionSource.DO_NOT_PAIR,
    )

    found = request_input(request, today=clock.today())

    assert found.id == request.pk
    assert found.languages == {"uk": "native", "pl": "A2"}
    assert found.first_language == "uk"
    assert found.needs == ("admin_procedures",)
    assert (found.urgency, found.involves_minors) == ("high", True)
    assert (found.modes, found.days) == (frozenset({"in_person"}), frozenset({"mon", "tue"}))
    assert (found.lat, found.lon) == WARSAW
    assert found.interests == ("chess",)
    assert found.excluded_volunteer_ids == frozenset({volunteer.pk})
    assert found.waiting_days == 3


def test_request_inputs_load_the_exclusions_of_every_request_in_one_query(
    program: Program,
) -> None:
    volunteer = mentor(program, "Anna Kowalska")
    first, second = asking(program, "Олена"), asking(program, "Андрій")
    PairExclusion.objects.create(
        program=program, volunteer=volunteer, newcomer=second.newcomer, source="do_not_pair"
    )
    requests = list(type(first).objects.select_related("newcomer").order_by("pk"))

    with CaptureQueriesContext(connection) as queries:
        found = request_inputs(requests, today=clock.today())

    assert len(queries) == 1
    assert [item.excluded_volunteer_ids for item in found] == [
        frozenset(),
        frozenset({volunteer.pk}),
    ]


def test_a_programmes_weights_override_known_components_and_the_distance() -> None:
    program = Program(
        max_distance_km=12,
        matching_weights={"language": 0.5, "skills": 0, "charisma": 3, "distance": "far"},
    )

    weights = weights_for(program)

    assert (weights.language, weights.skills, weights.distance) == (0.5, 0.0, 0.2)
    assert weights.max_distance_km == 12.0


def test_weights_the_engine_refuses_fall_back_to_the_defaults() -> None:
    program = Program(
        max_distance_km=30,
        matching_weights=dict.fromkeys(
            ("language", "skills", "distance", "interests", "availability", "load"), 0
        ),
    )

    assert weights_for(program) == DEFAULT_WEIGHTS
