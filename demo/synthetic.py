"""A synthetic population of resident mentors and newcomers around seven Polish cities.

Pure Python and numpy (no Django): the engine's benchmarks and tests use it, and a `seed_demo`
command can turn it into rows. Everything is drawn from `numpy.random.default_rng(seed)`, so
the same arguments give the same people.

People live around Warszawa, Kraków, Wrocław, Łódź, Poznań, Gdańsk and Lublin in proportion
to their populations, most within about 6 km of the centre and a quarter in the suburbs
(about 17 km); a few give no location. Language frequencies follow who volunteers and who
arrives: residents speak Polish natively almost always, English often at B1-C1, German,
Russian or Ukrainian sometimes, Vietnamese, Georgian or Arabic rarely; newcomers mostly speak
Ukrainian and Russian, then Belarusian, Georgian, Vietnamese, Arabic, English and a few more,
many with some A1-A2 Polish. Volunteer ids run 1..count, request ids likewise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matching.engine.encoding import DAYS, RequestInput, VolunteerInput


@dataclass(frozen=True)
class City:
    name: str
    lat: float
    lon: float
    population_thousands: int


CITIES: tuple[City, ...] = (
    City("Warszawa", 52.2297, 21.0122, 1860),
    City("Kraków", 50.0647, 19.9450, 800),
    City("Wrocław", 51.1079, 17.0385, 672),
    City("Łódź", 51.7592, 19.4560, 658),
    City("Poznań", 52.4064, 16.9252, 541),
    City("Gdańsk", 54.3520, 18.6466, 486),
    City("Lublin", 51.2465, 22.5684, 334),
)

SKILLS: tuple[str, ...] = (
    "admin_procedures",
    "language_practice",
    "job_search",
    "housing",
    "healthcare",
    "legal_residence",
    "education",
    "local_customs",
    "digital_skills",
    "social_contacts",
)
# How often a volunteer offers each skill, and how often a newcomer needs it (same order).
_SKILL_OFFERED = (0.45, 0.6, 0.35, 0.25, 0.2, 0.15, 0.3, 0.7, 0.4, 0.7)
_NEED_WEIGHT = (0.22, 0.18, 0.14, 0.12, 0.07, 0.15, 0.05, 0.03, 0.02, 0.02)

INTERESTS: tuple[str, ...] = (
    "cooking",
    "music",
    "hiking",
    "football",
    "reading",
    "cycling",
    "cinema",
    "travel",
    "running",
    "photography",
    "board_games",
    "chess",
    "history",
    "theatre",
    "painting",
    "gardening",
    "yoga",
    "swimming",
    "dancing",
    "technology",
    "volunteering",
    "basketball",
    "volleyball",
    "knitting",
    "fishing",
    "crafts",
    "pets",
    "nature",
    "languages",
    "religion",
)
FREE_INTERESTS: tuple[str, ...] = (
    "sewing",
    "beekeeping",
    "chemistry",
    "opera",
    "poetry",
    "tabletop rpg",
    "astronomy",
    "birdwatching",
    "baking",
    "ceramics",
    "rock climbing",
    "esports",
    "crossfit",
    "calligraphy",
    "mushroom picking",
)

_CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")
# (language, share of residents speaking it, level weights A1..C2)
_RESIDENT_LANGUAGES: tuple[tuple[str, float, tuple[float, ...]], ...] = (
    ("en", 0.70, (0.0, 0.10, 0.25, 0.35, 0.22, 0.08)),
    ("de", 0.18, (0.20, 0.30, 0.30, 0.15, 0.05, 0.0)),
    ("ru", 0.14, (0.0, 0.30, 0.35, 0.25, 0.10, 0.0)),
    ("uk", 0.09, (0.0, 0.35, 0.35, 0.20, 0.10, 0.0)),
    ("fr", 0.05, (0.20, 0.35, 0.30, 0.15, 0.0, 0.0)),
    ("es", 0.05, (0.20, 0.35, 0.30, 0.15, 0.0, 0.0)),
    ("it", 0.02, (0.30, 0.40, 0.30, 0.0, 0.0, 0.0)),
    ("be", 0.005, (0.0, 0.0, 0.3, 0.4, 0.3, 0.0)),
    ("vi", 0.003, (0.0, 0.0, 0.2, 0.3, 0.5, 0.0)),
    ("ar", 0.003, (0.0, 0.0, 0.3, 0.3, 0.4, 0.0)),
    ("tr", 0.003, (0.0, 0.2, 0.4, 0.4, 0.0, 0.0)),
    ("ka", 0.002, (0.0, 0.0, 0.3, 0.4, 0.3, 0.0)),
    ("hy", 0.002, (0.0, 0.0, 0.3, 0.4, 0.3, 0.0)),
)
# Newcomers: (first language, share, other languages as (language, share, level weights A1..C2))
_NEWCOMER_ORIGINS: tuple[
    tuple[str, float, tuple[tuple[str, float, tuple[float, ...]], ...]], ...
] = (
    (
        "uk",
        0.60,
        (
            ("ru", 0.70, (0, 0, 0.1, 0.3, 0.4, 0.2)),
            ("en", 0.30, (0, 0.3, 0.35, 0.25, 0.1, 0)),
            ("pl", 0.65, (0.5, 0.4, 0.08, 0.02, 0, 0)),
        ),
    ),
    (
        "ru",
        0.08,
        (("en", 0.30, (0, 0.3, 0.4, 0.2, 0.1, 0)), ("pl", 0.40, (0.6, 0.35, 0.05, 0, 0, 0))),
    ),
    (
        "be",
        0.10,
        (
            ("ru", 0.95, (0, 0, 0, 0.1, 0.3, 0.6)),
            ("en", 0.25, (0, 0.3, 0.4, 0.2, 0.1, 0)),
            ("pl", 0.60, (0.35, 0.45, 0.15, 0.05, 0, 0)),
        ),
    ),
    (
        "ka",
        0.05,
        (("ru", 0.50, (0, 0.1, 0.3, 0.4, 0.2, 0)), ("en", 0.40, (0, 0.2, 0.4, 0.3, 0.1, 0))),
    ),
    ("vi", 0.04, (("en", 0.35, (0, 0.3, 0.4, 0.3, 0, 0)), ("pl", 0.20, (0.7, 0.3, 0, 0, 0, 0)))),
    (
        "ar",
        0.03,
        (("en", 0.45, (0, 0.2, 0.4, 0.3, 0.1, 0)), ("fr", 0.15, (0, 0.2, 0.4, 0.3, 0.1, 0))),
    ),
    ("en", 0.03, (("pl", 0.20, (0.7, 0.3, 0, 0, 0, 0)),)),
    ("tr", 0.02, (("en", 0.40, (0, 0.3, 0.4, 0.3, 0, 0)), ("de", 0.15, (0, 0.3, 0.4, 0.3, 0, 0)))),
    ("hy", 0.02, (("ru", 0.80, (0, 0, 0.2, 0.4, 0.4, 0)), ("en", 0.30, (0, 0.3, 0.4, 0.3, 0, 0)))),
    ("es", 0.01, (("en", 0.50, (0, 0.2, 0.4, 0.3, 0.1, 0)),)),
    ("fr", 0.01, (("en", 0.40, (0, 0.2, 0.4, 0.3, 0.1, 0)),)),
    ("hi", 0.01, (("en", 0.90, (0, 0, 0.2, 0.4, 0.4, 0)),)),
)


def _cities(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
    weights = np.array([city.population_thousands for city in CITIES], np.float64)
    city = rng.choice(len(CITIES), size=count, p=weights / weights.sum())
    centre_lat = np.array([c.lat for c in CITIES])[city]
    centre_lon = np.array([c.lon for c in CITIES])[city]
    spread = np.where(rng.random(count) < 0.25, 0.15, 0.05)  # degrees of latitude
    lat = centre_lat + rng.normal(0.0, 1.0, count) * spread
    lon = centre_lon + rng.normal(0.0, 1.0, count) * spread / np.cos(np.radians(centre_lat))
    return np.round(lat, 6), np.round(lon, 6)


def _levels(rng: np.random.Generator, count: int, weights: Sequence[float]) -> np.ndarray:
    probabilities = np.asarray(weights, np.float64)
    return np.asarray(_CEFR)[
        rng.choice(len(_CEFR), size=count, p=probabilities / probabilities.sum())
    ]


def _at_least_one(rng: np.random.Generator, chosen: np.ndarray) -> np.ndarray:
    empty = np.flatnonzero(~chosen.any(axis=1))
    chosen[empty, rng.integers(chosen.shape[1], size=empty.size)] = True
    return chosen


def _interests(rng: np.random.Generator, count: int) -> list[tuple[str, ...]]:
    popularity = 1.0 / np.arange(1, len(INTERESTS) + 1) ** 0.8
    # Gumbel keys: the first n of each row are a weighted draw of n without replacement.
    keys = np.log(popularity / popularity.sum()) + rng.gumbel(size=(count, len(INTERESTS)))
    order = np.argsort(-keys, axis=1)
    sizes = rng.integers(1, 6, size=count)
    free = np.where(rng.random(count) < 0.10, rng.integers(len(FREE_INTERESTS), size=count), -1)
    result = []
    for row, size, extra in zip(order.tolist(), sizes.tolist(), free.tolist(), strict=True):
        chosen = [INTERESTS[i] for i in sorted(row[:size])]
        if extra >= 0:
            chosen.append(FREE_INTERESTS[extra])
        result.append(tuple(chosen))
    return result


def _days(rng: np.random.Generator, count: int) -> list[frozenset[str]]:
    chances = np.array([0.35, 0.35, 0.35, 0.35, 0.3, 0.55, 0.5])
    chosen = _at_least_one(rng, rng.random((count, len(DAYS))) < chances)
    return [
        frozenset(d for d, has in zip(DAYS, row, strict=True) if has) for row in chosen.tolist()
    ]


def _modes(
    rng: np.random.Generator, count: int, online_only: float, both: float
) -> list[frozenset[str]]:
    draw = rng.random(count)
    options = (
        frozenset({"online"}),
        frozenset({"in_person", "online"}),
        frozenset({"in_person"}),
    )
    kind = np.where(draw < online_only, 0, np.where(draw < online_only + both, 1, 2))
    return [options[k] for k in kind.tolist()]


def _locations(rng: np.random.Generator, count: int) -> list[tuple[float | None, float | None]]:
    lat, lon = _cities(rng, count)
    known = rng.random(count) >= 0.03
    return [
        (a, b) if has else (None, None)
        for a, b, has in zip(lat.tolist(), lon.tolist(), known.tolist(), strict=True)
    ]


def synthetic_volunteers(count: int, *, seed: int = 0) -> list[VolunteerInput]:
    """`count` resident mentors with ids 1..count."""
    rng = np.random.default_rng(seed)
    languages: list[dict[str, str]] = [{} for _ in range(count)]
    origin = rng.random(count)
    polish_as_second = _levels(rng, count, (0, 0, 0, 0.45, 0.5, 0.05))
    for index, draw in enumerate(origin.tolist()):
        if draw < 0.96:
            languages[index]["pl"] = "native"
        elif draw < 0.99:
            languages[index].update(uk="native", pl=str(polish_as_second[index]))
        else:
            languages[index].update(be="native", ru="native", pl=str(polish_as_second[index]))
    for code, share, level_weights in _RESIDENT_LANGUAGES:
        speaks = np.flatnonzero(rng.random(count) < share)
        for index, level in zip(
            speaks.tolist(), _levels(rng, speaks.size, level_weights).tolist(), strict=True
        ):
            languages[index].setdefault(code, level)
    offered = _at_least_one(rng, rng.random((count, len(SKILLS))) < np.array(_SKILL_OFFERED))
    capacity = rng.choice((1, 2, 3), size=count, p=(0.5, 0.35, 0.15))
    active = np.where(rng.random(count) < 0.2, capacity, (rng.random(count) * capacity).astype(int))
    columns = zip(
        languages,
        offered.tolist(),
        _interests(rng, count),
        _locations(rng, count),
        rng.choice((5, 10, 15, 20, 25, 30, 40, 50), size=count).tolist(),
        _days(rng, count),
        _modes(rng, count, online_only=0.07, both=0.38),
        rng.choice((1, 2, 3, 4, 5, 6), size=count, p=(0.15, 0.3, 0.25, 0.15, 0.1, 0.05)).tolist(),
        capacity.tolist(),
        active.tolist(),
        (rng.random(count) < 0.85).tolist(),
        (rng.random(count) < 0.4).tolist(),
        strict=True,
    )
    return [
        VolunteerInput(
            id=index + 1,
            languages=spoken,
            skills=frozenset(skill for skill, has in zip(SKILLS, skills, strict=True) if has),
            interests=interests,
            lat=lat,
            lon=lon,
            max_distance_km=float(distance),
            days=days,
            modes=modes,
            hours_per_week=hours,
            capacity=cap,
            active_matches=busy,
            is_eligible=eligible,
            has_valid_safeguarding=checked,
        )
        for index, (
            spoken,
            skills,
            interests,
            (lat, lon),
            distance,
            days,
            modes,
            hours,
            cap,
            busy,
            eligible,
            checked,
        ) in enumerate(columns)
    ]


def synthetic_requests(
    count: int, *, seed: int = 1, volunteer_ids: Sequence[int] = ()
) -> list[RequestInput]:
    """`count` open support requests with ids 1..count; a few exclude some of `volunteer_ids`."""
    rng = np.random.default_rng(seed)
    shares = np.array([share for _, share, _ in _NEWCOMER_ORIGINS])
    origin = rng.choice(len(_NEWCOMER_ORIGINS), size=count, p=shares / shares.sum())
    languages: list[dict[str, str]] = [{_NEWCOMER_ORIGINS[o][0]: "native"} for o in origin.tolist()]
    for position, (_, _, others) in enumerate(_NEWCOMER_ORIGINS):
        members = np.flatnonzero(origin == position)
        for code, share, level_weights in others:
            speaks = members[rng.random(members.size) < share]
            for index, level in zip(
                speaks.tolist(), _levels(rng, speaks.size, level_weights).tolist(), strict=True
            ):
                languages[index][code] = level
    need_weight = np.array(_NEED_WEIGHT) / sum(_NEED_WEIGHT)
    need_keys = np.log(need_weight) + rng.gumbel(size=(count, len(SKILLS)))
    need_order = np.argsort(-need_keys, axis=1)
    need_count = rng.choice((1, 2, 3), size=count, p=(0.5, 0.35, 0.15))
    known_ids = np.asarray(volunteer_ids, np.int64)
    excluding = np.flatnonzero(rng.random(count) < 0.03) if known_ids.size else np.zeros(0, int)
    excluded: dict[int, frozenset[int]] = {
        index: frozenset(rng.choice(known_ids, size=int(rng.integers(1, 3))).tolist())
        for index in excluding.tolist()
    }
    interests = _interests(rng, count)
    has_interests = rng.random(count) < 0.85
    columns = zip(
        languages,
        need_order.tolist(),
        need_count.tolist(),
        rng.choice(("low", "normal", "high"), size=count, p=(0.25, 0.55, 0.2)).tolist(),
        _modes(rng, count, online_only=0.10, both=0.35),
        _days(rng, count),
        _locations(rng, count),
        interests,
        has_interests.tolist(),
        (rng.random(count) < 0.15).tolist(),
        (rng.geometric(1 / 20, size=count) - 1).tolist(),
        strict=True,
    )
    return [
        RequestInput(
            id=index + 1,
            languages=spoken,
            first_language=_NEWCOMER_ORIGINS[int(origin[index])][0],
            needs=tuple(SKILLS[i] for i in order[:needs]),
            urgency=urgency,
            modes=modes,
            days=days,
            lat=lat,
            lon=lon,
            interests=chosen if has else (),
            involves_minors=minors,
            excluded_volunteer_ids=excluded.get(index, frozenset()),
            waiting_days=waiting,
        )
        for index, (
            spoken,
            order,
            needs,
            urgency,
            modes,
            days,
            (lat, lon),
            chosen,
            has,
            minors,
            waiting,
        ) in enumerate(columns)
    ]
