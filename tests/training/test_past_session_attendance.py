"""Training as it happens: a coordinator records a session that already took place, with its
date, and marks attendance for it: who signed up, and walk-ins who came without a place."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from accounts.models import Program, User
from tests.clients import signed_in
from tests.training.training_cast import mentor, module
from training.models import SessionSignup, TrainingCompletion, TrainingSession


def _past_session(client: Client, module_pk: int, days_ago: int = 5) -> Any:
    held = (timezone.localtime() - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M")
    return client.post(
        "/coordinators/training/sessions/",
        {"module": module_pk, "starts_at": held, "duration_minutes": 120,
         "place": "Biblioteka Praga", "capacity": 10, "already_held": "on"},
    )  # fmt: skip


def test_a_past_session_is_recorded_and_opens_its_attendance(
    program: Program, coordinator: User
) -> None:
    basics = module(program)
    client = signed_in(coordinator, language="en")

    recorded = _past_session(client, basics.pk)

    session = TrainingSession.objects.get()
    assert recorded["Location"] == f"/coordinators/training/sessions/{session.pk}/"
    assert timezone.localdate(session.starts_at) == timezone.localdate() - timedelta(days=5)
    page = client.get(recorded["Location"]).content.decode()
    assert "Came without signing up" in page
    assert "Attendance can be marked once the session began" not in page


def test_a_past_date_without_the_box_is_refused_at_the_field(
    program: Program, coordinator: User
) -> None:
    basics = module(program)
    held = (timezone.localtime() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")

    response = signed_in(coordinator, language="en").post(
        "/coordinators/training/sessions/",
        {"module": basics.pk, "starts_at": held, "duration_minutes": 90,
         "place": "Wola", "capacity": 10},
    )  # fmt: skip

    assert response.status_code == 200
    assert "tick the box below" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_attendance_counts_those_signed_up_and_walk_ins(
    program: Program, coordinator: User
) -> None:
    basics = module(program)
    client = signed_in(coordinator, language="en")
    _past_session(client, basics.pk)
    session = TrainingSession.objects.get()
    anna, jan, ola = (
        mentor(program, "Anna Kowalska"),
        mentor(program, "Jan Nowak"),
        mentor(program, "Ola Wiśniewska"),
    )
    SessionSignup.objects.create(session=session, volunteer=anna)
    SessionSignup.objects.create(session=session, volunteer=jan)

    page = client.get(f"/coordinators/training/sessions/{session.pk}/").content.decode()
    marked = client.post(
        f"/coordinators/training/sessions/{session.pk}/",
        {"attended": [anna.pk], "walk_ins": [ola.pk]},
    )

    assert f'<option value="{ola.pk}">Ola Wiśniewska</option>' in page
    assert marked.status_code == 302
    present = dict(SessionSignup.objects.values_list("volunteer_id", "attended"))
    assert present == {anna.pk: True, jan.pk: False, ola.pk: True}
    completed = set(TrainingCompletion.objects.values_list("volunteer_id", "completed_on"))
    held_on = timezone.localdate(session.starts_at)
    assert completed == {(anna.pk, held_on), (ola.pk, held_on)}


def test_a_walk_in_of_another_programme_is_refused(
    program: Program, other_program: Program, coordinator: User
) -> None:
    basics = module(program)
    client = signed_in(coordinator, language="en")
    _past_session(client, basics.pk)
    session = TrainingSession.objects.get()
    stranger = mentor(other_program, "Obcy Wolontariusz")

    response = client.post(
        f"/coordinators/training/sessions/{session.pk}/", {"walk_ins": [stranger.pk]}
    )

    assert response.status_code == 200
    assert not SessionSignup.objects.exists()
