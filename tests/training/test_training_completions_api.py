"""POST /api/v1/training/completions/: one or many, all or nothing, idempotent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from rest_framework.test import APIClient

from accounts.models import Program, User
from core import clock
from tests.clients import signed_in
from tests.training.training_cast import days_ago, mentor, module
from tests.unchanged import nothing_changes
from training.models import TrainingCompletion
from volunteers.models import VolunteerStatus

URL = "/api/v1/training/completions/"
SignIn = Callable[[User], APIClient]


def test_a_coordinator_records_one_completion_with_its_expiry(
    program: Program, coordinator: User
) -> None:
    anna = mentor(program)
    boundaries = module(program, "Granice", validity_months=12)

    response = signed_in(coordinator).post(
        URL, {"volunteer": anna.pk, "module": boundaries.pk, "completed_on": "2026-03-01"}
    )

    assert response.status_code == 201, response.json()
    assert response.json()["expires_on"] == "2027-03-01"
    anna.refresh_from_db()
    assert (anna.is_trained, anna.status) == (True, VolunteerStatus.READY)


def test_a_list_is_recorded_at_once(program: Program, coordinator: User) -> None:
    anna, piotr = mentor(program), mentor(program, "Piotr Nowak")
    basics = module(program)
    body = [
        {"volunteer": volunteer.pk, "module": basics.pk, "completed_on": str(days_ago(2))}
        for volunteer in (anna, piotr)
    ]

    response = signed_in(coordinator).post(URL, body)

    assert response.status_code == 201
    assert [row["volunteer"] for row in response.json()] == [anna.pk, piotr.pk]
    assert TrainingCompletion.objects.count() == 2


def test_one_invalid_entry_rejects_the_whole_batch_and_says_which(
    program: Program, coordinator: User
) -> None:
    anna = mentor(program)
    basics = module(program)
    tomorrow = str(clock.today() + timedelta(days=1))
    body = [
        {"volunteer": anna.pk, "module": basics.pk, "completed_on": str(days_ago(2))},
        {"volunteer": anna.pk, "module": basics.pk, "completed_on": tomorrow},
        {"volunteer": 999_999, "module": basics.pk, "completed_on": str(days_ago(2))},
    ]

    response = signed_in(coordinator).post(URL, body)

    assert response.status_code == 400
    # Errors are keyed by the entry's position; the valid first entry is not named.
    errors = response.json()
    assert {position: list(fields) for position, fields in errors.items()} == {
        "1": ["completed_on"],
        "2": ["volunteer"],
    }
    assert not TrainingCompletion.objects.exists()
    anna.refresh_from_db()
    assert not anna.is_trained


def test_recording_the_same_completion_twice_keeps_one(program: Program, coordinator: User) -> None:
    anna = mentor(program)
    basics = module(program)
    body = {"volunteer": anna.pk, "module": basics.pk, "completed_on": str(days_ago(2))}
    client = signed_in(coordinator)

    first = client.post(URL, body)
    second = client.post(URL, body)

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] == second.json()["id"]
    assert TrainingCompletion.objects.count() == 1


def test_a_volunteer_cannot_record_training(program: Program, volunteer: User) -> None:
    anna = mentor(program, "Anna Druga")
    basics = module(program)

    response = signed_in(volunteer).post(
        URL, {"volunteer": anna.pk, "module": basics.pk, "completed_on": str(days_ago(1))}
    )

    assert response.status_code == 403
    assert not TrainingCompletion.objects.exists()


def test_another_programmes_volunteer_and_module_read_as_unknown(
    program: Program, other_program: Program, outsider: User
) -> None:
    anna = mentor(program)
    basics = module(program)

    response = signed_in(outsider).post(
        URL, {"volunteer": anna.pk, "module": basics.pk, "completed_on": str(days_ago(1))}
    )

    assert response.status_code == 400
    assert set(response.json()) == {"volunteer", "module"}
    assert not TrainingCompletion.objects.exists()


def test_a_module_of_another_programme_cannot_complete_this_ones_volunteer(
    program: Program, other_program: Program, coordinator: User
) -> None:
    anna = mentor(program)
    krakow_module = module(other_program, "Kraków: podstawy")

    client = signed_in(coordinator)
    with nothing_changes():
        response = client.post(
            URL,
            {"volunteer": anna.pk, "module": krakow_module.pk, "completed_on": str(days_ago(1))},
        )

    assert response.status_code == 400
    assert list(response.json()) == ["module"]


def test_anonymous_callers_are_refused(program: Program, api: APIClient) -> None:
    anna, basics = mentor(program), module(program)

    with nothing_changes():
        response = api.post(
            URL, {"volunteer": anna.pk, "module": basics.pk, "completed_on": str(days_ago(1))}
        )

    assert response.status_code == 401
