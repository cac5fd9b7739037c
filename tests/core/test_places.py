"""core.places: offline geocoding of Polish places, the Nominatim wrapper, rounding, distance.

Reference centres are the points people mean by a name (a city's main square, a district's
middle), independent of the gazetteer's own data; a match lands within a few kilometres.
"""

from __future__ import annotations

from typing import Any

import pytest
from geopy.exc import GeocoderServiceError
from geopy.location import Location
from pytest_django.fixtures import Settings

from core import places
from core.gazetteer import Gazetteer, KnownPlace, gazetteer
from core.places import NominatimGeocoder, Place, distance_km, locate, round_coordinates

WARSZAWA_CENTRE = (52.2297, 21.0122)
KRAKOW_CENTRE = (50.0617, 19.9373)  # Rynek Główny

WARSAW_DISTRICTS = {
    "Mokotów": (52.190, 21.030),
    "Praga-Północ": (52.255, 21.035),
    "Praga-Południe": (52.240, 21.080),
    "Wola": (52.236, 20.959),
    "Ochota": (52.216, 20.980),
    "Żoliborz": (52.268, 20.980),
    "Targówek": (52.290, 21.050),
    "Ursynów": (52.145, 21.045),
    "Bemowo": (52.250, 20.910),
    "Bielany": (52.290, 20.940),
    "Białołęka": (52.325, 21.000),
    "Śródmieście": (52.230, 21.010),
    "Wawer": (52.200, 21.170),
    "Wilanów": (52.160, 21.090),
    "Włochy": (52.190, 20.950),
    "Ursus": (52.195, 20.885),
    "Rembertów": (52.260, 21.150),
    "Wesoła": (52.245, 21.220),
}
KRAKOW_DISTRICTS = {
    "Stare Miasto": KRAKOW_CENTRE,
    "Nowa Huta": (50.0715, 20.0375),  # Plac Centralny
    "Podgórze": (50.0445, 19.9585),  # Rynek Podgórski
    "Krowodrza": (50.075, 19.920),
    "Grzegórzki": (50.060, 19.960),
    "Bieńczyce": (50.085, 20.025),
}


def km_from(place: Place | None, point: tuple[float, float]) -> float:
    assert place is not None
    return distance_km(place.lat, place.lon, *point)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Warszawa", "Warszawa"), ("Warsaw", "Warszawa"), ("Варшава", "Warszawa"),
        ("warszawa", "Warszawa"), ("WARSZAWA", "Warszawa"),
        ("Kraków", "Kraków"), ("Krakow", "Kraków"), ("Краків", "Kraków"), ("Cracow", "Kraków"),
        ("Łódź", "Łódź"), ("Lodz", "Łódź"), ("Wrocław", "Wrocław"), ("Wroclaw", "Wrocław"),
        ("Gdańsk", "Gdańsk"), ("Gdansk", "Gdańsk"), ("Lublin", "Lublin"),
        ("Bielsko-Biala", "Bielsko-Biała"),
    ],
)  # fmt: skip
def test_a_city_resolves_by_any_spelling_to_its_polish_name(typed: str, name: str) -> None:
    place = locate(city=typed)

    assert place is not None
    assert (place.name, place.city) == (name, name)


def test_a_city_resolves_to_its_centre() -> None:
    assert km_from(locate(city="Warszawa"), WARSZAWA_CENTRE) < 1
    assert km_from(locate(city="Kraków"), KRAKOW_CENTRE) < 1


@pytest.mark.parametrize(("district", "centre"), WARSAW_DISTRICTS.items())
def test_a_warsaw_district_resolves_to_its_own_coordinates(
    district: str, centre: tuple[float, float]
) -> None:
    place = locate(city=district)

    assert place is not None
    assert (place.name, place.city) == (district, "Warszawa")
    assert km_from(place, centre) < 3


