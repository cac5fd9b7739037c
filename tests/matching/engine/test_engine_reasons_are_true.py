"""Only true reasons: for random pools and requests, every reason the engine gives for a
candidate follows from the two profiles and the request, with the values as stored.

- `online` only when both sides offer online meetings;
- `distance_km` only when both meet in person, both have coordinates, and the distance is the
  one between them (one decimal) within the volunteer's reach;
- languages and levels exactly as stored (the newcomer's first language counts as native
  unless their languages say otherwise), the shared level the lower of the two;
- needs, interests and days that both sides really have.

And only true candidates: a volunteer is listed exactly when the two profiles allow the pair,
by a plain reading of the rules beside the engine's arrays: a language both use at B1 or
above, a meeting mode both offer (online, or in person within the distance), a safeguarding
check when children are involved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.engine import DEFAULT_WEIGHTS, RequestInput, VolunteerInput, encode_pool, rank
from matching.engine.encoding import LEVELS
from matching.engine.spatial import EARTH_RADIUS_KM
from tests.matching.engine.engine_cast import WARSAW

LANGUAGES = ("pl", "uk", "ru", "en", "ka")
LEVEL_CHOICES = tuple(LEVELS)
NEEDS = ("admin_procedures", "housing", "language_practice", "job_search")
INTERESTS = ("chess", "cooking", "football", "music")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MODES = ("in_person", "online")

languages = st.dictionaries(st.sampled_from(LANGUAGES), st.sampled_from(LEVEL_CHOICES), max_size=3)
modes = st.frozensets(st.sampled_from(MODES), min_size=1)
days = st.frozensets(st.sampled_from(DAYS))
# Within about 40 km of the centre, or no coordinates at all.
place = st.one_of(
    st.none(),
    st.tuples(st.floats(min_value=-0.35, max_value=0.35), st.floats(min_value=-0.5, max_value=0.5)),
)


@st.composite
def volunteers(draw: st.DrawFn, id: int) -> VolunteerInput:
    where = draw(place)
    return VolunteerInput(
        id=id,
        languages=draw(languages),
        skills=draw(st.frozensets(st.sampled_from(NEEDS))),
        interests=tuple(draw(st.frozensets(st.sampled_from(INTERESTS)))),
        lat=None if where is None else WARSAW[0] + where[0],
        lon=None if where is None else WARSAW[1] + where[1],
        max_distance_km=draw(st.floats(min_value=1.0, max_value=30.0)),
        days=draw(days),
        modes=draw(modes),
        hours_per_week=draw(st.integers(min_value=1, max_value=5)),
        capacity=draw(st.integers(min_value=1, max_value=2)),
        active_matches=0,
        is_eligible=True,
        has_valid_safeguarding=draw(st.booleans()),
    )


@st.composite
def pools(draw: st.DrawFn) -> list[VolunteerInput]:
    size = draw(st.integers(min_value=1, max_value=12))
    return [draw(volunteers(id)) for id in range(1, size + 1)]


@st.composite
def requests(draw: st.DrawFn) -> RequestInput:
    where = draw(place)
    return RequestInput(
        id=1,
        languages=draw(languages),
        first_language=draw(st.one_of(st.none(), st.sampled_from(LANGUAGES))),
        needs=tuple(draw(st.lists(st.sampled_from(NEEDS), min_size=1, max_size=3, unique=True))),
        urgency="normal",
        modes=draw(modes),
        days=draw(days),
        lat=None if where is None else WARSAW[0] + where[0],
        lon=None if where is None else WARSAW[1] + where[1],
        interests=tuple(draw(st.frozensets(st.sampled_from(INTERESTS)))),
        involves_minors=draw(st.booleans()),
        excluded_volunteer_ids=frozenset(),
    )


def _newcomer_levels(request: RequestInput) -> Mapping[str, str]:
    levels = dict(request.languages)
    if request.first_language and request.first_language not in levels:
        levels[request.first_language] = "native"
    return levels


def _distance_km(volunteer: VolunteerInput, request: RequestInput) -> float:
    import math

    assert volunteer.lat is not None and volunteer.lon is not None
    assert request.lat is not None and request.lon is not None
    lat1, lat2 = math.radians(request.lat), math.radians(volunteer.lat)
    dlat = lat2 - lat1
    dlon = math.radians(volunteer.lon - request.lon)
    a = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _check(
    reason_code: str, params: Mapping[str, object], v: VolunteerInput, r: RequestInput
) -> None:
    newcomer = _newcomer_levels(r)
    usable = LEVELS["B1"]
    if reason_code == "online":
        assert "online" in v.modes and "online" in r.modes
    elif reason_code == "distance_km":
        assert "in_person" in v.modes and "in_person" in r.modes
        km = _distance_km(v, r)
        assert abs(float(str(params["km"])) - km) <= 0.051 + 1e-6
        assert km <= min(v.max_distance_km, DEFAULT_WEIGHTS.max_distance_km) + 1e-6
    elif reason_code == "shared_language":
        code, level = str(params["language"]), str(params["level"])
        assert code in v.languages and code in newcomer
        lower = min(LEVELS[v.languages[code]], LEVELS[newcomer[code]])
        assert lower >= usable
        assert level == min(v.languages[code], newcomer[code], key=LEVELS.__getitem__)
    elif reason_code == "speaks_first_language":
        assert params["language"] == r.first_language
        assert params["level"] == v.languages[str(params["language"])]
        assert LEVELS[str(params["level"])] >= usable
    elif reason_code == "practises_polish":
        assert "language_practice" in r.needs
        assert params["level"] == v.languages["pl"]
    elif reason_code == "covers_need":
        assert params["need"] in r.needs and params["need"] in v.skills
    elif reason_code == "shared_interest":
        assert params["interest"] in r.interests and params["interest"] in v.interests
    elif reason_code == "shared_days":
        assert list(params["days"]) == [d for d in DAYS if d in v.days and d in r.days]  # type: ignore[call-overload]
    else:
        raise AssertionError(f"unknown reason {reason_code}")


# Distances this close to a limit are left to the engine's rounding.
_EDGE_KM = 1e-6


def _may_pair(v: VolunteerInput, r: RequestInput) -> bool | None:
    """Whether the rules allow the pair, read plainly; None at a distance limit's edge."""
    newcomer = _newcomer_levels(r)
    usable = LEVELS["B1"]
    if not any(
        min(LEVELS[v.languages[code]], LEVELS[level]) >= usable
        for code, level in newcomer.items()
        if code in v.languages
    ):
        return False
    if r.involves_minors and not v.has_valid_safeguarding:
        return False
    shared = v.modes & r.modes
    if "online" in shared:
        return True
    if "in_person" not in shared or None in (v.lat, v.lon, r.lat, r.lon):
        return False
    room = min(v.max_distance_km, DEFAULT_WEIGHTS.max_distance_km) - _distance_km(v, r)
    return None if abs(room) <= _EDGE_KM else room >= 0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pool=pools(), request=requests())
