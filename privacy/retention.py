"""Retention: closed business keeps its facts, not its details.

Every day (Celery beat, `matching.retention_sweep`; `manage.py retention_sweep` for operators)
the requests and matches closed longer than their programme's `retention_months` (24 by
default) lose their free text: request notes; match reasons and notes, the engine's reasons,
decision notes, check-in and survey notes. A newcomer whose every request is closed that
long, with no match still open, loses their name, contacts, address, coordinates, arrival
date, country of origin and interests; their account, if any, is left to them.

What statistics count is kept (dates, statuses, needs, durations, topics, first language,
district), so programme figures for past years do not change. Set-based and idempotent: each
update touches only rows that still hold something, so a second run changes nothing.

"Closed" means: a request `closed` or `cancelled`, last changed before the cut-off; a match
`completed`, `ended` or `rejected` whose last day (ended, commitment end, or the rejection)
fell before the cut-off.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Now

from accounts.audit import audited_update, entries_of, trail_values_erase
from accounts.models import Program
from commitments.models import CheckIn, SurveyResponse
from core import clock
from matching.models import OPEN_MATCH_STATUSES, Match, MatchDecision, MatchStatus
from newcomers.models import NewcomerProfile, RequestStatus, SupportRequest
from newcomers.privacy import PROFILE_CLEARED, claim_emails_delete

CLOSED_REQUEST_STATUSES = (RequestStatus.CLOSED, RequestStatus.CANCELLED)
RETENTION = "retention"


@dataclass
class RetentionResult:
    requests: int = 0
    matches: int = 0
    notes: int = 0
    newcomers: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def retention_cutoff(program: Program, today: date) -> date:
    return today - relativedelta(months=program.retention_months)


def _closed_matches(program: Program, cutoff: date) -> QuerySet[Match]:
    cutoff_at = clock.start_of(cutoff)
    return Match.objects.filter(program=program).filter(
        Q(status__in=(MatchStatus.COMPLETED, MatchStatus.ENDED), ended_on__lt=cutoff)
        | Q(status=MatchStatus.COMPLETED, ended_on__isnull=True, commitment_ends_on__lt=cutoff)
        | Q(status=MatchStatus.REJECTED, decided_at__lt=cutoff_at)
    )


def _closed_requests(program: Program, cutoff: date) -> QuerySet[SupportRequest]:
    cutoff_at = clock.start_of(cutoff)
    return SupportRequest.objects.filter(
        program=program, status__in=CLOSED_REQUEST_STATUSES, updated_at__lt=cutoff_at
    )


def _newcomers_done(program: Program, cutoff: date) -> QuerySet[NewcomerProfile]:
    """Newcomers with requests, all closed before the cut-off, and no open match."""
    cutoff_at = clock.start_of(cutoff)
    recent_or_open = SupportRequest.objects.filter(newcomer=OuterRef("pk")).filter(
        ~Q(status__in=CLOSED_REQUEST_STATUSES) | Q(updated_at__gte=cutoff_at)
    )
    open_match = Match.objects.filter(newcomer=OuterRef("pk"), status__in=OPEN_MATCH_STATUSES)
    has_request = SupportRequest.objects.filter(newcomer=OuterRef("pk"))
    still_identifiable = (
        ~Q(full_name="")
        | ~Q(contact_email="")
        | ~Q(contact_phone="")
        | ~Q(address="")
        | ~Q(city="")
        | ~Q(postal_code="")
        | Q(lat__isnull=False)
    )
    return (
        NewcomerProfile.objects.filter(program=program)
        .filter(Exists(has_request))
        .exclude(Exists(recent_or_open))
        .exclude(Exists(open_match))
        .filter(still_identifiable)
    )


def _anonymise(rows: QuerySet[Any], **cleared: Any) -> int:
    """Clear `cleared` in `rows`; the trail notes that retention did it, without values."""
    return audited_update(rows, event=RETENTION, hide_values=True, **cleared)


@transaction.atomic
def program_retention_apply(*, program: Program, today: date) -> RetentionResult:
    """Anonymise `program`'s business closed longer than its retention; one transaction."""
    cutoff = retention_cutoff(program, today)
    result = RetentionResult()
    # `updated_at` is left alone: it is the clock this sweep reads.
    result.requests = _anonymise(_closed_requests(program, cutoff).exclude(notes=""), notes="")
    matches = _closed_matches(program, cutoff)
    result.matches = _anonymise(
        matches.exclude(Q(reason="") & Q(attention_note="") & Q(reasons=[])),
        reason="",
        attention_note="",
        reasons=[],
    )
    match_ids = matches.values("pk")
    result.notes = sum(
        _anonymise(model.objects.filter(match__in=match_ids).exclude(note=""), note="")
        for model in (MatchDecision, CheckIn, SurveyResponse)
    )
    done = _newcomers_done(program, cutoff)
    claim_emails_delete(done.exclude(contact_email="").values_list("pk", flat=True))
    done_ids = list(done.values_list("pk", flat=True))
    # What the trail recorded of them goes too: the entries keep who did what, and when.
    trail_values_erase(entries_of(NewcomerProfile, done_ids))
    result.newcomers = _anonymise(
        NewcomerProfile.objects.filter(pk__in=done_ids), **PROFILE_CLEARED, updated_at=Now()
    )
    return result


def retention_sweep(*, today: date | None = None) -> RetentionResult:
    """Every programme, one transaction each. The caller disables scopes (a task, a command)."""
    today = today or clock.today()
    total = RetentionResult()
    for program in Program.directory.order_by("pk"):
        done = program_retention_apply(program=program, today=today)
        total.requests += done.requests
        total.matches += done.matches
        total.notes += done.notes
        total.newcomers += done.newcomers
    return total
