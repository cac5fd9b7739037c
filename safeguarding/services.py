"""Raising a concern, pausing contact, and the lead's case record (issue #22).

Every rule about concerns is here once: who may raise one about whom, what pauses at once,
what each outcome does. Pausing writes only on lower floors' own fields (`Match.paused_at`,
the profiles' `safeguarding_hold`), which they read without knowing why; the case record
(`ConcernAction`) is the only place that says why.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from accounts.audit import audited_update
from accounts.models import Membership, Notification, NotificationStatus, Program, Role, User
from accounts.notifications import notification_queue, notification_queue_to_address
from accounts.permissions import coordinated_programs
from accounts.services import program_pool_changed
from commitments.services import match_end
from commitments.sweep import pair_mail
from core.links import site_url
from matching.models import EndReason, ExclusionSource, Match, MatchStatus
from matching.services import pair_exclude
from newcomers.models import NewcomerProfile
from safeguarding.models import (
    OPEN_STATUSES,
    ActionKind,
    Category,
    Concern,
    ConcernAction,
    ConcernStatus,
    Outcome,
)
from safeguarding.selectors import lead_memberships
from volunteers.models import VolunteerProfile

# Matches in these states can still be paused or ended.
RUNNING = (MatchStatus.PROPOSED, MatchStatus.ACTIVE)


def pauses_at_once(*, category: str, urgent: bool) -> bool:
    """An urgent concern, or any about a child's safety, pauses contact the moment it is
    raised."""
    return urgent or category == Category.CHILD_SAFETY


def leads_of(program: Program) -> list[User]:
    """The programme's safeguarding leads who can sign in."""
    return [membership.user for membership in lead_memberships(program)]


# Raising ------------------------------------------------------------------------------------


def _is_participant(user: User, match: Match) -> bool:
    return match.volunteer.user_id == user.pk or (
        match.newcomer.user_id is not None and match.newcomer.user_id == user.pk
    )


def _profiles_of(
    user: User, program: Program
) -> tuple[VolunteerProfile | None, NewcomerProfile | None]:
    with scopes_disabled():  # narrowed by the programme
        return (
            VolunteerProfile.objects.filter(user=user, program=program).first(),
            NewcomerProfile.objects.filter(user=user, program=program).first(),
        )


def _resolved(
    *,
    by: User,
    match: Match | None,
    about: User | None,
    program: Program | None,
    about_newcomer: NewcomerProfile | None = None,
) -> tuple[Program, VolunteerProfile | None, NewcomerProfile | None]:
    """The programme and the profiles a concern is about, or ValidationError naming the
    field the caller may not use."""
    coordinates = coordinated_programs(by)
    if match is not None:
        program = match.program
        may = _is_participant(by, match) or coordinates.filter(pk=program.pk).exists()
        if not may:
            raise ValidationError({"match": [_("Unknown match.")]})
        if about_newcomer is not None:
            # The match's newcomer without an account (registered at an intake): only its
            # coordinators name them, and the hold then applies to their profile.
            if (
                about_newcomer.pk != match.newcomer_id
                or not coordinates.filter(pk=program.pk).exists()
            ):
                raise ValidationError({"about": [_("Choose the other person of your match.")]})
            return program, None, match.newcomer
        if about is None:
            return program, None, None
        if about.pk == match.volunteer.user_id:
            return program, match.volunteer, None
        if about.pk == match.newcomer.user_id:
            return program, None, match.newcomer
        if not coordinates.filter(pk=program.pk).exists():
            raise ValidationError({"about": [_("Choose the other person of your match.")]})
    if about is None:
        raise ValidationError({"about": [_("Say whom or which match the concern is about.")]})
    # A coordinator, about any person of a programme they coordinate.
    candidates = coordinates if program is None else coordinates.filter(pk=program.pk)
    for candidate in candidates.filter(memberships__user=about).order_by("pk")[:1]:
        volunteer, newcomer = _profiles_of(about, candidate)
        return candidate, volunteer, newcomer
    raise ValidationError({"about": [_("Unknown person.")]})


