"""Who reads concerns: the programme's safeguarding leads and staff, nobody else.

Everyone else gets 404 for a concern (existence does not leak); other coordinators learn only
that a match is paused for review, from the match itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from accounts.models import Program, Role
from safeguarding.models import OPEN_STATUSES, Concern


def lead_programs(user: Any) -> QuerySet[Program]:
    """Programmes whose concerns `user` reads: those they are a safeguarding lead of (staff:
    every programme)."""
    if not user or not user.is_authenticated or not user.is_active:
        return Program.directory.none()
    if user.is_staff:
        return Program.directory.all()
    return Program.directory.filter(
        memberships__user=user,
        memberships__role=Role.COORDINATOR,
        memberships__is_safeguarding_lead=True,
    )


def is_lead(user: Any, program: Program | None = None) -> bool:
    programs = lead_programs(user)
    return (programs.filter(pk=program.pk) if program else programs).exists()


def concerns_for_lead(user: Any) -> QuerySet[Concern]:
    """The concerns `user` reads, open cases first (the newest first within each), with the
    people and the programme (one query a page)."""
    return (
        Concern.objects.filter(program__in=lead_programs(user))
        .select_related("program", "raised_by", "about", "about_volunteer__user", "about_newcomer")
        .annotate(
            is_closed=Case(
                When(status__in=OPEN_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("is_closed", "-created_at", "-pk")
    )


def concern_for_lead(user: Any, pk: int) -> Concern:
    """One concern `user` reads, with its actions, or 404."""
    found = concerns_for_lead(user).prefetch_related("actions__by").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