@pytest.mark.parametrize(("district", "centre"), KRAKOW_DISTRICTS.items())
def test_a_krakow_district_resolves_to_its_own_coordinates(
    district: str, centre: tuple[float, float]
) -> None:
    place = locate(city=district)

    assert place is not None
    assert (place.name, place.city) == (district, "Kraków")
    assert km_from(place, centre) < 3


def test_a_district_matches_without_diacritics_hyphens_or_in_cyrillic() -> None:
    assert locate(city="praga polnoc") == locate(city="Praga-Północ")
    assert locate(city="Мокотув") == locate(city="Mokotów")
    assert locate(city="Bialoleka") == locate(city="Białołęka")


def test_an_ambiguous_name_means_its_most_populous_place() -> None:
    place = locate(city="Olsztyn")  # also a village of 2,000 in Silesia

    assert km_from(place, (53.778, 20.480)) < 3


def test_an_unknown_place_is_not_found() -> None:
    assert locate(city="Atlantis") is None
    assert locate(address="ul. Nieistniejąca 7, Atlantyda") is None


def test_nothing_given_finds_nothing() -> None:
    assert locate() is None
    assert locate(address=" ", city="", postal_code=None) is None


def test_an_address_resolves_to_the_district_it_names() -> None:
    place = locate(address="ul. Puławska 12, Mokotów, Warszawa")

    assert place is not None
    assert (place.name, place.city) == ("Mokotów", "Warszawa")


def test_an_address_without_commas_or_in_cyrillic_still_finds_its_district() -> None:
    assert locate(address="Puławska 12 Mokotów Warszawa") == locate(city="Mokotów")
    assert locate(address="вул. Пулавська 12, Мокотув, Варшава") == locate(city="Mokotów")


def test_an_address_naming_only_a_city_resolves_to_the_city() -> None:
    place = locate(address="Aleje Jerozolimskie 100, 00-807 Warszawa")

    assert place is not None
    assert place.name == "Warszawa"


def test_a_street_named_like_a_village_is_not_taken_for_the_village() -> None:
    place = locate(address="ul. Leśna 5, Warszawa")  # Leśna is also a town in Lower Silesia

    assert place is not None
    assert place.name == "Warszawa"


@pytest.mark.parametrize(
    ("postal_code", "city"),
    [
        ("00-950", "Warszawa"), ("04-001", "Warszawa"), ("05-500", "Warszawa"),
        ("31-000", "Kraków"), ("30-001", "Kraków"), ("50-001", "Wrocław"),
        ("54-001", "Wrocław"), ("80-001", "Gdańsk"), ("81-300", "Gdynia"),
        ("60-001", "Poznań"), ("90-001", "Łódź"), ("94-001", "Łódź"), ("20-001", "Lublin"),
        ("26-600", "Radom"),
    ],
)  # fmt: skip
def test_a_postal_code_resolves_to_the_main_city_of_its_area(postal_code: str, city: str) -> None:
    place = locate(postal_code=postal_code)

    assert place is not None
    assert place.name == city


@pytest.mark.parametrize("postal_code", ["12345", "00950", "0-0950", "00-95", "AB-CDE", "79-000"])
def test_a_malformed_or_unassigned_postal_code_is_not_found(postal_code: str) -> None:
    assert locate(postal_code=postal_code) is None


def test_every_postal_area_names_a_polish_city_the_gazetteer_knows() -> None:
    for prefix, city in gazetteer().postal_areas.items():
        place = locate(postal_code=f"{prefix}-000")

        assert place is not None, prefix
        assert place.name == city
        assert 49.0 < place.lat < 54.9 and 14.1 < place.lon < 24.2


def test_an_address_place_beats_the_city_and_the_postal_code() -> None:
    place = locate(address="ul. Puławska 12, Mokotów", city="Warszawa", postal_code="31-000")

    assert place == locate(city="Mokotów")


def test_the_city_beats_the_postal_code() -> None:
    place = locate(city="Gdańsk", postal_code="00-950")

    assert place is not None
    assert place.name == "Gdańsk"


