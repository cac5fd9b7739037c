"""Helpers for the training tests: mentors with profiles, modules and sessions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from accounts.models import Program, Role
from core import clock
from tests.factories import member
from training.models import TrainingModule, TrainingSession
from volunteers.models import VolunteerProfile


def mentor(
    program: Program, full_name: str = "Anna Kowalska", **fields: object
) -> VolunteerProfile:
    """A resident volunteer of `program` with a profile."""
    user = member(program, Role.VOLUNTEER, full_name=full_name)
    return VolunteerProfile.objects.create(user=user, program=program, **fields)


def module(
    program: Program,
    title: str = "Podstawy",
    *,
    required: bool = True,
    validity_months: int | None = None,
) -> TrainingModule:
    return TrainingModule.objects.create(
        program=program, title=title, is_required=required, validity_months=validity_months
    )


def session(
    training_module: TrainingModule, *, starts_at: datetime | None = None, capacity: int = 20
) -> TrainingSession:
    return TrainingSession.objects.create(
        program=training_module.program,
        module=training_module,
        starts_at=starts_at or timezone.now() + timedelta(days=7),
        place="Centrum Wielokulturowe, ul. Jagiellońska 54",
        capacity=capacity,
    )


def days_ago(days: int) -> date:
    return clock.today() - timedelta(days=days)
