"""Reads of a volunteer's training for their page, their coordinator's and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils import timezone

from core import clock
from training.models import (
    SafeguardingCheck,
    SessionSignup,
    TrainingCompletion,
    TrainingModule,
    TrainingSession,
)
from volunteers.models import VolunteerProfile


@dataclass(frozen=True)
class TrainingOverview:
    """A volunteer's training as they and their coordinator see it."""

    volunteer: VolunteerProfile
    completions: list[TrainingCompletion]
    missing: list[TrainingModule]  # required modules without a valid completion
    checks: list[SafeguardingCheck]
    next_sessions: list[TrainingSession]  # upcoming sessions of the programme, soonest first
    signed_up_session_ids: set[int]


def training_overview(
    volunteer: VolunteerProfile, *, today: date | None = None, sessions: int = 10
) -> TrainingOverview:
    """Five queries whatever the history: completions, modules, checks, sessions, sign-ups."""
    today = today or clock.today()
    completions = list(
        TrainingCompletion.objects.filter(volunteer=volunteer)
        .select_related("module")
        .order_by("-completed_on", "pk")
    )
    valid = {
        completion.module_id
        for completion in completions
        if completion.expires_on is None or completion.expires_on >= today
    }
    required = TrainingModule.objects.filter(
        program_id=volunteer.program_id, is_required=True, is_active=True
    )
    upcoming = (
        TrainingSession.objects.filter(
            program_id=volunteer.program_id, starts_at__gte=timezone.now()
        )
        .select_related("module", "program")  # the serializer names the programme
        .annotate(signup_count=Count("signups"))
        .order_by("starts_at", "pk")
    )
    return TrainingOverview(
        volunteer=volunteer,
        completions=completions,
        missing=[module for module in required if module.pk not in valid],
        checks=list(SafeguardingCheck.objects.filter(volunteer=volunteer).order_by("-checked_on")),
        next_sessions=list(upcoming[:sessions]),
        signed_up_session_ids=set(
            SessionSignup.objects.filter(volunteer=volunteer).values_list("session_id", flat=True)
        ),
    )
