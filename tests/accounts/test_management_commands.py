"""Operators create programmes and coordinators from the command line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Membership, Program, Role, User
from tests.factories import member


@pytest.mark.django_db
def test_create_program_creates_it_once_and_updates_it_on_a_second_run() -> None:
    call_command("create_program", slug="gdansk", name="Ambasadorzy", city="Gdansk")
    call_command("create_program", slug="gdansk", name="Ambasadorzy Gdańsk", city="Gdańsk")

    program = Program.directory.get(slug="gdansk")
    assert (program.name, program.city, program.commitment_months) == (
        "Ambasadorzy Gdańsk",
        "Gdańsk",
        6,
    )
    assert Program.directory.count() == 1


@pytest.mark.django_db
def test_create_program_refuses_a_slug_that_cannot_be_a_url() -> None:
    with pytest.raises(CommandError, match="--slug"):
        call_command("create_program", slug="gdańsk city", name="X", city="Gdańsk")
    assert not Program.directory.exists()


def test_create_coordinator_is_idempotent(program: Program) -> None:
    for _ in range(2):
        call_command(
            "create_coordinator",
            program="warszawa",
            email="Koordynator@Example.org",
            password="bardzo-tajne-haslo-1",
        )

    user = User.objects.get(email="koordynator@example.org")
    assert user.check_password("bardzo-tajne-haslo-1")
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == [
        Role.COORDINATOR
    ]


@pytest.mark.django_db
def test_create_coordinator_names_an_unknown_programme() -> None:
    with pytest.raises(CommandError, match="Unknown programme 'atlantis'"):
        call_command(
            "create_coordinator",
            program="atlantis",
            email="a@example.org",
            password="bardzo-tajne-haslo-1",
        )
    assert not User.objects.exists()


def test_create_coordinator_refuses_a_weak_password(program: Program) -> None:
    with pytest.raises(CommandError, match="password"):
        call_command(
            "create_coordinator", program="warszawa", email="a@example.org", password="1234"
        )
    assert not User.objects.exists()


def test_a_volunteer_is_not_silently_turned_into_a_coordinator(program: Program) -> None:
    volunteer = member(program, Role.VOLUNTEER, email="anna@example.org")

    with pytest.raises(CommandError, match="role"):
        call_command(
            "create_coordinator",
            program="warszawa",
            email="anna@example.org",
            password="bardzo-tajne-haslo-1",
        )
    assert Membership.objects.get(user=volunteer).role == Role.VOLUNTEER
