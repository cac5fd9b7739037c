"""Everything that writes matches and matching runs: proposals, decisions, batch runs.

Rules that span rows hold their locks here: a proposal locks its request row (one open match
per request), an approval locks the volunteer's row before it re-checks capacity, so two
coordinators approving the last free place at once get one success and one conflict. Every
decision leaves a `MatchDecision` with who and when; e-mails go through the notification
outbox, stored in the same transaction and sent after commit.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from accounts.audit import audited_update
from accounts.models import Program, User
from accounts.notifications import notification_queue
from core import clock
from core.tasks import job_claim, job_fail
from matching import eligibility
from matching.concern_links import concern_url
from matching.engine import (
    Candidate,
    Pool,
    RequestInput,
    VolunteerInput,
    Weights,
    assign,
    encode_pool,
    pool_replace,
    rank,
)
from matching.models import (
    OPEN_MATCH_STATUSES,
    ExclusionSource,
    Match,
    MatchAction,
    MatchDecision,
    MatchHealth,
    MatchingRun,
    MatchStatus,
    PairExclusion,
    RunStatus,
)
from matching.pool import (
    VOLUNTEER_COLUMNS,
    request_input,
    request_inputs,
    requests_ready,
    volunteer_input,
    volunteer_input_from_values,
    weights_for,
)
from matching.reason_text import reasons_as_json
from matching.snapshot import pool_for
from newcomers.models import RequestStatus, SupportRequest
from newcomers.selectors import confirmed_requests
from volunteers.agreements import agreement_blocks_matching, agreement_current
from volunteers.models import VolunteerProfile
from volunteers.services import volunteer_active_matches_add
from volunteers.tasks import agreement_make_task

logger = logging.getLogger(__name__)

# Explaining a run's proposal: the request's best few usually include the chosen volunteer.
EXPLAIN_TOP_K = 10

STAGE_LOADING = "loading"
STAGE_SOLVING = "solving"
STAGE_SAVING = "saving"
STAGE_DONE = "done"
STAGE_FAILED = "failed"


class MatchConflict(Exception):
    """The state of the match, request or volunteer does not allow the action (HTTP 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MatchPaused(MatchConflict):
    """Contact in the match is paused for a safeguarding review (`Match.paused_at`)."""


def refuse_if_paused(match: Match) -> None:
    """A paused match takes nothing from its pair (no check-in, survey answer or request for a
    change) until a lead decides; the message says only that the programme will be in touch,
    never why (the reason is the case record's)."""
    if match.paused_at is not None:
        raise MatchPaused(
            _("Contact in this pairing is paused for now. The programme will be in touch with you.")
        )


def _clamped(score: float) -> float:
    return min(1.0, max(0.0, float(score)))


def match_loaded(match_pk: int) -> Match:
    """The match as the API and pages show it: both people, the request, the decisions."""
    return (
        Match.objects.select_related("program", "request", "volunteer__user", "newcomer__user")
        .prefetch_related("decisions__by")
        .get(pk=match_pk)
    )


def _breakdown_as_json(candidate: Candidate) -> dict[str, float]:
    return {name: round(float(value), 6) for name, value in candidate.breakdown.items()}


# Proposals ----------------------------------------------------------------------------------


@transaction.atomic
def match_propose(*, request: SupportRequest, volunteer: VolunteerProfile, by: User) -> Match:
    """A coordinator proposes a volunteer for a request, checked like the engine checks.

    Raises ValidationError on `volunteer` naming every hard constraint the pair breaks, and
    MatchConflict when the request is not open or already has a proposed or active match.
    """
    today = clock.today()
    # Locks in the order every writer here takes them: the volunteer, then the request.
    volunteer = VolunteerProfile.objects.select_for_update().get(pk=volunteer.pk)
    support_request = (
        SupportRequest.objects.select_for_update(of=("self",))
        .select_related("newcomer", "program")
        .get(pk=request.pk)
    )
    if support_request.status != RequestStatus.OPEN:
        raise MatchConflict(_("Only an open request can get a proposal."))
    if not requests_ready(SupportRequest.objects.filter(pk=support_request.pk)).exists():
        raise MatchConflict(_("This newcomer is paused for review."))
    if Match.objects.filter(request=support_request, status__in=OPEN_MATCH_STATUSES).exists():
        raise MatchConflict(_("This request already has a proposed or active match."))
    if volunteer.program_id != support_request.program_id:
        raise ValidationError({"volunteer": [_("This volunteer belongs to another programme.")]})
    program = support_request.program
    excluded = frozenset(
        PairExclusion.objects.filter(
            volunteer_id=volunteer.pk, newcomer_id=support_request.newcomer_id
        ).values_list("volunteer_id", flat=True)
    )
    failures = eligibility.pair_failures(
        volunteer=volunteer,
        request=support_request,
        program=program,
        excluded_volunteer_ids=excluded,
        today=today,
    )
    if failures:
        raise ValidationError({"volunteer": [str(failure.message) for failure in failures]})
    # No failure means the engine offers this volunteer (the same constraints): score it.
    [candidate] = rank(
        encode_pool([volunteer_input(volunteer, today=today)]),
        request_input(support_request, today=today, excluded_volunteer_ids=excluded),
        weights_for(program),
        k=1,
    )
    try:
        with transaction.atomic():
            match = Match.objects.create(
                program=program,
                request=support_request,
                volunteer=volunteer,
                newcomer_id=support_request.newcomer_id,
                status=MatchStatus.PROPOSED,
                score=_clamped(candidate.score),
                breakdown=_breakdown_as_json(candidate),
                reasons=reasons_as_json(candidate.reasons),
                proposed_by=by,
            )
    except IntegrityError:
        raise MatchConflict(_("This request already has a proposed or active match.")) from None
    MatchDecision.objects.create(match=match, action=MatchAction.PROPOSED, by=by)
    return match_loaded(match.pk)


# Decisions ----------------------------------------------------------------------------------


def policy_confirmed_for_first_match(volunteer: VolunteerProfile, *, program: Program) -> bool:
    """A volunteer confirms the programme's current safeguarding policy before their first
    match (the law on protecting minors asks that everyone working with them knows it).
    Refused rather than warned: approving is the last step before two people meet alone.
    A programme with no policy yet, or a volunteer who already had a match, passes."""
    if program.safeguarding_policy_version == 0:
        return True
    if volunteer.policy_read_version >= program.safeguarding_policy_version:
        return True
    return Match.objects.filter(volunteer_id=volunteer.pk, started_on__isnull=False).exists()


@transaction.atomic
def match_approve(*, match: Match, by: User, started_on: date | None = None) -> Match:
    """Start a proposed match: `started_on` (today by default, never in the future) and the
    commitment's end; the request becomes `matched` and the volunteer's load grows by one.

    Raises ValidationError on `started_on`, MatchConflict when the match is no longer
    proposed, the request no longer open, or the volunteer full, paused or untrained.
    """
    today = clock.today()
    started_on = started_on or today
    if started_on > today:
        raise ValidationError({"started_on": [_("A match cannot start in the future.")]})
    # The volunteer's row is the lock every approval of this volunteer waits on.
    volunteer = VolunteerProfile.objects.select_for_update().get(pk=match.volunteer_id)
    current = Match.objects.select_related("program").get(pk=match.pk)
    if current.status != MatchStatus.PROPOSED:
        raise MatchConflict(_("Only a proposed match can be approved."))
    failures = eligibility.volunteer_failures(volunteer, today=today)
    if eligibility.NO_CAPACITY in failures:
        raise MatchConflict(_("This volunteer is at full capacity."))
    if failures:
        raise MatchConflict(str(failures[0].message))
    if agreement_blocks_matching(volunteer):
        raise MatchConflict(
            _(
                "This volunteer has no signed volunteer agreement, and the programme requires "
                "one before a match is approved. Record the signed agreement first."
            )
        )
    if not policy_confirmed_for_first_match(volunteer, program=current.program):
        raise MatchConflict(
            _(
                "This volunteer has not yet confirmed reading the programme's safeguarding "
                "policy, which comes before a first match."
            )
        )
    request_status = (
        SupportRequest.objects.select_for_update()
        .filter(pk=current.request_id)
        .values_list("status", flat=True)
        .first()
    )
    if request_status != RequestStatus.OPEN:
        raise MatchConflict(_("The request is no longer open."))
    now = timezone.now()
    commitment_ends_on = current.program.commitment_end(started_on)
    changed = audited_update(
        Match.objects.filter(pk=match.pk, status=MatchStatus.PROPOSED),
        event=MatchAction.APPROVED,
        actor=by,
        status=MatchStatus.ACTIVE,
        started_on=started_on,
        commitment_ends_on=commitment_ends_on,
        health=MatchHealth.ON_TRACK,
        decided_by=by,
        decided_at=now,
        updated_at=now,
    )
    if not changed:
        raise MatchConflict(_("Only a proposed match can be approved."))
    audited_update(
        SupportRequest.objects.filter(pk=current.request_id),
        event=MatchAction.APPROVED,
        actor=by,
        status=RequestStatus.MATCHED,
        updated_at=now,
    )
    volunteer_active_matches_add(volunteer=volunteer, delta=+1)
    MatchDecision.objects.create(match_id=match.pk, action=MatchAction.APPROVED, by=by)
    if agreement_current(volunteer) is None:
        # First matched: the agreement is made (a PDF, so after the commit, by a task).
        transaction.on_commit(lambda: agreement_make_task.delay(volunteer.pk))
    approved = match_loaded(match.pk)
    _notify_approved(approved)
    return approved


def _notify_approved(match: Match) -> None:
    """Both people hear of it once; a newcomer without an account yet hears from the
    coordinator instead."""
    volunteer_user = match.volunteer.user
    newcomer_user = match.newcomer.user
    # First names only: the pair never learn each other's surnames from us.
    people: list[tuple[User, str, str]] = [(volunteer_user, "volunteer", match.newcomer.first_name)]
    if newcomer_user is not None:
        people.append((newcomer_user, "newcomer", volunteer_user.first_name))
    for user, role, partner in people:
        notification_queue(
            user=user,
            kind="match_approved",
            key=f"match-approved:{match.pk}:{user.pk}",
            template="match_approved",
            context={
                "match": match,
                "program": match.program,
                "role": role,
                "partner": partner,
                "concern_url": concern_url(match_id=match.pk, user_id=user.pk),
            },
        )


def match_propose_and_approve(
    *,
    request: SupportRequest,
    volunteer: VolunteerProfile,
    by: User,
    started_on: date | None = None,
) -> Match:
    """Propose and approve in one step: both happen, or neither."""
    with transaction.atomic():
        match = match_propose(request=request, volunteer=volunteer, by=by)
        return match_approve(match=match, by=by, started_on=started_on)


def decision_record(
    *, match: Match, allowed: str, by: User, action: str, note: str, **changes: Any
) -> bool:
    """Move the match from `allowed` with `changes` if it still is there; record who decided
    and why (a decision row and the audit trail). False when another decision came first."""
    now = timezone.now()
    changed = audited_update(
        Match.objects.filter(pk=match.pk, status=allowed),
        event=action,
        actor=by,
        decided_by=by,
        decided_at=now,
        updated_at=now,
        **changes,
    )
    if changed:
        MatchDecision.objects.create(match_id=match.pk, action=action, by=by, note=note)
    return bool(changed)


def required_reason(reason: str) -> str:
    """The note a decision must carry, or a ValidationError on `reason`."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why.")]})
    return reason


def _proposal_turn_down(*, match: Match, by: User, reason: str) -> bool:
    """A proposal rejected with its reason and decision; False if it was no longer proposed."""
    return decision_record(
        match=match,
        allowed=MatchStatus.PROPOSED,
        by=by,
        action=MatchAction.REJECTED,
        note=reason,
        status=MatchStatus.REJECTED,
        reason=reason,
    )


@transaction.atomic
def match_reject(*, match: Match, by: User, reason: str) -> Match:
    """Turn a proposal down; the request stays open for another proposal."""
    reason = required_reason(reason)
    if not _proposal_turn_down(match=match, by=by, reason=reason):
        raise MatchConflict(_("Only a proposed match can be rejected."))
    return match_loaded(match.pk)


def pair_exclude(*, match: Match, source: str, reason: str, by: User) -> PairExclusion:
    exclusion, _created = PairExclusion.objects.get_or_create(
        volunteer_id=match.volunteer_id,
        newcomer_id=match.newcomer_id,
        defaults={
            "program_id": match.program_id,
            "source": source,
            "reason": reason,
            "created_by": by,
        },
    )
    return exclusion


@transaction.atomic
def match_do_not_pair(*, match: Match, by: User, reason: str) -> Match:
    """Never propose this volunteer and newcomer to each other again; a pending proposal of
    the pair is rejected. An active match goes on (ending it is a separate decision)."""
    reason = required_reason(reason)
    pair_exclude(match=match, source=ExclusionSource.DO_NOT_PAIR, reason=reason, by=by)
    MatchDecision.objects.create(
        match_id=match.pk, action=MatchAction.DO_NOT_PAIR, by=by, note=reason
    )
    _proposal_turn_down(match=match, by=by, reason=reason)
    return match_loaded(match.pk)


# Matching runs ------------------------------------------------------------------------------


@transaction.atomic
def run_start(*, program: Program, by: User, is_exact: bool = False) -> MatchingRun:
    """Queue a batch run for the programme's open requests; a worker executes it."""
    run = MatchingRun.objects.create(program=program, started_by=by, is_exact=is_exact)
    from matching.tasks import run_execute_task

    transaction.on_commit(lambda: run_execute_task.delay(run.pk))
    return run


def _progress(run_id: int, *, stage: str, progress: int) -> None:
    MatchingRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        stage=stage, progress=progress
    )


