"""The sweep tests' cast (no tests here): running matches written directly at exact dates.

`running_match` is what `match_approve` leaves behind (active, the commitment's end from the
programme, the volunteer's place taken, the request matched) without its "not in the future"
check, so that tests can use fixed dates in 2027. `check_in` is what the check-in service
leaves behind: the row, `last_check_in_on` moved forward and the health reset.
"""

from __future__ import annotations

from datetime import date

from django.core import mail
from django.test import TestCase

from accounts.models import Notification, Program, Role
from commitments.models import CheckIn
from commitments.sweep import CHUNK_SIZE, SweepResult, commitments_sweep
from matching.models import Match, MatchHealth, MatchStatus
from tests.factories import member
from tests.matching.matches_cast import open_request, ready_volunteer


def running_match(
    program: Program,
    *,
    started_on: date,
    volunteer_name: str = "Anna Kowalska",
    newcomer_name: str = "Олена Ковальчук",
    newcomer_has_account: bool = True,
) -> Match:
    volunteer = ready_volunteer(program, volunteer_name, active_matches=1, status="active")
    newcomer_user = (
        member(program, Role.NEWCOMER, full_name=newcomer_name, preferred_language="uk")
        if newcomer_has_account
        else None
    )
    request = open_request(program, newcomer_name, user=newcomer_user, status="matched")
    return Match.objects.create(
        program=program,
        request=request,
        volunteer=volunteer,
        newcomer=request.newcomer,
        status=MatchStatus.ACTIVE,
        started_on=started_on,
        commitment_ends_on=program.commitment_end(started_on),
    )


def check_in(match: Match, day: date) -> None:
    CheckIn.objects.create(program=match.program, match=match, date=day, duration_minutes=60)
    match.refresh_from_db()
    if match.last_check_in_on is None or day > match.last_check_in_on:
        match.last_check_in_on = day
    match.health = MatchHealth.ON_TRACK
    match.save(update_fields=["last_check_in_on", "health"])


def keys(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("key", flat=True))


def inbox() -> list[tuple[str, object]]:
    """Who got which e-mail so far: (address, subject), in sending order."""
    return [(message.to[0], message.subject) for message in mail.outbox]


def sweep(as_of: date, *, chunk_size: int = CHUNK_SIZE) -> SweepResult:
    """The sweep with chunks inline, and what it enqueues after commit run as a worker would
    (inside a test's transaction nothing commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return commitments_sweep(as_of=as_of, chunk_size=chunk_size)
