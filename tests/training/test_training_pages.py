"""The training pages: coordinators' modules, sessions, attendance, lapses; residents' own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Program, User
from tests.clients import signed_in
from tests.training.training_cast import days_ago, mentor, module, session
from training.models import (
    SafeguardingCheck,
    SessionSignup,
    TrainingCompletion,
    TrainingModule,
    TrainingSession,
)
from volunteers.models import VolunteerProfile


def test_a_coordinator_starts_with_the_typical_modules(program: Program, coordinator: User) -> None:
    client = signed_in(coordinator)
    offer = client.get("/coordinators/training/")
    assert "Podstawy Ambasadora Powitania" in offer.content.decode()

    response = client.post("/coordinators/training/", {"action": "defaults", "program": program.pk})

    assert response.status_code == 302
    assert TrainingModule.objects.filter(program=program).count() == 4


def test_a_coordinator_adds_a_module_with_translations(program: Program, coordinator: User) -> None:
    response = signed_in(coordinator).post(
        "/coordinators/training/",
        {
            "program": program.pk,
            "title": "Pierwsza pomoc",
            "title_uk": "Перша допомога",
            "is_required": "on",
            "validity_months": "24",
            "delivery": "in_person",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    added = TrainingModule.objects.get()
    assert (added.title_in("uk"), added.validity_months, added.is_required) == (
        "Перша допомога",
        24,
        True,
    )


def test_a_coordinator_schedules_a_session_and_marks_attendance(
    program: Program, coordinator: User
) -> None:
    basics = module(program)
    client = signed_in(coordinator)
    starts_at = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")

    scheduled = client.post(
        "/coordinators/training/sessions/",
        {"module": basics.pk, "starts_at": starts_at, "duration_minutes": 90,
         "place": "Urząd Dzielnicy Wola", "capacity": 15},
    )  # fmt: skip

    assert scheduled.status_code == 302
    upcoming = TrainingSession.objects.get()
    anna = mentor(program)
    SessionSignup.objects.create(session=upcoming, volunteer=anna)
    TrainingSession.objects.filter(pk=upcoming.pk).update(
        starts_at=timezone.now() - timedelta(hours=2)
    )
    marked = client.post(f"/coordinators/training/sessions/{upcoming.pk}/", {"attended": [anna.pk]})
    assert marked.status_code == 302
    anna.refresh_from_db()
    assert anna.is_trained
    assert TrainingCompletion.objects.get().session_id == upcoming.pk


def test_a_coordinator_records_a_completion_and_a_check_on_the_volunteers_page(
    program: Program, coordinator: User
) -> None:
    basics = module(program)
    anna = mentor(program)
    client = signed_in(coordinator)
    url = f"/coordinators/volunteers/{anna.pk}/training/"

    client.post(url, {"action": "completion", "completion-module": basics.pk,
                      "completion-completed_on": str(days_ago(1))})  # fmt: skip
    client.post(url, {"action": "check", "check-kind": "criminal_record",
                      "check-checked_on": str(days_ago(2))})  # fmt: skip

    anna.refresh_from_db()
    assert anna.is_trained
    assert SafeguardingCheck.objects.get().verified_by == coordinator
    page = client.get(url).content.decode()
    assert "Podstawy" in page


def test_the_lapse_list_shows_who_expires_soon(program: Program, coordinator: User) -> None:
    anna = mentor(program, "Anna Wygasa")
    TrainingCompletion.objects.create(
        program=program, volunteer=anna, module=module(program, "Granice", validity_months=12),
        completed_on=days_ago(350), expires_on=days_ago(-15),
    )  # fmt: skip

    page = signed_in(coordinator).get("/coordinators/training/lapses/").content.decode()

    assert "Anna Wygasa" in page
    assert "Granice" in page


def test_a_resident_sees_what_is_missing_and_signs_up_for_a_session(
    program: Program, volunteer: User
) -> None:
    basics = module(program, "Podstawy")
    upcoming = session(basics)
    client = signed_in(volunteer)

    page = client.get("/residents/training/").content.decode()
    signed = client.post(f"/residents/training/sessions/{upcoming.pk}/")
    cancelled = client.post(f"/residents/training/sessions/{upcoming.pk}/", {"action": "cancel"})

    assert "Podstawy" in page
    assert (signed.status_code, cancelled.status_code) == (302, 302)
    assert not SessionSignup.objects.exists()
    client.post(f"/residents/training/sessions/{upcoming.pk}/")
    assert SessionSignup.objects.get().volunteer == VolunteerProfile.objects.get(user=volunteer)


def test_a_resident_cannot_sign_up_for_another_programmes_session(
    program: Program, other_program: Program, volunteer: User
) -> None:
    theirs = session(module(other_program, "Kraków"))

    response = signed_in(volunteer).post(f"/residents/training/sessions/{theirs.pk}/")

    assert response.status_code == 404
    assert not SessionSignup.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/coordinators/training/",
        "/coordinators/training/sessions/",
        "/coordinators/training/lapses/",
    ],
)
def test_residents_cannot_open_coordinators_training_pages(volunteer: User, path: str) -> None:
    assert signed_in(volunteer).get(path).status_code == 403


def test_another_programmes_coordinator_gets_404_on_its_records(
    program: Program, outsider: User
) -> None:
    anna = mentor(program)
    past = session(module(program), starts_at=timezone.now() - timedelta(hours=1))
    client = signed_in(outsider)

    assert client.get(f"/coordinators/volunteers/{anna.pk}/training/").status_code == 404
    assert client.get(f"/coordinators/training/sessions/{past.pk}/").status_code == 404
    assert client.get(f"/coordinators/training/modules/{past.module_id}/").status_code == 404


def test_a_newcomer_has_no_training_page(newcomer: User) -> None:
    assert signed_in(newcomer).get("/residents/training/").status_code == 403