def concern_raise(
    *,
    by: User,
    category: str,
    description: str,
    urgent: bool = False,
    match: Match | None = None,
    about: User | None = None,
    program: Program | None = None,
    for_newcomer: bool = False,
    about_newcomer: NewcomerProfile | None = None,
) -> Concern:
    """Record a concern, pause contact at once when it is urgent or about a child's safety,
    and tell the programme's leads (or its safeguarding address) straight after commit.

    `for_newcomer`: a coordinator of the match's programme raises it for its newcomer, who
    told them (one with no account or e-mail has no other way in). `about_newcomer`: a
    coordinator names the match's newcomer who has no account (`about` names accounts)."""
    if category not in Category.values:
        raise ValidationError({"category": [_("Choose what the concern is about.")]})
    description = description.strip()
    if not description:
        raise ValidationError({"description": [_("Tell us briefly what happened.")]})
    if about is not None and about.pk == by.pk:
        raise ValidationError({"about": [_("A concern is about someone else.")]})
    if about is not None and about_newcomer is not None:
        raise ValidationError({"about": [_("Say whom or which match the concern is about.")]})
    program, volunteer, newcomer = _resolved(
        by=by, match=match, about=about, program=program, about_newcomer=about_newcomer
    )
    if for_newcomer and (
        match is None or not coordinated_programs(by).filter(pk=match.program_id).exists()
    ):
        raise ValidationError(
            {
                "for_newcomer": [
                    _("Only the pairing's coordinators raise a concern for its newcomer.")
                ]
            }
        )
    if for_newcomer and newcomer is not None:
        raise ValidationError({"about": [_("A concern is about someone else.")]})
    pauses = pauses_at_once(category=category, urgent=urgent)
    with transaction.atomic():
        concern = Concern.objects.create(
            program=program,
            match=match,
            about=about,
            about_volunteer=volunteer,
            about_newcomer=newcomer,
            raised_by=by,
            for_newcomer=for_newcomer,
            category=category,
            description=description,
            urgent=urgent,
            pauses=pauses,
        )
        ConcernAction.objects.create(concern=concern, kind=ActionKind.RAISED, by=by)
        if pauses:
            _pause(concern, by=by)
        transaction.on_commit(lambda: concern_leads_notify(concern=concern))
    return concern


def concern_leads_notify(*, concern: Concern) -> int:
    """One e-mail to each lead (or the programme's safeguarding address when none is named):
    that a concern waits, whether contact was paused, and where to read it. Never its
    content: e-mail is not where a case is kept."""
    program = concern.program
    context: dict[str, Any] = {
        "program": program,
        "urgent": concern.urgent,
        "paused": concern.pauses,
        "concern_url": site_url("coordinator-concern-page", pk=concern.pk),
    }
    leads = leads_of(program)
    sent = 0
    for lead in leads:
        sent += (
            notification_queue(
                user=lead,
                kind="concern_raised",
                key=f"concern-raised:{concern.pk}:{lead.pk}",
                template="concern_raised",
                context=context,
            )
            is not None
        )
    if not leads and program.safeguarding_email:
        sent += (
            notification_queue_to_address(
                address=program.safeguarding_email,
                language="pl",
                kind="concern_raised",
                key=f"concern-raised:{concern.pk}:address",
                template="concern_raised",
                context=context,
            )
            is not None
        )
    return sent


# Pausing ------------------------------------------------------------------------------------


def _hold(concern: Concern, *, on: bool) -> None:
    if concern.about_volunteer_id is not None:
        VolunteerProfile.objects.filter(pk=concern.about_volunteer_id).update(
            safeguarding_hold=on, updated_at=timezone.now()
        )
    if concern.about_newcomer_id is not None:
        NewcomerProfile.objects.filter(pk=concern.about_newcomer_id).update(
            safeguarding_hold=on, updated_at=timezone.now()
        )
    program_pool_changed(
        program_id=concern.program_id,
        volunteer_ids=[concern.about_volunteer_id] if concern.about_volunteer_id else [],
    )


PAUSED_FAILURE = "MatchPaused"


def _pause(concern: Concern, *, by: User | None) -> None:
    if concern.match_id is not None:
        audited_update(
            Match.objects.filter(pk=concern.match_id, status__in=RUNNING, paused_at__isnull=True),
            event="safeguarding_pause",
            actor=by,
            paused_at=timezone.now(),
            updated_at=timezone.now(),
        )
        # Stored before the pause and not yet sent (a first try that failed, a retry due):
        # it is not sent after it, and the sweep skips paused pairs from now on.
        Notification.objects.filter(
            pair_mail(concern.match_id), status=NotificationStatus.PENDING
        ).update(status=NotificationStatus.FAILED, failure=PAUSED_FAILURE)
    _hold(concern, on=True)


