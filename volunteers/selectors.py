"""Reads of volunteer profiles for the API and the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from accounts.permissions import within_coordinated_programs
from accounts.verification import email_confirmed
from volunteers.models import VolunteerProfile


def confirmed_volunteers() -> QuerySet[VolunteerProfile]:
    """Volunteers anyone but themselves may see: their e-mail address is confirmed."""
    return VolunteerProfile.objects.filter(email_confirmed())


def volunteers_for_coordinator(user: Any) -> QuerySet[VolunteerProfile]:
    """The confirmed volunteers of the programmes `user` coordinates, with their accounts (one
    query a page). Narrower than the request's scope, which also holds programmes where the
    user only volunteers."""
    return within_coordinated_programs(
        confirmed_volunteers().select_related("user", "program"), user
    )


def volunteer_for_coordinator(user: Any, pk: int) -> VolunteerProfile:
    """A confirmed volunteer of a programme `user` coordinates, or 404 (existence does not
    leak)."""
    found = volunteers_for_coordinator(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
