"""Reads of volunteer profiles for the API and the pages."""

from __future__ import annotations

from django.db.models import QuerySet

from volunteers.models import VolunteerProfile


def volunteers_for_coordinator() -> QuerySet[VolunteerProfile]:
    """The volunteers of the programmes in scope, with their accounts (one query a page)."""
    return VolunteerProfile.objects.select_related("user", "program")
