"""Required training and safeguarding checks about to lapse, and the one e-mail about each.

A lapse is the latest expiry of a volunteer's required module or check kind: a renewal
(a newer completion or check) moves it, so nobody is reminded of what they already renewed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import translation

from accounts.notifications import notification_queue
from core import clock
from training.models import CheckKind, SafeguardingCheck, TrainingCompletion, TrainingModule
from volunteers.models import VolunteerProfile, VolunteerStatus

REMIND_DAYS_BEFORE = 30
# Lapsed items stay on the coordinator's list this long, so a missed renewal stays visible.
SHOW_LAPSED_DAYS = 90


@dataclass(frozen=True)
class Lapse:
    volunteer: VolunteerProfile
    expires_on: date
    module: TrainingModule | None = None  # a required module, or
    check_kind: str = ""  # a safeguarding check

    def days_left(self, today: date) -> int:
        return clock.days_until(self.expires_on, today)

    def item_in(self, language: str) -> str:
        if self.module is not None:
            return self.module.title_in(language)
        with translation.override(language):
            return str(CheckKind(self.check_kind).label)

    @property
    def key(self) -> str:
        item = f"module-{self.module.pk}" if self.module else f"check-{self.check_kind}"
        return f"lapse:{self.volunteer.pk}:{item}:{self.expires_on.isoformat()}"


def _lapse_queries(
    *, first: date, last: date, program_ids: Iterable[int] | None
) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """(required modules, safeguarding checks) whose latest expiry lies in [first, last].

    Read as: an expiry in the window and none later (nor, for a module, a completion that
    never expires). The index on (programme, expiry) then finds the few rows in the window,
    instead of grouping every completion of the programme on each coordinator's page.
    """
    completions = TrainingCompletion.objects.all()
    checks = SafeguardingCheck.objects.all()
    if program_ids is not None:
        program_ids = list(program_ids)
        completions = completions.filter(program_id__in=program_ids)
        checks = checks.filter(program_id__in=program_ids)
    renewed = completions.filter(
        Q(expires_on__gt=last) | Q(expires_on__isnull=True),
        volunteer_id=OuterRef("volunteer_id"),
        module_id=OuterRef("module_id"),
    )
    module_query = (
        completions.filter(
            ~Exists(renewed),
            expires_on__gte=first,
            expires_on__lte=last,
            module__is_required=True,
            module__is_active=True,
            volunteer__status__in=(
                VolunteerStatus.READY,
                VolunteerStatus.ACTIVE,
                VolunteerStatus.REGISTERED,
            ),
        )
        .values("volunteer_id", "module_id")
        .annotate(latest=Max("expires_on"))
    )
    rechecked = checks.filter(
        expires_on__gt=last, volunteer_id=OuterRef("volunteer_id"), kind=OuterRef("kind")
    )
    check_query = (
        checks.filter(~Exists(rechecked), expires_on__gte=first, expires_on__lte=last)
        .exclude(volunteer__status=VolunteerStatus.WITHDRAWN)
        .values("volunteer_id", "kind")
        .annotate(latest=Max("expires_on"))
    )
    return module_query, check_query


def lapses_between(
    *, first: date, last: date, program_ids: Iterable[int] | None = None
) -> list[Lapse]:
    """Lapses with the latest expiry in [first, last], soonest first (four queries)."""
    module_query, check_query = _lapse_queries(first=first, last=last, program_ids=program_ids)
    module_rows, check_rows = list(module_query), list(check_query)
    volunteer_ids = {row["volunteer_id"] for row in [*module_rows, *check_rows]}
    volunteers = VolunteerProfile.objects.select_related("user", "program").in_bulk(volunteer_ids)
    modules = TrainingModule.objects.in_bulk({row["module_id"] for row in module_rows})
    lapses = [
        Lapse(
            volunteer=volunteers[row["volunteer_id"]],
            expires_on=row["latest"],
            module=modules[row["module_id"]],
        )
        for row in module_rows
    ] + [
        Lapse(
            volunteer=volunteers[row["volunteer_id"]],
            expires_on=row["latest"],
            check_kind=row["kind"],
        )
        for row in check_rows
    ]
    return sorted(
        lapses, key=lambda lapse: (lapse.expires_on, lapse.volunteer.user.full_name, lapse.key)
    )


def lapses_for_coordinator(*, program_ids: Iterable[int], today: date | None = None) -> list[Lapse]:
    """What the coordinator's lapse list shows: due within 30 days, or lapsed recently."""
    today = today or clock.today()
    return lapses_between(
        first=today - timedelta(days=SHOW_LAPSED_DAYS),
        last=today + timedelta(days=REMIND_DAYS_BEFORE),
        program_ids=program_ids,
    )


def lapse_count_for_coordinator(*, program_ids: Iterable[int], today: date | None = None) -> int:
    """How many lines `lapses_for_coordinator` would show (two queries)."""
    today = today or clock.today()
    module_query, check_query = _lapse_queries(
        first=today - timedelta(days=SHOW_LAPSED_DAYS),
        last=today + timedelta(days=REMIND_DAYS_BEFORE),
        program_ids=program_ids,
    )
    return module_query.count() + check_query.count()


def lapse_reminders_send(*, today: date | None = None) -> int:
    """One e-mail per lapse, whenever it is first seen within 30 days; returns how many."""
    today = today or clock.today()
    sent = 0
    for lapse in lapses_between(first=today, last=today + timedelta(days=REMIND_DAYS_BEFORE)):
        notification = notification_queue(
            user=lapse.volunteer.user,
            kind="training_lapse",
            key=lapse.key,
            template="training_lapse",
            context={
                "item": lapse.item_in(lapse.volunteer.user.preferred_language),
                "expires_on": lapse.expires_on,
                "program": lapse.volunteer.program,
            },
        )
        sent += notification is not None
    return sent
