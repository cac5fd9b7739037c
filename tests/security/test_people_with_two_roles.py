"""Someone who volunteers in one city and coordinates in another reads, as a coordinator,
only the programme they coordinate.

Their request scope holds both programmes (they may read their own volunteer profile and
their own match in Warszawa), so every coordinator's read narrows to the coordinated
programmes explicitly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import Membership, Role, User
from tests.security.world import VOLUNTEER, World


@pytest.fixture
def volunteer_coordinating_krakow(world: World, db: None) -> Iterator[User]:
    """The Warszawa volunteer, made coordinator of Kraków as well."""
    user = world.users[VOLUNTEER]
    Membership.objects.create(user=user, program=world.other.program, role=Role.COORDINATOR)
    yield user


@pytest.mark.parametrize(
    ("path", "warszawa_id"),
    [
        ("/api/v1/newcomers/", lambda world: world.mine.newcomer.pk),
        ("/api/v1/requests/", lambda world: world.mine.request.pk),
        ("/api/v1/volunteers/", lambda world: world.peer.volunteer.pk),
    ],
)
def test_the_api_lists_only_the_coordinated_programme(
    world: World, volunteer_coordinating_krakow: User, path: str, warszawa_id: object
) -> None:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(volunteer_coordinating_krakow)[1]}"
    )

    response = client.get(path)

    assert response.status_code == 200
    programs = {row["program"] for row in response.json()["results"]}
    assert programs == {"krakow"}
    detail = client.get(f"{path}{warszawa_id(world)}/")  # type: ignore[operator]
    assert detail.status_code == 404


@pytest.mark.parametrize("path", ["/coordinators/requests/", "/coordinators/volunteers/"])
def test_the_pages_list_only_the_coordinated_programme(
    world: World, volunteer_coordinating_krakow: User, path: str
) -> None:
    client = Client()
    client.force_login(volunteer_coordinating_krakow)

    page = client.get(path).content.decode()

    assert "Witold Sąsiedzki" not in page and "Taras Melnyczuk" not in page
