"""Turning what a person types about where they live into stored, rounded coordinates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.places import GeocodingUnavailable, locate, round_coordinates

# The Polish postal code (00-950): the pages and the API check its shape alike.
POSTAL_CODE_PATTERN = r"^\d{2}-\d{3}$"


class LocationNotFound(Exception):
    """No coordinates could be found for what was given (or the geocoder is unreachable)."""


@dataclass(frozen=True)
class ResolvedLocation:
    address: str
    city: str
    postal_code: str
    district: str
    place_name: str
    lat: float | None
    lon: float | None

    def as_fields(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "district": self.district,
            "city": self.city,
            "postal_code": self.postal_code,
            "place_name": self.place_name,
            "lat": self.lat,
            "lon": self.lon,
        }


def location_resolve(given: dict[str, Any]) -> ResolvedLocation:
    """Coordinates from `lat`/`lon` when given, otherwise geocoded from address, city or postal
    code; always rounded to about 100 m. An empty location clears it; an unknown place raises.

    Geocoding may use the network in production, so callers run this before their transaction.
    """
    address = (given.get("address") or "").strip()
    district = (given.get("district") or "").strip()
    city = (given.get("city") or "").strip()
    postal_code = (given.get("postal_code") or "").strip()
    lat, lon = given.get("lat"), given.get("lon")
    if lat is not None and lon is not None:
        lat, lon = round_coordinates(float(lat), float(lon))
        return ResolvedLocation(address, city, postal_code, district, city, lat, lon)
    if not (address or district or city or postal_code):
        return ResolvedLocation("", "", "", "", "", None, None)
    # The district helps to find the place; it is stored apart, as typed.
    query = ", ".join(part for part in (address, district) if part)
    try:
        place = locate(address=query or None, city=city or None, postal_code=postal_code or None)
    except GeocodingUnavailable:
        # A network geocoder that is down must not turn a profile update into a 500.
        raise LocationNotFound from None
    if place is None:
        raise LocationNotFound
    lat, lon = round_coordinates(place.lat, place.lon)
    return ResolvedLocation(
        address, city or (place.city or ""), postal_code, district, place.name, lat, lon
    )


def location_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The model fields for `data["location"]` if given (else nothing to change); an unknown
    place is a ValidationError on `location`, so every profile reports it the same way."""
    if "location" not in data:
        return {}
    try:
        return location_resolve(data["location"]).as_fields()
    except LocationNotFound:
        raise ValidationError(
            {"location": _("We could not find this place. Check the spelling or give a city.")}
        ) from None
