"""Required training or checks expiring within 30 days: one e-mail, and the coordinator's list."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import Notification, Program, User
from core import clock
from tests.clients import signed_in
from tests.training.training_cast import days_ago, mentor, module
from training.lapses import (
    lapse_count_for_coordinator,
    lapse_reminders_send,
    lapses_for_coordinator,
)
from training.models import SafeguardingCheck, TrainingCompletion
from training.tasks import training_daily
from volunteers.models import VolunteerProfile

SignIn = Callable[[User], APIClient]
CaptureCallbacks = Callable[..., AbstractContextManager[list[Callable[[], None]]]]


def _completion(volunteer: VolunteerProfile, title: str, *, expires_in: int | None) -> None:
    expires_on = None if expires_in is None else clock.today() + timedelta(days=expires_in)
    TrainingCompletion.objects.create(
        program=volunteer.program,
        volunteer=volunteer,
        module=module(volunteer.program, title, validity_months=12),
        completed_on=days_ago(300),
        expires_on=expires_on,
    )


def test_a_lapse_within_30_days_gets_one_email_however_often_the_sweep_runs(
    program: Program, coordinator: User, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    anna = mentor(program)
    _completion(anna, "Granice", expires_in=20)

    with django_capture_on_commit_callbacks(execute=True):
        first = lapse_reminders_send()
        second = lapse_reminders_send(today=clock.today() + timedelta(days=1))

    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [anna.user.email]
    assert "Granice" in mail.outbox[0].subject


def test_nothing_is_sent_for_far_expiries_optional_modules_or_renewals(
    program: Program, coordinator: User
) -> None:
    far = mentor(program, "Daleko")
    _completion(far, "Podstawy", expires_in=45)
    optional_holder = mentor(program, "Opcja")
    optional = module(program, "Opcjonalny", required=False, validity_months=12)
    TrainingCompletion.objects.create(
        program=program, volunteer=optional_holder, module=optional, completed_on=days_ago(300),
        expires_on=days_ago(-10),
    )  # fmt: skip
    renewed = mentor(program, "Odnowiona")
    _completion(renewed, "Granice", expires_in=10)
    TrainingCompletion.objects.create(
        program=program, volunteer=renewed, module=renewed.completions.get().module,
        completed_on=days_ago(1), expires_on=days_ago(-364),
    )  # fmt: skip

    assert lapse_reminders_send() == 0
    assert mail.outbox == []


def test_a_completion_that_never_expires_or_a_newer_check_ends_the_lapse(
    program: Program,
) -> None:
    forever = mentor(program, "Bezterminowa")
    _completion(forever, "Granice", expires_in=10)
    TrainingCompletion.objects.create(
        program=program, volunteer=forever, module=forever.completions.get().module,
        completed_on=days_ago(1), expires_on=None,
    )  # fmt: skip
    rechecked = mentor(program, "Sprawdzona")
    for checked_ago, expires_in in ((350, 15), (5, 360)):
        SafeguardingCheck.objects.create(
            program=program, volunteer=rechecked, kind="criminal_record",
            checked_on=days_ago(checked_ago), expires_on=days_ago(-expires_in),
        )  # fmt: skip
    lapsing = mentor(program, "Wygasa")
    _completion(lapsing, "Podstawy", expires_in=20)
    SafeguardingCheck.objects.create(
        program=program, volunteer=lapsing, kind="criminal_record", checked_on=days_ago(350),
        expires_on=days_ago(-25),
    )  # fmt: skip

    shown = lapses_for_coordinator(program_ids=[program.pk])

    assert [(lapse.volunteer, lapse.expires_on) for lapse in shown] == [
        (lapsing, days_ago(-20)),
        (lapsing, days_ago(-25)),
    ]
    assert lapse_count_for_coordinator(program_ids=[program.pk]) == 2


def test_an_expiring_safeguarding_check_is_reminded_in_the_volunteers_language(
    program: Program, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    anna = mentor(program)
    anna.user.preferred_language = "uk"
    anna.user.save()
    SafeguardingCheck.objects.create(
        program=program, volunteer=anna, kind="criminal_record", checked_on=days_ago(350),
        expires_on=days_ago(-15),
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        lapse_reminders_send()

    assert Notification.objects.get().key.startswith(f"lapse:{anna.pk}:check-criminal_record:")
    assert "KRK" in mail.outbox[0].subject


def test_the_daily_task_untrains_expired_volunteers_and_reminds_once(
    program: Program, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    expired = mentor(program, "Wygasła", is_trained=True, status="ready")
    _completion(expired, "Podstawy", expires_in=-1)
    soon = mentor(program, "Wkrótce")
    TrainingCompletion.objects.create(
        program=program, volunteer=soon, module=expired.completions.get().module,
        completed_on=days_ago(300), expires_on=days_ago(-5),
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        training_daily.delay()
        training_daily.delay()

    expired.refresh_from_db()
    assert (expired.is_trained, expired.status) == (False, "registered")
    assert [message.to for message in mail.outbox] == [[soon.user.email]]


def test_the_coordinator_sees_who_is_about_to_lapse(
    program: Program, other_program: Program, coordinator: User
) -> None:
    soon = mentor(program, "Wkrótce")
    _completion(soon, "Granice", expires_in=3)
    lapsed = mentor(program, "Po terminie")
    _completion(lapsed, "Podstawy", expires_in=-2)
    krakow = mentor(other_program, "Kraków")
    _completion(krakow, "Kraków", expires_in=3)

    rows = signed_in(coordinator).get("/api/v1/training/lapses/").json()

    assert [(row["volunteer"]["full_name"], row["item"], row["days_left"]) for row in rows] == [
        ("Po terminie", "Podstawy", -2),
        ("Wkrótce", "Granice", 3),
    ]


@pytest.mark.parametrize("role", ["volunteer", "newcomer"])
def test_only_coordinators_see_the_lapse_list(role: str, request: pytest.FixtureRequest) -> None:
    person = request.getfixturevalue(role)

    assert signed_in(person).get("/api/v1/training/lapses/").status_code == 403
