"""Ending a match early: the one decision about an active pairing taken during its six months.

The match, its request and the volunteer's load change together; the pair is never proposed
again. Decisions and the audit trail go through matching's `decision_record`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audited_update
from accounts.models import User
from core import clock
from matching.models import EndReason, ExclusionSource, Match, MatchAction, MatchStatus
from matching.services import (
    MatchConflict,
    decision_record,
    match_loaded,
    pair_exclude,
    required_reason,
)
from newcomers.models import RequestStatus, SupportRequest
from volunteers.models import VolunteerProfile
from volunteers.services import volunteer_active_matches_add


@transaction.atomic
def match_end(
    *, match: Match, by: User, reason: str = "", end_reason: str = EndReason.OTHER
) -> Match:
    """End an active match early for one of the listed reasons (`reason` is the note): the
    request re-opens unless the newcomer no longer needs help, the volunteer's place frees
    up, and the pair is never proposed again."""
    if end_reason not in EndReason.values:
        raise ValidationError({"end_reason": [_("Choose a reason from the list.")]})
    if end_reason == EndReason.OTHER:
        reason = required_reason(reason)
    note = reason.strip()
    volunteer = VolunteerProfile.objects.select_for_update().get(pk=match.volunteer_id)
    if not decision_record(
        match=match,
        allowed=MatchStatus.ACTIVE,
        by=by,
        action=MatchAction.ENDED,
        note=f"{end_reason}: {note}" if note else end_reason,
        status=MatchStatus.ENDED,
        ended_on=clock.today(),
        reason=note,
        end_reason=end_reason,
    ):
        raise MatchConflict(_("Only an active match can be ended."))
    # Re-opened, it keeps its place in the queue (`waiting_since` stays); a newcomer who no
    # longer needs help is done.
    follows = (
        RequestStatus.CLOSED if end_reason == EndReason.NO_LONGER_NEEDED else RequestStatus.OPEN
    )
    audited_update(
        SupportRequest.objects.filter(pk=match.request_id, status=RequestStatus.MATCHED),
        event=MatchAction.ENDED,
        actor=by,
        status=follows,
        updated_at=timezone.now(),
    )
    volunteer_active_matches_add(volunteer=volunteer, delta=-1)
    pair_exclude(match=match, source=ExclusionSource.ENDED_EARLY, reason=note or end_reason, by=by)
    return match_loaded(match.pk)
