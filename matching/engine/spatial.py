"""Great-circle distances and the latitude-band layout the spatial prefilter searches.

Units: degrees in keys and windows, radians in distance formulas, kilometres out; the earth is
a sphere of radius 6371.0088 km (the IUGG mean radius, geopy's `great_circle` uses the same).

The layout key of a volunteer orders rows by (language, section, latitude band, longitude):
bands are 0.1 degree high (about 11 km), section 1 holds volunteers who offer online meetings,
and a volunteer without coordinates sits in a band of its own after every real band. One
`searchsorted` on the keys turns "within r km of this point" into a few contiguous slices, one
per band. Windows are conservative (every point within r km lies inside, a few metres to
spare); the exact haversine distance decides afterwards. `reach_cells_one` cuts each window
into four longitude cells with a lower bound of the distance to any place in them.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

EARTH_RADIUS_KM = 6371.0088
BAND_DEGREES = 0.1
BAND_COUNT = 1800  # bands 0..1799 cover latitudes -90..90
NO_COORDINATES_BAND = BAND_COUNT
_BANDS_PER_SECTION = BAND_COUNT + 1
_KEY_PER_BAND = 1000.0  # longitude + 180 (0..360) is added within a band
_SECTION_STRIDE = _BANDS_PER_SECTION * _KEY_PER_BAND
LANGUAGE_STRIDE = 2 * _SECTION_STRIDE
_MARGIN_DEGREES = 1e-4  # about 11 m, far above the rounding of keys and distances
_MARGIN_RADIANS = math.radians(_MARGIN_DEGREES)


def band_of(latitude_degrees: NDArray[np.float64]) -> NDArray[np.int64]:
    """Latitude band of each point; NaN (no coordinates) maps to NO_COORDINATES_BAND."""
    with np.errstate(invalid="ignore"):
        band = np.floor((np.nan_to_num(latitude_degrees) + 90.0) / BAND_DEGREES).astype(np.int64)
    band = np.clip(band, 0, BAND_COUNT - 1)
    return np.where(np.isnan(latitude_degrees), NO_COORDINATES_BAND, band)


def layout_key(
    section: NDArray[np.int64] | int,
    band: NDArray[np.int64] | int,
    longitude_degrees: NDArray[np.float64] | float,
) -> NDArray[np.float64]:
    """Sort key within one language: section, then band, then longitude (NaN counts as -180)."""
    longitude_part = np.nan_to_num(np.asarray(longitude_degrees, np.float64), nan=-180.0) + 180.0
    return np.asarray(section, np.float64) * _SECTION_STRIDE + (
        np.asarray(band, np.float64) * _KEY_PER_BAND + longitude_part
    )


def haversine_km(
    latitude_a: NDArray[np.float64] | float,
    longitude_a: NDArray[np.float64] | float,
    cos_latitude_a: NDArray[np.float64] | float,
    latitude_b: NDArray[np.float64] | float,
    longitude_b: NDArray[np.float64] | float,
    cos_latitude_b: NDArray[np.float64] | float,
) -> NDArray[np.float64]:
    """Great-circle distance in km between points given in radians (with their latitude cosines).

    Every caller uses this one function, so the ranking and its exhaustive reference compute
    bit-identical distances.
    """
    # In place where possible: a batch measures millions of pairs, and fresh temporaries cost
    # more than the arithmetic. The operations and their order are those of the formula.
    a = np.asarray(np.subtract(latitude_b, latitude_a, dtype=np.float64))
    a *= 0.5
    np.sin(a, out=a)
    a *= a  # sin²(Δφ/2)
    half_dlon = np.asarray(np.subtract(longitude_b, longitude_a, dtype=np.float64))
    half_dlon *= 0.5
    np.sin(half_dlon, out=half_dlon)
    half_dlon *= half_dlon
    cosines = np.multiply(cos_latitude_a, cos_latitude_b, dtype=np.float64)
    cosines *= half_dlon
    a += cosines
    np.minimum(a, 1.0, out=a)
    np.sqrt(a, out=a)
    np.arcsin(a, out=a)
    a *= 2.0 * EARTH_RADIUS_KM
    distance: NDArray[np.float64] = a
    return distance


def window_band_count(radius_km: float) -> int:
    """How many bands a window of this radius can touch."""
    reach_degrees = math.degrees(radius_km / EARTH_RADIUS_KM) + _MARGIN_DEGREES
    return math.ceil(2.0 * reach_degrees / BAND_DEGREES) + 1


def reach_windows(
    latitude_degrees: NDArray[np.float64],
    longitude_degrees: NDArray[np.float64],
    radius_km: float,
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    """Per point, the bands and longitude ranges that hold every place within `radius_km`.

    Returns (band, longitude_low, longitude_high, is_valid), each points x window_band_count;
    bands ascend along a row. A point without coordinates has no valid window. The longitude
    half-width of a band is the widest the spherical cap gets inside that band; a window that
    would cross the antimeridian or reach a pole covers its whole band.
    """
    count = window_band_count(radius_km)
    rho = radius_km / EARTH_RADIUS_KM + _MARGIN_RADIANS
    reach_degrees = math.degrees(rho) + _MARGIN_DEGREES
    has_point = ~(np.isnan(latitude_degrees) | np.isnan(longitude_degrees))
    latitude = np.where(has_point, latitude_degrees, 0.0)
    longitude = np.where(has_point, longitude_degrees, 0.0)
    low_latitude = latitude - reach_degrees
    high_latitude = latitude + reach_degrees
    first = np.clip(np.floor((low_latitude + 90.0) / BAND_DEGREES), 0, BAND_COUNT - 1).astype(
        np.int64
    )
    last = np.clip(np.floor((high_latitude + 90.0) / BAND_DEGREES), 0, BAND_COUNT - 1).astype(
        np.int64
    )
    band = first[:, None] + np.arange(count, dtype=np.int64)[None, :]
    is_valid = (band <= last[:, None]) & has_point[:, None]
    band_low = np.maximum(band * BAND_DEGREES - 90.0, low_latitude[:, None])
    band_high = np.minimum((band + 1) * BAND_DEGREES - 90.0, high_latitude[:, None])
    phi = np.radians(latitude)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        widest = np.degrees(np.arcsin(np.clip(np.sin(phi) / math.cos(rho), -1.0, 1.0)))
        candidates = (band_low, band_high, np.clip(widest, band_low, band_high))
        half_width = np.zeros(band.shape, np.float64)
        for candidate in candidates:
            psi = np.radians(candidate)
            cos_half = (math.cos(rho) - np.sin(phi) * np.sin(psi)) / (np.cos(phi) * np.cos(psi))
            width = np.arccos(np.clip(np.nan_to_num(cos_half, nan=-1.0), -1.0, 1.0))
            half_width = np.maximum(half_width, width)
    near_pole = (np.abs(phi) + rho) >= (math.pi / 2 - 1e-9)
    half_degrees = np.degrees(half_width) + _MARGIN_DEGREES
    longitude_low = longitude[:, None] - half_degrees
    longitude_high = longitude[:, None] + half_degrees
    whole_band = (
        near_pole | (longitude_low < -180.0) | (longitude_high > 180.0) | (half_width >= math.pi)
    )
    longitude_low = np.where(whole_band, -180.0, longitude_low)
    longitude_high = np.where(whole_band, 180.0, longitude_high)
    return band, longitude_low, longitude_high, is_valid


def reach_windows_one(
    latitude_degrees: float, longitude_degrees: float, radius_km: float
) -> list[tuple[int, float, float]]:
    """`reach_windows` for one point in plain Python: its valid (band, low, high) windows."""
    if math.isnan(latitude_degrees) or math.isnan(longitude_degrees):
        return []
    rho = radius_km / EARTH_RADIUS_KM + _MARGIN_RADIANS
    reach_degrees = math.degrees(rho) + _MARGIN_DEGREES
    low_latitude = latitude_degrees - reach_degrees
    high_latitude = latitude_degrees + reach_degrees
    first = min(max(math.floor((low_latitude + 90.0) / BAND_DEGREES), 0), BAND_COUNT - 1)
    last = min(max(math.floor((high_latitude + 90.0) / BAND_DEGREES), 0), BAND_COUNT - 1)
    phi = math.radians(latitude_degrees)
    cos_phi, sin_phi, cos_rho = math.cos(phi), math.sin(phi), math.cos(rho)
    near_pole = abs(phi) + rho >= math.pi / 2 - 1e-9
    widest = math.degrees(math.asin(min(max(sin_phi / cos_rho, -1.0), 1.0)))
    windows = []
    for band in range(first, last + 1):
        band_low = max(band * BAND_DEGREES - 90.0, low_latitude)
        band_high = min((band + 1) * BAND_DEGREES - 90.0, high_latitude)
        half_width = 0.0
        for candidate in (band_low, band_high, min(max(widest, band_low), band_high)):
            psi = math.radians(candidate)
            denominator = cos_phi * math.cos(psi)
            if denominator <= 0.0:
                half_width = math.pi
                break
            cos_half = (cos_rho - sin_phi * math.sin(psi)) / denominator
            half_width = max(half_width, math.acos(min(max(cos_half, -1.0), 1.0)))
        half_degrees = math.degrees(half_width) + _MARGIN_DEGREES
        low = longitude_degrees - half_degrees
        high = longitude_degrees + half_degrees
        if near_pole or low < -180.0 or high > 180.0 or half_width >= math.pi:
            low, high = -180.0, 180.0
        windows.append((band, low, high))
    return windows


def reach_cells_one(
    latitude_degrees: float, longitude_degrees: float, radius_km: float
) -> tuple[list[tuple[int, float, float]], list[tuple[float, float]]]:
    """`reach_windows_one` with each window cut into four equal longitude cells.

    Returns the windows and, per window, a lower bound of the distance in km from the point to
    any place of its two middle cells and of its two outer cells; a whole-band window is not
    cut (both bounds are those of the band). Cells follow each other in key order: cell j of a
    window spans low + j x width / 4 to low + (j + 1) x width / 4. The bound keeps the latitude
    and longitude gaps of the haversine formula with the band's smallest latitude cosine, so it
    never exceeds the true distance; it is lowered by a millimetre for rounding.
    """
    windows = reach_windows_one(latitude_degrees, longitude_degrees, radius_km)
    phi = math.radians(latitude_degrees)
    cos_phi = math.cos(phi)
    bounds = []
    for band, low, high in windows:
        band_low = math.radians(band * BAND_DEGREES - 90.0)
        band_high = math.radians((band + 1) * BAND_DEGREES - 90.0)
        latitude_term = math.sin(max(band_low - phi, phi - band_high, 0.0) / 2.0) ** 2
        # The windows are centred on the point: the middle cells touch its longitude.
        is_whole = low <= -180.0 and high >= 180.0
        gap = 0.0 if is_whole else math.radians(min((high - low) / 4.0, 180.0))
        cos_term = cos_phi * min(math.cos(band_low), math.cos(band_high))
        outer_term = latitude_term + cos_term * math.sin(gap / 2.0) ** 2
        bounds.append(
            (
                max(_arc_km(latitude_term) - 1e-6, 0.0),
                max(_arc_km(outer_term) - 1e-6, 0.0),
            )
        )
    return windows, bounds


def _arc_km(haversine_term: float) -> float:
    return 2.0 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(haversine_term, 1.0)))


ONLINE_SECTION_KEY = float(layout_key(1, 0, -180.0))  # where section 1 starts in a language
SECTION_BASES = np.array([0.0, _SECTION_STRIDE])  # added to a key within a section


def window_edge_key(band: int, longitude_degrees: float) -> float:
    """The key of a window edge within its section (see `layout_key`)."""
    return band * _KEY_PER_BAND + (longitude_degrees + 180.0)
