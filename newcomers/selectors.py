"""Reads of newcomers and support requests, permission-aware in one place."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.permissions import (
    coordinated_programs,
    is_coordinator,
    within_coordinated_programs,
)
from accounts.verification import email_confirmed
from newcomers.models import NewcomerProfile, SupportRequest


def newcomer_confirmed(via: str = "") -> Q:
    """Newcomers anyone but themselves may see (`via`: the path to the newcomer, with "__").

    Registered by a coordinator at an integration point (the coordinator vouches for them), or
    signed up themselves and confirmed their e-mail address.
    """
    return (
        Q(**{f"{via}user__isnull": True})
        | Q(**{f"{via}registered_by__isnull": False})
        | Q(email_confirmed(f"{via}user_id"))
    )


def newcomers_for_coordinator(user: Any) -> QuerySet[NewcomerProfile]:
    """Confirmed newcomers of the programmes `user` coordinates, with their accounts (one query
    a page). Narrower than the request's scope, which also holds programmes where the user only
    volunteers."""
    return (
        NewcomerProfile.objects.filter(program__in=coordinated_programs(user))
        .filter(newcomer_confirmed())
        .select_related("user", "program")
    )


def confirmed_requests() -> QuerySet[SupportRequest]:
    """Requests anyone but the newcomer may see: their newcomer is confirmed."""
    return SupportRequest.objects.filter(newcomer_confirmed("newcomer__"))


def requests_for_coordinator(user: Any) -> QuerySet[SupportRequest]:
    """The confirmed requests of the programmes `user` coordinates, with the newcomer and the
    programme (one query a page)."""
    return within_coordinated_programs(
        confirmed_requests().select_related("newcomer", "program"), user
    )


def request_for_coordinator(user: Any, pk: int) -> SupportRequest:
    """A confirmed request of a programme `user` coordinates, or 404."""
    found = requests_for_coordinator(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def requests_visible_to(user: Any) -> QuerySet[SupportRequest]:
    """Coordinators: their programmes' requests; newcomers: their own; anyone else: none."""
    requests = SupportRequest.objects.select_related("newcomer__user", "program")
    if not user.is_authenticated:
        return requests.none()
    if is_coordinator(user):
        coordinated = Q(program__in=coordinated_programs(user)) & newcomer_confirmed("newcomer__")
        return requests.filter(coordinated | Q(newcomer__user=user))
    return requests.filter(newcomer__user=user)


def request_for(user: Any, pk: int) -> SupportRequest:
    """One request the user may see, or 404 (never 403: existence does not leak)."""
    found = requests_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