def test_a_volunteer_is_a_candidate_exactly_when_the_rules_allow_the_pair(
    pool: list[VolunteerInput], request: RequestInput
) -> None:
    listed = {candidate.volunteer_id for candidate in rank(encode_pool(pool), request, k=len(pool))}

    for volunteer in pool:
        allowed = _may_pair(volunteer, request)
        if allowed is not None:
            assert (volunteer.id in listed) == allowed, volunteer
        if volunteer.id in listed:
            # Never a candidate without a meeting mode both sides offer.
            assert volunteer.modes & request.modes


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pool=pools(), request=requests())
def test_every_reason_shown_for_a_candidate_is_true(
    pool: list[VolunteerInput], request: RequestInput
) -> None:
    by_id = {volunteer.id: volunteer for volunteer in pool}

    candidates = rank(encode_pool(pool), request, k=len(pool))

    for candidate in candidates:
        volunteer = by_id[candidate.volunteer_id]
        codes = [reason.code for reason in candidate.reasons]
        for reason in candidate.reasons:
            _check(reason.code, reason.params, volunteer, request)
        # Never both: a pair meets in person at a distance, or online.
        assert not {"online", "distance_km"} <= set(codes)


def test_an_in_person_only_volunteer_is_never_offered_for_an_online_only_request() -> None:
    """Tomasz offers in-person meetings only; Nino's request is online only, with no address."""
    tomasz = VolunteerInput(
        id=7,
        languages={"pl": "native", "ka": "B2"},
        skills=frozenset({"admin_procedures"}),
        interests=(),
        lat=WARSAW[0],
        lon=WARSAW[1],
        max_distance_km=10.0,
        days=frozenset({"mon"}),
        modes=frozenset({"in_person"}),
        hours_per_week=2,
        capacity=1,
        active_matches=0,
        is_eligible=True,
        has_valid_safeguarding=True,
    )
    nino = RequestInput(
        id=1,
        languages={"ka": "native"},
        first_language="ka",
        needs=("admin_procedures",),
        urgency="normal",
        modes=frozenset({"online"}),
        days=frozenset({"mon"}),
        lat=None,
        lon=None,
        interests=(),
        involves_minors=False,
        excluded_volunteer_ids=frozenset(),
    )

    # They share no way of meeting: he is not a candidate at all, let alone "online".
    assert rank(encode_pool([tomasz]), nino, k=5) == []
    assert rank(encode_pool([replace(tomasz, modes=frozenset({"in_person", "online"}))]), nino)
