"""Sessions: coordinators schedule, residents sign up, attendance marks the whole list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Program, User
from tests.clients import signed_in
from tests.training.training_cast import mentor, module, session
from tests.unchanged import nothing_changes
from training.models import SessionSignup, TrainingCompletion
from volunteers.models import VolunteerProfile

SignIn = Callable[[User], APIClient]
SESSIONS = "/api/v1/training/sessions/"


def test_a_coordinator_schedules_a_session(program: Program, coordinator: User) -> None:
    basics = module(program)
    starts_at = (timezone.now() + timedelta(days=10)).replace(microsecond=0)

    response = signed_in(coordinator).post(
        SESSIONS,
        {
            "module": basics.pk,
            "starts_at": starts_at.isoformat(),
            "place": "Centrum Wielokulturowe",
            "trainer": "Marta Lis",
            "capacity": 12,
        },
    )

    assert response.status_code == 201, response.json()
    assert response.json()["places_left"] == 12
    assert response.json()["program"] == "warszawa"


def test_a_session_needs_a_place_or_a_link(program: Program, coordinator: User) -> None:
    basics = module(program)

    client = signed_in(coordinator)
    with nothing_changes():
        response = client.post(
            SESSIONS,
            {"module": basics.pk, "starts_at": (timezone.now() + timedelta(days=1)).isoformat()},
        )

    assert response.status_code == 400
    assert list(response.json()) == ["place"]


def test_a_volunteer_signs_up_once_and_a_full_session_refuses_more(
    program: Program, volunteer: User
) -> None:
    small = session(module(program), capacity=1)
    client = signed_in(volunteer)

    first = client.post(f"{SESSIONS}{small.pk}/signup/")
    again = client.post(f"{SESSIONS}{small.pk}/signup/")
    other = mentor(program, "Piotr Nowak")
    late = signed_in(other.user).post(f"{SESSIONS}{small.pk}/signup/")

    assert (first.status_code, again.status_code) == (201, 201)
    assert late.status_code == 400
    assert list(late.json()) == ["session"]
    assert SessionSignup.objects.filter(session=small).count() == 1


def test_a_volunteer_gives_back_a_place(program: Program, volunteer: User) -> None:
    upcoming = session(module(program))
    client = signed_in(volunteer)
    client.post(f"{SESSIONS}{upcoming.pk}/signup/")

    response = client.delete(f"{SESSIONS}{upcoming.pk}/signup/")

    assert response.status_code == 204
    assert not SessionSignup.objects.exists()


def test_volunteers_see_only_their_programmes_sessions(
    program: Program, other_program: Program, volunteer: User
) -> None:
    ours = session(module(program))
    session(module(other_program, "Kraków"))

    response = signed_in(volunteer).get(SESSIONS)

    assert [row["id"] for row in response.json()["results"]] == [ours.pk]


def test_a_volunteer_cannot_schedule_or_mark_attendance(program: Program, volunteer: User) -> None:
    past = session(module(program), starts_at=timezone.now() - timedelta(hours=3))
    client = signed_in(volunteer)

    with nothing_changes():
        schedule = client.post(SESSIONS, {"module": past.module_id, "place": "x"})
        attendance = client.post(f"{SESSIONS}{past.pk}/attendance/", {"attended": []})

    assert (schedule.status_code, attendance.status_code) == (403, 403)


def test_attendance_marks_the_whole_list_and_creates_completions(
    program: Program, coordinator: User
) -> None:
    basics = module(program)
    past = session(basics, starts_at=timezone.now() - timedelta(hours=3))
    anna, piotr, ewa = (mentor(program, name) for name in ("Anna", "Piotr", "Ewa"))
    for volunteer in (anna, piotr, ewa):
        SessionSignup.objects.create(session=past, volunteer=volunteer)

    response = signed_in(coordinator).post(
        f"{SESSIONS}{past.pk}/attendance/", {"attended": [anna.pk, ewa.pk]}
    )

    assert response.status_code == 200
    assert {row["volunteer"]["full_name"]: row["attended"] for row in response.json()} == {
        "Anna": True,
        "Ewa": True,
        "Piotr": False,
    }
    completed = TrainingCompletion.objects.filter(module=basics)
    assert sorted(completed.values_list("volunteer_id", flat=True)) == sorted([anna.pk, ewa.pk])
    assert completed.first().completed_on == timezone.localdate(past.starts_at)  # type: ignore[union-attr]
    assert set(VolunteerProfile.objects.filter(is_trained=True)) == {anna, ewa}


def test_correcting_attendance_withdraws_the_completion_of_who_did_not_come(
    program: Program, coordinator: User
) -> None:
    past = session(module(program), starts_at=timezone.now() - timedelta(hours=3))
    anna = mentor(program)
    SessionSignup.objects.create(session=past, volunteer=anna)
    client = signed_in(coordinator)
    client.post(f"{SESSIONS}{past.pk}/attendance/", {"attended": [anna.pk]})

    response = client.post(f"{SESSIONS}{past.pk}/attendance/", {"attended": []})

    assert response.status_code == 200
    assert not TrainingCompletion.objects.exists()
    anna.refresh_from_db()
    assert not anna.is_trained


def test_attendance_refuses_someone_not_signed_up(program: Program, coordinator: User) -> None:
    past = session(module(program), starts_at=timezone.now() - timedelta(hours=3))
    stranger = mentor(program)

    response = signed_in(coordinator).post(
        f"{SESSIONS}{past.pk}/attendance/", {"attended": [stranger.pk]}
    )

    assert response.status_code == 400
    assert list(response.json()) == ["attended"]
    assert not TrainingCompletion.objects.exists()


def test_another_programmes_coordinator_gets_404(program: Program, outsider: User) -> None:
    past = session(module(program), starts_at=timezone.now() - timedelta(hours=3))
    client = signed_in(outsider)

    assert client.get(f"{SESSIONS}{past.pk}/").status_code == 404
    assert client.get(f"{SESSIONS}{past.pk}/attendance/").status_code == 404
    with nothing_changes():
        marked = client.post(f"{SESSIONS}{past.pk}/attendance/", {"attended": []})
    assert marked.status_code == 404


@pytest.mark.parametrize("signed_up", [1, 12])
def test_the_attendance_list_costs_the_same_queries_for_any_size(
    program: Program, coordinator: User, signed_up: int
) -> None:
    past = session(module(program), starts_at=timezone.now() - timedelta(hours=3), capacity=50)
    for position in range(signed_up):
        SessionSignup.objects.create(session=past, volunteer=mentor(program, f"Osoba {position}"))
    client = signed_in(coordinator)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{SESSIONS}{past.pk}/attendance/")

    assert len(response.json()) == signed_up
    # user (the session comes from the cache), membership (scope; the coordinator check
    # asks it again, no query), coordinated programmes + session, sign-ups with volunteers
    # and users: a fixed number whatever the list's length.
    assert len(queries) == 4, [query["sql"] for query in queries.captured_queries]