def run_execute(*, run_id: int) -> bool:
    """Execute a pending run; False when it was not pending (a second delivery does nothing).

    A run left `running` by a worker that died is taken over once the task's time limit passed.

        Any failure marks the run `failed` with the error; it is never left running.
    """
    with scopes_disabled():
        if not job_claim(MatchingRun.objects.all(), run_id, stage=STAGE_LOADING, progress=10):
            return False
        run = MatchingRun.objects.select_related("program", "started_by").get(pk=run_id)
    try:
        with scope(program=[run.program_id]):
            _run_steps(run)
    except Exception as error:
        logger.exception("matching run %s failed", run_id)
        with scopes_disabled():
            job_fail(MatchingRun.objects.all(), run_id, error, stage=STAGE_FAILED)
        return False
    return True


def _pending_proposals(
    program: Program, volunteer_ids: Iterable[int] | None = None
) -> dict[int, int]:
    """Proposed (not yet decided) matches per volunteer."""
    pending = Match.objects.filter(program=program, status=MatchStatus.PROPOSED)
    if volunteer_ids is not None:
        pending = pending.filter(volunteer_id__in=list(volunteer_ids))
    return dict(
        pending.values("volunteer_id")
        .annotate(count=Count("pk"))
        .values_list("volunteer_id", "count")
        .order_by()
    )


