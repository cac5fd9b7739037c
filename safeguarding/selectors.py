"""Who reads concerns: the programme's safeguarding leads and staff, nobody else.

Everyone else gets 404 for a concern (existence does not leak); other coordinators learn only
that a match is paused for review, from the match itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from accounts.models import Membership, Program, Role, User
from accounts.permissions import coordinated_programs
from accounts.selectors import coordinator_memberships
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


# Naming the leads ---------------------------------------------------------------------------


def _coordinators_by_name(*, leads: bool) -> QuerySet[Membership]:
    """Active coordinators' memberships that are (or are not) a lead's, by name."""
    return (
        coordinator_memberships()
        .filter(is_safeguarding_lead=leads)
        .order_by("user__full_name", "pk")
    )


def lead_memberships(program: Program) -> QuerySet[Membership]:
    """The programme's safeguarding leads who can sign in, by name."""
    return _coordinators_by_name(leads=True).filter(program=program)


def lead_candidates(program: Program) -> list[User]:
    """The programme's coordinators who can sign in and are not yet its leads."""
    return [m.user for m in _coordinators_by_name(leads=False).filter(program=program)]


def may_name_leads(user: Any, program: Program) -> bool:
    """Who names and removes a programme's leads: its leads and staff; while it has none, any
    of its coordinators (so the first can be named). A coordinator who is not a lead cannot
    make themself one, and so read concerns kept from them (docs/safeguarding.md)."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    if not coordinated_programs(user).filter(pk=program.pk).exists():
        return False
    leads = lead_memberships(program)
    return not leads.exists() or leads.filter(user=user).exists()


def leads_by_program(programs: QuerySet[Program]) -> dict[int, list[User]]:
    """Each programme's leads (one query), for the concerns page: whom to go to."""
    found: dict[int, list[User]] = {}
    for membership in _coordinators_by_name(leads=True).filter(program__in=programs):
        found.setdefault(membership.program_id, []).append(membership.user)
    return found
