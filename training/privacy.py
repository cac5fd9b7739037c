"""A volunteer's training and checks in their export (see accounts.personal_data).

Erasure keeps them (no eraser): completions and their dates are what programme statistics
count, and a safeguarding check is the programme's record that it looked (only the fact).
"""

from __future__ import annotations

from typing import Any

from django_scopes import scopes_disabled

from accounts.personal_data import Person
from training.models import SafeguardingCheck, SessionSignup, TrainingCompletion
from volunteers.privacy import profiles_of


def training_export(person: Person) -> dict[str, Any]:
    with scopes_disabled():
        profiles = profiles_of(person)
        return {
            "training_completions": list(
                TrainingCompletion.objects.filter(volunteer__in=profiles)
                .order_by("completed_on", "pk")
                .values("module__title", "completed_on", "expires_on", "created_at")
            ),
            "training_sessions": list(
                SessionSignup.objects.filter(volunteer__in=profiles)
                .order_by("session__starts_at", "pk")
                .values("session__module__title", "session__starts_at", "attended")
            ),
            "safeguarding_checks": list(
                SafeguardingCheck.objects.filter(volunteer__in=profiles)
                .order_by("checked_on", "pk")
                .values("kind", "checked_on", "expires_on")
            ),
        }
