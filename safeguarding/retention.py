"""Case records' own retention: closed concerns are kept for the programme's
`concern_retention_months` (default 120, ten years: long enough for a child to come of age and
for the limitation periods of the offences concerned; see docs/safeguarding.md), then deleted
with their steps. Neither a person's erasure nor the ordinary retention sweep touches them:
until then, what happens to a case record is the lead's decision."""

from __future__ import annotations

from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from accounts.models import Program
from core import clock
from safeguarding.models import Concern, ConcernStatus


def concern_retention_cutoff(program: Program, today: date) -> datetime:
    """Cases closed before the start of this day (local) are past retention."""
    day = today - relativedelta(months=program.concern_retention_months)
    return timezone.make_aware(datetime.combine(day, time.min))


@transaction.atomic
def concerns_retention_apply(*, program: Program, today: date) -> int:
    """Delete `program`'s cases closed longer than its concern retention; how many."""
    expired = Concern.objects.filter(
        program=program,
        status=ConcernStatus.CLOSED,
        closed_at__lt=concern_retention_cutoff(program, today),
    )
    deleted, _by_model = expired.delete()
    return deleted


def concerns_retention_sweep(*, today: date | None = None) -> int:
    """Every programme, one transaction each. The caller disables scopes (a task)."""
    today = today or clock.today()
    return sum(
        concerns_retention_apply(program=program, today=today)
        for program in Program.directory.order_by("pk")
    )
