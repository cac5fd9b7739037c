"""Reads of users and programmes for the API and the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import ApiToken, Membership, Program, Role, User


def programs_visible() -> QuerySet[Program]:
    """Programmes in the current request's scope: the caller's own (staff: all)."""
    return Program.objects.all().order_by("name")


def program_by_slug(slug: str) -> Program | None:
    """Public look-up by slug, for sign-up: any programme may be joined."""
    return Program.directory.filter(slug=slug).first()


def primary_role(user: Any) -> str | None:
    """The user's role; staff without a membership are `staff`."""
    role = (
        Membership.objects.filter(user=user)
        .order_by("created_at")
        .values_list("role", flat=True)
        .first()
    )
    if role is None and user.is_staff:
        return "staff"
    return role


def program_slugs_of(user: Any) -> list[str]:
    return list(
        Membership.objects.filter(user=user)
        .order_by("program__slug")
        .values_list("program__slug", flat=True)
    )


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's API tokens that still work, newest first."""
    alive = Q(expiry__isnull=True) | Q(expiry__gt=timezone.now())
    return ApiToken.objects.filter(alive, user=user).order_by("-created", "pk")


def coordinator_memberships() -> QuerySet[Membership]:
    """Every active coordinator's memberships, with the user (who hears about a programme)."""
    return Membership.objects.filter(role=Role.COORDINATOR, user__is_active=True).select_related(
        "user"
    )


def coordinators_of(program_id: int) -> list[User]:
    """The programme's active coordinators, in a stable order."""
    memberships = coordinator_memberships().filter(program_id=program_id).order_by("user_id")
    return [membership.user for membership in memberships]