def _still_pausing(concern: Concern) -> Q:
    """Other open concerns that keep the same match paused or the same person held."""
    return Q(status__in=OPEN_STATUSES, pauses=True) & ~Q(pk=concern.pk)


def _release(concern: Concern, *, by: User | None, keep_hold: bool = False) -> None:
    """Resume contact and free the person, unless another open concern still pauses them."""
    others = Concern.objects.filter(_still_pausing(concern))
    if concern.match_id is not None and not others.filter(match_id=concern.match_id).exists():
        audited_update(
            Match.objects.filter(pk=concern.match_id, paused_at__isnull=False),
            event="safeguarding_resume",
            actor=by,
            paused_at=None,
            updated_at=timezone.now(),
        )
    if keep_hold:
        return
    held_elsewhere = others.filter(
        Q(about_volunteer_id=concern.about_volunteer_id, about_volunteer__isnull=False)
        | Q(about_newcomer_id=concern.about_newcomer_id, about_newcomer__isnull=False)
    ).exists()
    if not held_elsewhere:
        _hold(concern, on=False)


def _record(
    concern: Concern, *, kind: str, by: User, note: str = "", value: str = ""
) -> ConcernAction:
    return ConcernAction.objects.create(
        concern=concern, kind=kind, by=by, note=note.strip(), value=value
    )


def _locked(concern: Concern) -> Concern:
    return Concern.objects.select_for_update().get(pk=concern.pk)


@transaction.atomic
def concern_pause(*, concern: Concern, by: User, note: str = "") -> Concern:
    """A lead pauses contact by hand (the match, and holds the person it is about)."""
    concern = _locked(concern)
    if not concern.is_open:
        raise ValidationError({"kind": [_("This case is closed.")]})
    audited_update(
        Concern.objects.filter(pk=concern.pk),
        event="concern_paused",
        actor=by,
        pauses=True,
        updated_at=timezone.now(),
    )
    concern.pauses = True
    _pause(concern, by=by)
    _record(concern, kind=ActionKind.PAUSED, by=by, note=note)
    return concern


@transaction.atomic
def concern_resume(*, concern: Concern, by: User, note: str = "") -> Concern:
    """A lead lets contact resume while the case stays open."""
    concern = _locked(concern)
    if not concern.pauses:
        raise ValidationError({"kind": [_("Contact is not paused by this case.")]})
    audited_update(
        Concern.objects.filter(pk=concern.pk),
        event="concern_resumed",
        actor=by,
        pauses=False,
        updated_at=timezone.now(),
    )
    concern.pauses = False
    _release(concern, by=by)
    _record(concern, kind=ActionKind.RESUMED, by=by, note=note)
    return concern


@transaction.atomic
def concern_note(*, concern: Concern, by: User, note: str) -> ConcernAction:
    if not note.strip():
        raise ValidationError({"note": [_("Write what was done.")]})
    return _record(_locked(concern), kind=ActionKind.NOTE, by=by, note=note)


# The case -----------------------------------------------------------------------------------


def _end(match: Match, *, by: User, note: str) -> None:
    if match.status == MatchStatus.ACTIVE:
        match_end(match=match, by=by, reason=note, end_reason=EndReason.SAFEGUARDING_CONCERN)


def _active_matches_of(concern: Concern) -> list[Match]:
    person = Q(pk__in=[])
    if concern.about_volunteer_id is not None:
        person |= Q(volunteer_id=concern.about_volunteer_id)
    if concern.about_newcomer_id is not None:
        person |= Q(newcomer_id=concern.about_newcomer_id)
    return list(Match.objects.filter(person, status=MatchStatus.ACTIVE).order_by("pk"))