def _volunteer_inputs(
    program: Program, volunteer_ids: Iterable[int], *, today: date
) -> dict[int, VolunteerInput]:
    rows = VolunteerProfile.objects.filter(program=program, pk__in=list(volunteer_ids))
    return {
        values[0]: volunteer_input_from_values(values, today=today)
        for values in rows.values_list(*VOLUNTEER_COLUMNS)
    }


def _pool_less_pending(program: Program, *, today: date) -> Pool:
    """The programme's pool with each volunteer's pending proposals counted as taken places,
    so the batch plus what already waits for approval never exceeds a capacity."""
    pool = pool_for(program)
    pending = _pending_proposals(program)
    if not pending:
        return pool
    inputs = _volunteer_inputs(program, pending, today=today)
    changed = [
        dataclasses.replace(found, active_matches=found.active_matches + pending[volunteer_id])
        for volunteer_id, found in inputs.items()
    ]
    return pool_replace(pool, changed)


def _explanations(
    pool: Pool,
    program: Program,
    pairs: list[tuple[int, int, float]],
    inputs: dict[int, RequestInput],
    weights: Weights,
    *,
    today: date,
) -> dict[int, Candidate]:
    """The engine's breakdown and reasons for each chosen pair, by request id.

    The request's best few from the same pool nearly always hold the chosen volunteer; the
    rest are ranked alone (their profiles loaded in one query).
    """
    found: dict[int, Candidate] = {}
    missing: list[tuple[int, int]] = []
    for request_id, volunteer_id, _score in pairs:
        best = rank(pool, inputs[request_id], weights, k=EXPLAIN_TOP_K)
        chosen = next((item for item in best if item.volunteer_id == volunteer_id), None)
        if chosen is None:
            missing.append((request_id, volunteer_id))
        else:
            found[request_id] = chosen
    if missing:
        volunteers = _volunteer_inputs(program, {v for _r, v in missing}, today=today)
        for request_id, volunteer_id in missing:
            alone = volunteers.get(volunteer_id)
            if alone is None:
                continue
            free = dataclasses.replace(alone, active_matches=0)
            ranked = rank(encode_pool([free]), inputs[request_id], weights, k=1)
            if ranked:
                found[request_id] = ranked[0]
    return found