def test_an_address_in_another_city_falls_back_to_the_city() -> None:
    place = locate(address="ul. Puławska 12, Mokotów", city="Kraków")

    assert place is not None
    assert place.name == "Kraków"


def test_an_address_with_no_known_place_falls_back_to_the_city() -> None:
    place = locate(address="Rynek Główny 1", city="Kraków", postal_code="00-950")

    assert place is not None
    assert place.name == "Kraków"


def test_a_district_given_as_the_city_beats_an_address_naming_only_its_city() -> None:
    place = locate(address="ul. Puławska 12, Warszawa", city="Mokotów")

    assert place is not None
    assert place.name == "Mokotów"


def test_the_city_given_picks_among_districts_of_the_same_name() -> None:
    warsaw_centre = KnownPlace("Śródmieście", "Warszawa", 52.229, 21.016, 99_950)
    wroclaw_centre = KnownPlace("Śródmieście", "Wrocław", 51.113, 17.081, 99_088)
    wroclaw = KnownPlace("Wrocław", "Wrocław", 51.103, 17.030, 672_545)
    small = Gazetteer(
        places_by_name={
            "srodmiescie": (warsaw_centre, wroclaw_centre),
            "wroclaw": (wroclaw,),
        },
        postal_areas={},
    )

    assert small.resolve(address="Śródmieście") == warsaw_centre
    assert small.resolve(address="Śródmieście", city="Wrocław") == wroclaw_centre
    assert small.resolve(address="pl. Kościuszki 1, Śródmieście, Wrocław") == wroclaw_centre


def test_rounding_keeps_three_decimals() -> None:
    assert round_coordinates(52.229676, 21.012229) == (52.23, 21.012)
    assert round_coordinates(-0.0004, 179.9996) == (-0.0, 180.0)


def test_rounding_moves_a_point_in_warsaw_by_at_most_65_m() -> None:
    lat, lon = 52.2294999, 21.0125001  # as far from a rounded point as it gets

    assert distance_km(lat, lon, *round_coordinates(lat, lon)) == pytest.approx(0.065, abs=0.001)


def test_warszawa_to_krakow_is_about_252_km() -> None:
    assert distance_km(*WARSZAWA_CENTRE, *KRAKOW_CENTRE) == pytest.approx(252, abs=2)


def test_a_distance_is_symmetric_and_zero_to_itself() -> None:
    there_and_back = (
        distance_km(*WARSZAWA_CENTRE, *KRAKOW_CENTRE),
        distance_km(*KRAKOW_CENTRE, *WARSZAWA_CENTRE),
    )

    assert there_and_back[0] == pytest.approx(there_and_back[1])
    assert distance_km(*WARSZAWA_CENTRE, *WARSZAWA_CENTRE) == 0


class FakeNominatim:
    """Stands in for geopy's Nominatim: answers from a table and records every request."""

    def __init__(self, answers: dict[str, Location | None] | None = None) -> None:
        self.answers = answers or {}
        self.requests: list[tuple[Any, dict[str, Any]]] = []
        self.failure: Exception | None = None

    def geocode(self, query: Any, **options: Any) -> Location | None:
        self.requests.append((query, options))
        if self.failure:
            raise self.failure
        return self.answers.get(str(query))


def nominatim_location(name: str, lat: float, lon: float, **address: str) -> Location:
    raw = {"name": name, "address": address, "lat": str(lat), "lon": str(lon)}
    return Location(f"{name}, Polska", (lat, lon), raw)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The rate limiter's waits, recorded and passed on a clock of its own instead of slept."""
    now = [0.0]
    waited: list[float] = []

    def sleep(seconds: float) -> None:
        waited.append(seconds)
        now[0] += seconds

    monkeypatch.setattr("geopy.extra.rate_limiter.default_timer", lambda: now[0])
    monkeypatch.setattr("geopy.extra.rate_limiter.sleep", sleep)
    return waited


