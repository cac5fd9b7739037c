"""Reads of matches and matching runs, permission-aware in one place."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import Membership, Role
from matching.models import Match, MatchHealth, MatchingRun, MatchStatus
from newcomers.models import SupportRequest
from newcomers.selectors import confirmed_requests
from volunteers.models import VolunteerProfile
from volunteers.selectors import confirmed_volunteers

# The matches a volunteer or newcomer sees of their own: those their pages list.
PARTICIPANTS_SEE = (MatchStatus.ACTIVE, MatchStatus.COMPLETED, MatchStatus.ENDED)


def _coordinated_program_ids(user: Any) -> QuerySet[Membership, Any]:
    return Membership.objects.filter(user=user, role=Role.COORDINATOR).values("program_id")


def matches_visible_to(user: Any) -> QuerySet[Match]:
    """Coordinators: their programmes' matches; volunteers and newcomers: their own that
    were approved (active, completed, ended: what their pages show; a proposal nobody has
    approved, or a rejected one, is the coordinators' business); anyone else: none. With
    both people and the programme (one query a page)."""
    matches = Match.objects.select_related(
        "program", "request", "volunteer__user", "newcomer__user"
    )
    if not user.is_authenticated:
        return matches.none()
    if user.is_staff:
        return matches
    own = Q(volunteer__user=user) | Q(newcomer__user=user)
    return matches.filter(
        Q(program_id__in=_coordinated_program_ids(user)) | (own & Q(status__in=PARTICIPANTS_SEE))
    )


def match_for(user: Any, pk: int) -> Match:
    """One match the user may see, with its decisions, or 404 (existence does not leak)."""
    found = matches_visible_to(user).prefetch_related("decisions__by").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def matches_for_coordinator(user: Any) -> QuerySet[Match]:
    """The matches of the programmes the user coordinates (staff: all)."""
    matches = Match.objects.select_related(
        "program", "request", "volunteer__user", "newcomer__user"
    )
    if user.is_staff:
        return matches
    return matches.filter(program_id__in=_coordinated_program_ids(user))


def match_for_coordinator(user: Any, pk: int) -> Match:
    """A match the user coordinates, or 404."""
    found = matches_for_coordinator(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def requests_for_coordinator(user: Any) -> QuerySet[SupportRequest]:
    requests = confirmed_requests().select_related("newcomer", "program")
    if user.is_staff:
        return requests
    return requests.filter(program_id__in=_coordinated_program_ids(user))


def volunteers_for_coordinator(user: Any) -> QuerySet[VolunteerProfile]:
    volunteers = confirmed_volunteers().select_related("user", "program")
    if user.is_staff:
        return volunteers
    return volunteers.filter(program_id__in=_coordinated_program_ids(user))


def runs_for_coordinator(user: Any) -> QuerySet[MatchingRun]:
    """Matching runs of the user's programmes, newest first, with who started them."""
    runs = MatchingRun.objects.select_related("program", "started_by")
    if user.is_staff:
        return runs
    return runs.filter(program_id__in=_coordinated_program_ids(user))


def run_for_coordinator(user: Any, pk: int) -> MatchingRun:
    found = runs_for_coordinator(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# At risk first, then reminded, then what needs a look for another reason, then the rest.
_MORNING_ORDER = Case(
    When(health=MatchHealth.AT_RISK, then=Value(0)),
    When(health=MatchHealth.REMINDED, then=Value(1)),
    When(~Q(attention=""), then=Value(2)),
    default=Value(3),
)


def commitments_for_coordinator(user: Any) -> QuerySet[Match]:
    """Active matches for the morning page, the ones needing a coordinator first, quietest
    first within each group; one query with the people and programme joined."""
    return (
        matches_for_coordinator(user)
        .filter(status=MatchStatus.ACTIVE)
        .annotate(urgency=_MORNING_ORDER, quiet_since=Coalesce("last_check_in_on", "started_on"))
        .order_by("urgency", "quiet_since", "pk")
    )
