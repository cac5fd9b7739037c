"""What the match's people write during the six months: check-ins and asking for a change.

A check-in locks its match row, so two check-ins logged at once cannot move
`last_check_in_on` backwards; it resets the match's health to `on_track`. A satisfaction of 1
or 2 (here or in a survey) flags the match `low_satisfaction` for the coordinators and e-mails
them, at most once a day per match and coordinator; it never replaces a `change_requested`
flag, which is the stronger signal (someone asked for a change in so many words).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audited_update
from accounts.models import User
from accounts.notifications import notification_queue
from accounts.permissions import within_coordinated_programs
from accounts.selectors import coordinators_of
from commitments.models import CheckIn, CheckInMode
from core import clock
from core.links import site_url
from core.vocabulary import SKILL_CODES
from matching.models import Attention, Match, MatchHealth, MatchStatus
from matching.services import MatchConflict, refuse_if_paused

LOW_SATISFACTION = 2
MAX_DURATION_MINUTES = 24 * 60


def check_ins_of(match: Match) -> QuerySet[CheckIn]:
    """A match's check-ins, newest first, with who logged each."""
    return CheckIn.objects.filter(match=match).select_related("by").order_by("-date", "-pk")


def is_participant(user: Any, match: Match) -> bool:
    """The match's volunteer or newcomer (not its coordinators)."""
    return bool(user.is_authenticated) and user.pk in (
        match.volunteer.user_id,
        match.newcomer.user_id,
    )


def _notify_coordinators(
    *, match: Match, template: str, by: User | None, note: str, rating: int | None = None
) -> None:
    """Each coordinator of the programme hears of it once a day per match."""
    today = clock.today().isoformat()
    for coordinator in coordinators_of(match.program_id):
        notification_queue(
            user=coordinator,
            kind=template,
            key=f"{template.replace('_', '-')}:{match.pk}:{coordinator.pk}:{today}",
            template=template,
            context={
                "match": match,
                "program": match.program,
                "by_name": by.first_name if by is not None else "",
                "volunteer_name": match.volunteer.user.full_name,
                "newcomer_name": match.newcomer.display_name,
                "satisfaction": rating,
                "note": note,
                "match_url": site_url("participant-match-page", match.pk),
            },
        )


def flag_low_satisfaction(*, match: Match, by: User | None, rating: int, note: str) -> None:
    """Flag `match` (locked by the caller) for its coordinators, unless a change was asked for."""
    if match.attention != Attention.CHANGE_REQUESTED:
        match.attention = Attention.LOW_SATISFACTION
        match.attention_note = note[:1000]
        match.attention_at = timezone.now()
    _notify_coordinators(
        match=match, template="match_low_satisfaction", by=by, note=note, rating=rating
    )


def _locked_row(match: Match) -> Match:
    return (
        Match.objects.select_for_update(of=("self",))
        .select_related("program", "volunteer__user", "newcomer__user")
        .get(pk=match.pk)
    )


def _check_in_fields(data: dict[str, Any], *, started_on: date, today: date) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    day = data["date"]
    if day > today:
        errors["date"] = [_("A check-in cannot be in the future.")]
    elif day < started_on:
        errors["date"] = [_("A check-in cannot be before the match started.")]
    duration = data["duration_minutes"]
    if not 1 <= duration <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = [_("Give the duration in minutes, at most a day.")]
    topics = list(dict.fromkeys(data.get("topics") or []))
    if any(topic not in SKILL_CODES for topic in topics):
        errors["topics"] = [_("Choose topics from the list.")]
    mode = data.get("mode") or CheckInMode.IN_PERSON
    if mode not in CheckInMode.values:
        errors["mode"] = [_("Choose how you met.")]
    satisfaction = data.get("satisfaction")
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        errors["satisfaction"] = [_("Choose from 1 to 5.")]
    if errors:
        raise ValidationError(errors)
    return {
        "date": day,
        "duration_minutes": duration,
        "mode": mode,
        "topics": topics,
        "note": (data.get("note") or "").strip()[:1000],
        "satisfaction": satisfaction,
    }


@transaction.atomic
def check_in_log(*, match: Match, by: User, data: dict[str, Any]) -> CheckIn:
    """Log a meeting or contact of an active match: `data` holds date, duration_minutes, mode,
    topics (skill codes), note and satisfaction (1..5 or None).

    Raises ValidationError naming `date` (in the future or before the start) or another field,
    MatchConflict when the match is not active, and MatchPaused when its contact is paused.
    The caller checked that `by` may log it.
    """
    current = _locked_row(match)
    if current.status != MatchStatus.ACTIVE or current.started_on is None:
        raise MatchConflict(_("Check-ins can be logged only for an active match."))
    refuse_if_paused(current)
    fields = _check_in_fields(data, started_on=current.started_on, today=clock.today())
    check_in = CheckIn.objects.create(program_id=current.program_id, match=current, by=by, **fields)
    previous = current.last_check_in_on
    is_newest = previous is None or check_in.date >= previous
    current.last_check_in_on = check_in.date if is_newest else previous
    current.health = MatchHealth.ON_TRACK
    update_fields = ["last_check_in_on", "health", "updated_at"]
    if check_in.satisfaction is not None and is_newest:
        current.last_satisfaction = check_in.satisfaction
        update_fields.append("last_satisfaction")
    if check_in.satisfaction is not None and check_in.satisfaction <= LOW_SATISFACTION:
        flag_low_satisfaction(
            match=current, by=by, rating=check_in.satisfaction, note=check_in.note
        )
        update_fields += ["attention", "attention_note", "attention_at"]
    current.save(update_fields=update_fields)
    return check_in


@transaction.atomic
def match_change_request(*, match: Match, by: User, note: str) -> Match:
    """The volunteer or the newcomer asks the coordinators for a change (another volunteer,
    another rhythm, an end): the match is flagged `change_requested` with the note, and each
    coordinator of the programme gets one e-mail a day per match.

    Raises MatchConflict when the match is not active (MatchPaused when paused). The caller
    checked that `by` is one of
    the match's two people.
    """
    note = (note or "").strip()[:1000]
    current = _locked_row(match)
    if current.status != MatchStatus.ACTIVE:
        raise MatchConflict(_("A change can be asked for only while the match is active."))
    refuse_if_paused(current)
    current.attention = Attention.CHANGE_REQUESTED
    current.attention_note = note
    current.attention_at = timezone.now()
    current.save(update_fields=["attention", "attention_note", "attention_at", "updated_at"])
    _notify_coordinators(match=current, template="match_change_requested", by=by, note=note)
    return current


def check_in_duration_correct(*, check_in: CheckIn, duration_minutes: int, by: User) -> CheckIn:
    """A coordinator corrects how long a meeting took (a typo, hours typed as minutes): the
    hours on confirmations, in the impact report and in the exports follow. Audited with the
    value before and after. The caller checked that `by` coordinates the check-in's programme.
    """
    if not 1 <= duration_minutes <= MAX_DURATION_MINUTES:
        raise ValidationError(
            {"duration_minutes": [_("Give the duration in minutes, at most a day.")]}
        )
    audited_update(
        CheckIn.objects.filter(pk=check_in.pk),
        event="duration_corrected",
        actor=by,
        duration_minutes=duration_minutes,
    )
    return CheckIn.objects.select_related("by").get(pk=check_in.pk)


def check_ins_for_coordinator(user: Any) -> QuerySet[CheckIn]:
    """Check-ins of the matches in the programmes `user` coordinates."""
    return within_coordinated_programs(CheckIn.objects.select_related("by"), user)