def test_nominatim_answers_a_repeated_query_from_the_cache(sleeps: list[float]) -> None:
    fake = FakeNominatim({"Kraków": nominatim_location("Kraków", 50.0619, 19.9368, city="Kraków")})

    first = NominatimGeocoder(fake).locate(city="Kraków")
    second = NominatimGeocoder(fake).locate(city="kraków ")

    assert first == second == Place(50.0619, 19.9368, "Kraków", "Kraków")
    assert len(fake.requests) == 1


def test_nominatim_remembers_a_place_it_could_not_find(sleeps: list[float]) -> None:
    fake = FakeNominatim()

    assert NominatimGeocoder(fake).locate(city="Atlantis") is None
    assert NominatimGeocoder(fake).locate(city="Atlantis") is None
    assert len(fake.requests) == 1


def test_nominatim_waits_a_second_between_requests(sleeps: list[float]) -> None:
    geocoder = NominatimGeocoder(FakeNominatim())

    geocoder.locate(city="Lublin")
    geocoder.locate(city="Radom")

    assert sleeps == [1.0]


def test_nominatim_searches_poland_in_polish(sleeps: list[float]) -> None:
    fake = FakeNominatim()

    NominatimGeocoder(fake).locate(city="Warszawa")

    [(query, options)] = fake.requests
    assert query == "Warszawa"
    assert (options["country_codes"], options["language"]) == ("pl", "pl")


def test_nominatim_tries_the_address_then_the_city_then_the_postal_code(
    sleeps: list[float],
) -> None:
    fake = FakeNominatim()

    place = NominatimGeocoder(fake).locate(
        address="ul. Puławska 12", city="Warszawa", postal_code="02-512"
    )

    assert place is None
    assert [query for query, _ in fake.requests] == [
        "ul. Puławska 12, 02-512, Warszawa",
        "Warszawa",
        {"postalcode": "02-512"},
    ]


def test_nominatim_keeps_the_first_answer_found(sleeps: list[float]) -> None:
    mokotow = nominatim_location("", 52.1934, 21.0348, suburb="Mokotów", city="Warszawa")
    fake = FakeNominatim({"ul. Puławska 12, Mokotów, Warszawa": mokotow})

    place = NominatimGeocoder(fake).locate(address="ul. Puławska 12, Mokotów", city="Warszawa")

    assert place == Place(52.1934, 21.0348, "Mokotów", "Warszawa")
    assert len(fake.requests) == 1


def test_a_nominatim_failure_is_raised_and_not_cached(sleeps: list[float]) -> None:
    fake = FakeNominatim()
    fake.failure = GeocoderServiceError("503 Service Unavailable")

    with pytest.raises(places.GeocodingUnavailable):
        NominatimGeocoder(fake).locate(city="Kraków")
    fake.failure = None
    NominatimGeocoder(fake).locate(city="Kraków")

    assert len(fake.requests) == 3  # one try, one retry, then the second call


def test_locate_uses_nominatim_when_configured(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    settings.GEOCODER = "nominatim"
    settings.GEOCODER_USER_AGENT = "welcome-ambassador-tests"
    fake = FakeNominatim({"Lublin": nominatim_location("Lublin", 51.2465, 22.5684)})
    agents: list[str] = []

    def fake_geocoder(user_agent: str) -> NominatimGeocoder:
        agents.append(user_agent)
        return NominatimGeocoder(fake)

    monkeypatch.setattr(places, "nominatim_geocoder", fake_geocoder)

    assert locate(city="Lublin") == Place(51.2465, 22.5684, "Lublin", None)
    assert agents == ["welcome-ambassador-tests"]


def test_the_nominatim_geocoder_identifies_itself_and_is_shared() -> None:
    geocoder = places.nominatim_geocoder("welcome-ambassador-tests")

    assert places.nominatim_geocoder("welcome-ambassador-tests") is geocoder
    assert geocoder.geocode.func.__self__.headers["User-Agent"] == "welcome-ambassador-tests"
    assert geocoder.geocode.min_delay_seconds == 1.0