def _run_steps(run: MatchingRun) -> None:
    program = run.program
    today = clock.today()
    has_open_match = Match.objects.filter(request=OuterRef("pk"), status__in=OPEN_MATCH_STATUSES)
    requests = list(
        requests_ready(confirmed_requests())
        .filter(program=program, status=RequestStatus.OPEN)
        .exclude(Exists(has_open_match))
        .select_related("newcomer")
        .order_by("pk")
    )
    inputs = request_inputs(requests, today=today)
    pool = _pool_less_pending(program, today=today)
    weights = weights_for(program)
    MatchingRun.objects.filter(pk=run.pk).update(
        requests_considered=len(requests), volunteers_considered=len(pool)
    )

    _progress(run.pk, stage=STAGE_SOLVING, progress=40)
    started = time.perf_counter()
    assignment = assign(pool, inputs, weights, exact=run.is_exact)
    solver_seconds = time.perf_counter() - started

    _progress(run.pk, stage=STAGE_SAVING, progress=80)
    pairs = list(assignment.pairs)
    by_id = {item.id: item for item in inputs}
    explanations = _explanations(pool, program, pairs, by_id, weights, today=today)
    newcomer_of = {item.pk: item.newcomer_id for item in requests}
    with transaction.atomic():
        kept = _still_proposable(program, pairs)
        matches = Match.objects.bulk_create(
            [
                Match(
                    program=program,
                    request_id=request_id,
                    volunteer_id=volunteer_id,
                    newcomer_id=newcomer_of[request_id],
                    status=MatchStatus.PROPOSED,
                    score=_clamped(score),
                    breakdown=_breakdown_as_json(explanations[request_id])
                    if request_id in explanations
                    else {},
                    reasons=reasons_as_json(explanations[request_id].reasons)
                    if request_id in explanations
                    else [],
                    run=run,
                    proposed_by=run.started_by,
                )
                for request_id, volunteer_id, score in kept
            ]
        )
        MatchDecision.objects.bulk_create(
            [
                MatchDecision(match=match, action=MatchAction.PROPOSED, by=run.started_by)
                for match in matches
            ]
        )
        MatchingRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.DONE,
            stage=STAGE_DONE,
            progress=100,
            proposals=len(matches),
            total_score=float(assignment.total_score),
            solver_seconds=solver_seconds,
            finished_at=timezone.now(),
        )


