"""Distances and the spatial prefilter's windows."""

import math

import numpy as np
from geopy.distance import great_circle
from geopy.point import Point
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import spatial


def test_haversine_agrees_with_geopys_great_circle() -> None:
    rng = np.random.default_rng(41)
    a = rng.uniform([-80, -180], [80, 180], size=(200, 2))
    b = rng.uniform([-80, -180], [80, 180], size=(200, 2))
    lat_a, lat_b = np.radians(a[:, 0]), np.radians(b[:, 0])

    ours = spatial.haversine_km(
        lat_a, np.radians(a[:, 1]), np.cos(lat_a), lat_b, np.radians(b[:, 1]), np.cos(lat_b)
    )

    theirs = [
        great_circle(tuple(p), tuple(q), radius=spatial.EARTH_RADIUS_KM).km
        for p, q in zip(a, b, strict=True)
    ]
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-9)


# A point, a reach, and a place within that reach (bearing, share of the radius).
WITHIN_REACH = {
    "latitude": st.floats(-89.0, 89.0),
    "longitude": st.floats(-180.0, 180.0),
    "radius_km": st.sampled_from([0.5, 5.0, 30.0, 150.0]),
    "bearing": st.floats(0.0, 360.0),
    "share": st.floats(0.0, 1.0),
}


def place_within(
    latitude: float, longitude: float, radius_km: float, bearing: float, share: float
) -> Point:
    return great_circle(radius=spatial.EARTH_RADIUS_KM).destination(
        (latitude, longitude), bearing, distance=radius_km * share
    )


@settings(max_examples=150, deadline=None)
@given(**WITHIN_REACH)
def test_every_place_within_reach_lies_in_a_window(
    latitude: float, longitude: float, radius_km: float, bearing: float, share: float
) -> None:
    destination = place_within(latitude, longitude, radius_km, bearing, share)

    windows = spatial.reach_windows_one(latitude, longitude, radius_km)

    band = int(spatial.band_of(np.array([destination.latitude]))[0])
    inside = [low <= destination.longitude <= high for b, low, high in windows if b == band]
    assert inside == [True]


def test_the_plain_and_the_vectorised_windows_agree() -> None:
    rng = np.random.default_rng(42)
    latitude, longitude = rng.uniform(-89.9, 89.9, 300), rng.uniform(-180, 180, 300)

    band, low, high, is_valid = spatial.reach_windows(latitude, longitude, 30.0)

    for i in range(latitude.size):
        vectorised = [
            (int(b), float(lo), float(hi))
            for b, lo, hi, ok in zip(band[i], low[i], high[i], is_valid[i], strict=True)
            if ok
        ]
        plain = spatial.reach_windows_one(float(latitude[i]), float(longitude[i]), 30.0)
        assert [w[0] for w in plain] == [w[0] for w in vectorised]
        assert np.allclose([w[1:] for w in plain], [w[1:] for w in vectorised], rtol=0, atol=1e-9)


def test_a_point_without_coordinates_has_no_window() -> None:
    assert spatial.reach_windows_one(math.nan, 21.0, 30.0) == []


@settings(max_examples=200, deadline=None)
@given(**WITHIN_REACH)
def test_no_place_of_a_cell_is_nearer_than_the_cells_distance_bound(
    latitude: float, longitude: float, radius_km: float, bearing: float, share: float
) -> None:
    destination = place_within(latitude, longitude, radius_km, bearing, share)
    phi, target = math.radians(latitude), math.radians(destination.latitude)
    distance = float(
        spatial.haversine_km(
            phi,
            math.radians(longitude),
            math.cos(phi),
            target,
            math.radians(destination.longitude),
            math.cos(target),
        )
    )

    windows, nearest_km = spatial.reach_cells_one(latitude, longitude, radius_km)

    band = int(spatial.band_of(np.array([destination.latitude]))[0])
    for (window_band, low, high), (middle_km, outer_km) in zip(windows, nearest_km, strict=True):
        if window_band == band and low <= destination.longitude <= high:
            piece = min(int((destination.longitude - low) / ((high - low) / 4.0)), 3)
            assert distance >= (middle_km if piece in (1, 2) else outer_km)
