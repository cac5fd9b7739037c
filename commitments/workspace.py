"""The coordinators' workspace: the live counts every coordinator page shows in its
navigation, and the home page that starts a coordinator's morning.

Five queries whatever the size of the programmes (asserted in tests): the programmes the
reader coordinates, the open requests, proposals and at-risk pairs together, and the two
kinds of lapse (required training, safeguarding checks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q

from accounts.permissions import coordinated_programs
from core.clock import today as local_today
from matching.models import MatchHealth, MatchStatus
from matching.selectors import matches_for_coordinator
from newcomers.models import RequestStatus
from newcomers.selectors import requests_for_coordinator
from training.lapses import lapse_count_for_coordinator


@dataclass(frozen=True)
class WorkspaceCounts:
    open_requests: int
    proposals: int
    at_risk: int
    lapsing: int


def workspace_counts(user: Any, *, today: date | None = None) -> WorkspaceCounts:
    """What waits for the coordinator now, in their programmes."""
    program_ids = list(coordinated_programs(user).values_list("pk", flat=True))
    open_requests = requests_for_coordinator(user).filter(status=RequestStatus.OPEN).count()
    matches = matches_for_coordinator(user).aggregate(
        proposals=Count("pk", filter=Q(status=MatchStatus.PROPOSED)),
        at_risk=Count("pk", filter=Q(status=MatchStatus.ACTIVE, health=MatchHealth.AT_RISK)),
    )
    return WorkspaceCounts(
        open_requests=open_requests,
        proposals=matches["proposals"],
        at_risk=matches["at_risk"],
        lapsing=lapse_count_for_coordinator(program_ids=program_ids, today=today or local_today()),
    )
