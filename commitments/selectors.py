"""Reads for the coordinators' pages of the six months."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from matching.models import Match, MatchHealth, MatchStatus
from matching.selectors import matches_for_coordinator

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
