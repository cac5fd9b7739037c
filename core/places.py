"""Places: finding coordinates for what people type, rounding them, measuring distances.

`locate()` asks the geocoder named by the GEOCODER setting:
- `offline` (the default): the GeoNames gazetteer of `core.gazetteer`, no network needed.
  Place data from GeoNames (https://www.geonames.org), licensed CC-BY 4.0.
- `nominatim`: OpenStreetMap's Nominatim through geopy, for street-level precision in
  production; at most one request a second per process (Nominatim's usage policy), answers
  cached for a month in Django's cache, searches limited to Poland.

Coordinates are decimal degrees (WGS 84), distances kilometres along the great circle.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache as django_cache
from geopy.distance import great_circle
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from core.gazetteer import fold, gazetteer

# Three decimals of a degree: 111 m of latitude, 70 m of longitude in Poland.
COORDINATE_DECIMALS = 3
NOMINATIM_CACHE_SECONDS = 30 * 24 * 60 * 60
# A place not found stays unfound for a day, so a typo is not asked about on every save.
NOMINATIM_MISS_CACHE_SECONDS = 24 * 60 * 60
NOMINATIM_TIMEOUT_SECONDS = 5
_POSTAL_CODE = re.compile(r"\d{2}-\d{3}")


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    name: str  # canonical: "Warszawa" for "Warsaw", "Mokotów" for "ul. Puławska 12, Mokotów"
    city: str | None  # the town it lies in, itself for a town; None when the geocoder cannot tell


class GeocodingUnavailable(Exception):
    """The geocoding service failed; unlike None ("no such place"), worth trying again later."""


class Geocoder(Protocol):
    def locate(
        self, *, address: str | None = None, city: str | None = None, postal_code: str | None = None
    ) -> Place | None: ...


def locate(
    *, address: str | None = None, city: str | None = None, postal_code: str | None = None
) -> Place | None:
    """Where the given address, city or Polish postal code (NN-NNN) is; None if not found.

    When several are given the most precise one found wins (address, then city, then postal
    code), but an address in another town than `city` gives way to the city. Blank values
    count as absent. Raises GeocodingUnavailable when a network geocoder fails.
    """
    address, city, postal_code = _given(address), _given(city), _given(postal_code)
    if not (address or city or postal_code):
        return None
    return configured_geocoder().locate(address=address, city=city, postal_code=postal_code)


def configured_geocoder() -> Geocoder:
    if settings.GEOCODER == "nominatim":
        return nominatim_geocoder(settings.GEOCODER_USER_AGENT)
    return OfflineGeocoder()


def round_coordinates(lat: float, lon: float) -> tuple[float, float]:
    """Coordinates rounded to about 100 m, the precision everything stores and shows.

    Matching needs the neighbourhood, not the house: nobody needs a mentor's front door, and
    a rounded point cannot lead anyone there.
    """
    return round(lat, COORDINATE_DECIMALS), round(lon, COORDINATE_DECIMALS)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres; within 0.5 % of the ellipsoid at Polish distances."""
    return float(great_circle((lat1, lon1), (lat2, lon2)).km)


class OfflineGeocoder:
    """Towns, villages and city districts from the bundled gazetteer; never a street."""

    def locate(
        self, *, address: str | None = None, city: str | None = None, postal_code: str | None = None
    ) -> Place | None:
        found = gazetteer().resolve(address=address, city=city, postal_code=postal_code)
        return Place(found.lat, found.lon, found.name, found.city) if found else None


class NominatimGeocoder:
    """Nominatim behind a one-request-a-second limiter and Django's cache.

    Tries the address (with the city and postal code), then the city, then the postal code,
    and keeps the first answer: an address that Nominatim cannot place within the city given
    falls back to the city. Every query and its answer, found or not, is cached.
    """

    def __init__(self, geocoder: Any) -> None:
        # Retries only on service errors (timeouts, 5xx); what still fails is raised, so a
        # passing outage is never cached as "not found".
        self.geocode = RateLimiter(
            geocoder.geocode,
            min_delay_seconds=1.0,
            max_retries=1,
            error_wait_seconds=2.0,
            swallow_exceptions=False,
        )

    def locate(
        self, *, address: str | None = None, city: str | None = None, postal_code: str | None = None
    ) -> Place | None:
        queries: list[str | dict[str, str]] = []
        if address:
            queries.append(_full_address(address, city, postal_code))
        if city:
            queries.append(city)
        if postal_code and _POSTAL_CODE.fullmatch(postal_code):
            queries.append({"postalcode": postal_code})
        for query in queries:
            place = self._cached(query)
            if place:
                return place
        return None

    def _cached(self, query: str | dict[str, str]) -> Place | None:
        key = "places:nominatim:" + hashlib.sha256(_cache_text(query).encode()).hexdigest()
        stored: dict[str, Any] | None = django_cache.get(key)
        if stored is not None:
            return Place(**stored) if stored else None
        try:
            location = self.geocode(
                query,
                exactly_one=True,
                addressdetails=True,
                language="pl",
                country_codes="pl",
                timeout=NOMINATIM_TIMEOUT_SECONDS,
            )
        except GeopyError as error:
            raise GeocodingUnavailable(str(error)) from error
        place = _place_from_nominatim(location) if location else None
        # A plain dict, not the dataclass, so cached answers outlive a rename of Place.
        if place:
            django_cache.set(key, asdict(place), NOMINATIM_CACHE_SECONDS)
        else:
            django_cache.set(key, {}, NOMINATIM_MISS_CACHE_SECONDS)
        return place


@cache
def nominatim_geocoder(user_agent: str) -> NominatimGeocoder:
    """One per process, so that its rate limit holds across requests."""
    return NominatimGeocoder(Nominatim(user_agent=user_agent))


def _given(value: str | None) -> str | None:
    stripped = (value or "").strip()
    return stripped or None


def _full_address(address: str, city: str | None, postal_code: str | None) -> str:
    parts = [address]
    if postal_code:
        parts.append(postal_code)
    if city and f" {fold(city)} " not in f" {fold(address)} ":
        parts.append(city)
    return ", ".join(parts)


def _cache_text(query: str | dict[str, str]) -> str:
    if isinstance(query, dict):
        return "|".join(f"{key}={fold(value)}" for key, value in sorted(query.items()))
    return fold(query)


def _place_from_nominatim(location: Any) -> Place:
    details: dict[str, str] = location.raw.get("address", {})
    city = details.get("city") or details.get("town") or details.get("village")
    name = (
        location.raw.get("name")
        or details.get("suburb")
        or details.get("city_district")
        or city
        or location.address.split(",")[0]
    )
    return Place(float(location.latitude), float(location.longitude), name, city)