def _still_proposable(
    program: Program, pairs: list[tuple[int, int, float]]
) -> list[tuple[int, int, float]]:
    """The pairs that still hold at saving time, with their rows locked.

    While the engine worked, a coordinator may have proposed for a request or approved a
    volunteer's match: requests must still be open without an open match, and a volunteer's
    proposals must still fit their free places (best scores first).
    """
    has_open_match = Match.objects.filter(request=OuterRef("pk"), status__in=OPEN_MATCH_STATUSES)
    volunteer_ids = {volunteer_id for _r, volunteer_id, _s in pairs}
    # Volunteers first, then requests: the order approvals and proposals lock them in.
    places = {
        pk: capacity - active
        for pk, capacity, active in VolunteerProfile.objects.select_for_update()
        .filter(pk__in=volunteer_ids)
        .order_by("pk")
        .values_list("pk", "capacity", "active_matches")
    }
    open_ids = set(
        SupportRequest.objects.select_for_update()
        .filter(pk__in=[request_id for request_id, _v, _s in pairs], status=RequestStatus.OPEN)
        .exclude(Exists(has_open_match))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for volunteer_id, pending in _pending_proposals(program, volunteer_ids).items():
        places[volunteer_id] = places.get(volunteer_id, 0) - pending
    kept = []
    for request_id, volunteer_id, score in sorted(pairs, key=lambda pair: (-pair[2], pair[0])):
        if request_id in open_ids and places.get(volunteer_id, 0) > 0:
            places[volunteer_id] -= 1
            kept.append((request_id, volunteer_id, score))
    return sorted(kept)
