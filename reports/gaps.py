"""Supply and demand: where open requests wait for volunteers who are not there.

For each language and each need: how many open requests wait (`requests_waiting`), for how
long (median and longest, in whole days since `waiting_since`), and how many ready volunteers
could take them (`ready_volunteers`, with their `free_places`). A request counts under every
language its newcomer speaks at a usable level (B1 or above, `native` included) and their first
language: a speaker of any of them could help. A volunteer counts when matching would offer
them (e-mail confirmed, trained, neither paused nor withdrawn nor held for a safeguarding
review, with a free place), under every language they speak at a usable level and every skill
of the vocabulary they offer (needs and skills are validated against it on input): counted in
matching's pool (`matching.engine.supply`). The shortfall is the requests waiting beyond the
free places; rows with a shortfall come first (largest first, then the longest wait), so a
coordinator sees whom to recruit. One query for the requests whatever their number (grouping
them in the database cost it more than it saved here); the arithmetic happens here.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.db.models import TextField
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Program
from core.clock import days_between, local_date
from core.vocabulary import USABLE_LEVEL, language_name, level_rank, skill
from matching.engine.supply import Offer, pool_supply
from matching.snapshot import pool_for
from newcomers.models import RequestStatus
from newcomers.selectors import confirmed_requests

LANGUAGE = "language"
NEED = "need"


@dataclass(frozen=True)
class Gap:
    dimension: str  # LANGUAGE or NEED
    code: str
    requests_waiting: int
    median_wait_days: float
    longest_wait_days: int
    ready_volunteers: int
    free_places: int

    @property
    def shortfall(self) -> int:
        return max(0, self.requests_waiting - self.free_places)

    @property
    def is_gap(self) -> bool:
        return self.shortfall > 0

    def label(self, language: str) -> str:
        if self.dimension == LANGUAGE:
            return language_name(self.code, language)
        return skill(self.code).label.in_language(language)

    def as_dict(self, language: str) -> dict[str, Any]:
        return {
            **asdict(self),
            "label": self.label(language),
            "shortfall": self.shortfall,
            "is_gap": self.is_gap,
        }


def _usable(languages: dict[str, str]) -> set[str]:
    floor = level_rank(USABLE_LEVEL)
    return {code for code, level in (languages or {}).items() if level_rank(level) >= floor}


NO_OFFER = Offer(volunteers=0, free_places=0)


def _supply(program: Program) -> dict[tuple[str, str], Offer]:
    """Ready volunteers and their free places per (dimension, code): those matching would
    offer, counted in the programme's pool (matching's per-process snapshot, patched after
    every change of a volunteer). Grouping the volunteers in the database instead took 60 ms
    at 60,000 (200 ms on a busy morning) and ran again after every approval.
    """
    by_language, by_skill = pool_supply(pool_for(program))
    return {
        (dimension, code): offer
        for dimension, offers in ((LANGUAGE, by_language), (NEED, by_skill))
        for code, offer in offers.items()
    }


def supply_and_demand(*, program: Program, now: datetime | None = None) -> list[Gap]:
    """Every language and need some open request waits for, the gaps first."""
    today = local_date(now or timezone.now())
    waits: dict[tuple[str, str], list[int]] = defaultdict(list)
    requests = (
        confirmed_requests()
        .filter(program=program, status=RequestStatus.OPEN)
        .order_by()
        # The wait's first day in the deployment's time zone, as `days_between` counts it:
        # the database converts 12,000 instants faster than Python.
        .annotate(waiting_day=TruncDate("waiting_since"))
        # As JSON text: a few hundred distinct values among 12,000 requests, each decoded once.
        .values_list(
            Cast("needs", TextField()),
            "waiting_day",
            Cast("newcomer__languages", TextField()),
            "newcomer__first_language",
        )
    )
    spoken_in: dict[tuple[str, str], set[str]] = {}
    needed_in: dict[str, set[str]] = {}
    for needs, waiting_day, languages, first_language in requests:
        days = days_between(waiting_day, today)
        spoken = spoken_in.get((languages, first_language))
        if spoken is None:
            spoken = _usable(json.loads(languages)) | (
                {first_language} if first_language else set()
            )
            spoken_in[(languages, first_language)] = spoken
        needed = needed_in.get(needs)
        if needed is None:
            needed = needed_in[needs] = set(json.loads(needs) or [])
        for code in spoken:
            waits[(LANGUAGE, code)].append(days)
        for code in needed:
            waits[(NEED, code)].append(days)

    supply = _supply(program)
    gaps = [
        Gap(
            dimension=dimension,
            code=code,
            requests_waiting=len(days),
            median_wait_days=float(statistics.median(days)),
            longest_wait_days=max(days),
            ready_volunteers=supply.get((dimension, code), NO_OFFER).volunteers,
            free_places=supply.get((dimension, code), NO_OFFER).free_places,
        )
        for (dimension, code), days in waits.items()
    ]
    return sorted(
        gaps,
        key=lambda gap: (
            not gap.is_gap,
            -gap.shortfall,
            -gap.longest_wait_days,
            -gap.requests_waiting,
            gap.dimension,
            gap.code,
        ),
    )


def gap_sentence(gap: Gap, language: str) -> str:
    """ "12 requests for Vietnamese speakers wait, the longest 41 days; 1 ready volunteer."."""
    label = gap.label(language)
    if gap.dimension == LANGUAGE:
        waiting = ngettext(
            "%(count)d request from a %(label)s speaker waits",
            "%(count)d requests from %(label)s speakers wait",
            gap.requests_waiting,
        )
        ready = ngettext(
            "%(count)d ready volunteer speaks %(label)s",
            "%(count)d ready volunteers speak %(label)s",
            gap.ready_volunteers,
        )
    else:
        waiting = ngettext(
            "%(count)d request for help with “%(label)s” waits",
            "%(count)d requests for help with “%(label)s” wait",
            gap.requests_waiting,
        )
        ready = ngettext(
            "%(count)d ready volunteer offers it",
            "%(count)d ready volunteers offer it",
            gap.ready_volunteers,
        )
    longest = ngettext(
        "the longest %(days)d day", "the longest %(days)d days", gap.longest_wait_days
    )
    return _("%(waiting)s, %(longest)s; %(ready)s.") % {
        "waiting": waiting % {"count": gap.requests_waiting, "label": label},
        "longest": longest % {"days": gap.longest_wait_days},
        "ready": ready % {"count": gap.ready_volunteers, "label": label},
    }