def _apply(concern: Concern, *, outcome: str, by: User, note: str) -> None:
    """What an outcome does beyond the record."""
    match = concern.match
    if outcome == Outcome.REMOVED:
        if concern.about_volunteer_id is None and concern.about_newcomer_id is None:
            raise ValidationError({"outcome": [_("This concern names no person to remove.")]})
        for each in _active_matches_of(concern):
            _end(each, by=by, note=note)
            pair_exclude(match=each, source=ExclusionSource.DO_NOT_PAIR, reason=note, by=by)
        _release(concern, by=by, keep_hold=True)
        _hold(concern, on=True)  # for good: out of the pool and of every run
        return
    if outcome in (Outcome.MATCH_ENDED, Outcome.DO_NOT_PAIR):
        if match is None:
            raise ValidationError({"outcome": [_("This concern names no match.")]})
        _end(match, by=by, note=note)
        if outcome == Outcome.DO_NOT_PAIR:
            pair_exclude(match=match, source=ExclusionSource.DO_NOT_PAIR, reason=note, by=by)
    _release(concern, by=by)


@transaction.atomic
def concern_update(
    *, concern: Concern, by: User, status: str | None = None, outcome: str | None = None,
    note: str = "",
) -> Concern:  # fmt: skip
    """Move a case on: a new status, and on closing the outcome, which acts at once
    (ending matches, recording do-not-pair, keeping a removed person out for good)."""
    concern = _locked(concern)
    if status is not None and status not in ConcernStatus.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    if outcome and outcome not in Outcome.values:
        raise ValidationError({"outcome": [_("Choose an outcome from the list.")]})
    if not concern.is_open:
        raise ValidationError({"status": [_("This case is closed.")]})
    closing = status == ConcernStatus.CLOSED
    if closing and not outcome:
        raise ValidationError({"outcome": [_("Say what was decided before closing.")]})
    if outcome and not closing:
        raise ValidationError(
            {"outcome": [_("An outcome closes the case: set the status to closed.")]}
        )
    if status is None or status == concern.status:
        if note.strip():
            _record(concern, kind=ActionKind.NOTE, by=by, note=note)
        return concern
    now = timezone.now()
    changes: dict[str, Any] = {"status": status, "updated_at": now}
    if closing:
        _apply(concern, outcome=str(outcome), by=by, note=note)
        changes.update(outcome=outcome, closed_at=now, pauses=False)
    audited_update(
        Concern.objects.filter(pk=concern.pk), event=f"concern_{status}", actor=by, **changes
    )
    _record(
        concern,
        kind=ActionKind.CLOSED if closing else ActionKind.STATUS,
        by=by,
        note=note,
        value=str(outcome) if closing else status,
    )
    return Concern.objects.get(pk=concern.pk)


# The leads ----------------------------------------------------------------------------------


def lead_name(*, program: Program, user: User, by: User) -> None:
    """Make `user`, a coordinator of `program` who can sign in, one of its safeguarding leads
    (audited). The caller checked that `by` may (`selectors.may_name_leads`)."""
    named = audited_update(
        Membership.objects.filter(
            program=program,
            user=user,
            role=Role.COORDINATOR,
            user__is_active=True,
            is_safeguarding_lead=False,
        ),
        event="safeguarding_lead_named",
        actor=by,
        is_safeguarding_lead=True,
    )
    if not named:
        raise ValidationError({"user": [_("Choose a coordinator of this programme.")]})


def lead_removal_refused(*, program: Program, user: User) -> str:
    """Why removing `user` as a lead is refused, or "": the last lead of a programme with no
    safeguarding address stays, or new concerns would reach nobody."""
    others = lead_memberships(program).exclude(user=user)
    if not others.exists() and not program.safeguarding_email:
        return _(
            "This is the programme's last safeguarding lead and it has no safeguarding "
            "address: new concerns would reach nobody. Name another lead first."
        )
    return ""


@transaction.atomic
def lead_remove(*, program: Program, user: User, by: User) -> None:
    """`user` stops being a lead of `program` (audited); with no lead left, new concerns go to
    the programme's safeguarding address. The caller checked that `by` may."""
    # The programme's lead rows, locked: two removals at once cannot both leave the other.
    list(lead_memberships(program).select_for_update(of=("self",)))
    refused = lead_removal_refused(program=program, user=user)
    if refused:
        raise ValidationError({"user": [refused]})
    removed = audited_update(
        Membership.objects.filter(program=program, user=user, is_safeguarding_lead=True),
        event="safeguarding_lead_removed",
        actor=by,
        is_safeguarding_lead=False,
    )
    if not removed:
        raise ValidationError({"user": [_("Not a safeguarding lead of this programme.")]})
