"""The newcomer's home and requests page: each request with its status in words, what
happens next, and while waiting the usual wait in their programme; a matched request links
to the pair's page. Here (floor 4½) because a request's story ends in a match."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Membership, User
from accounts.verification import is_email_confirmed
from core.clock import days_between, local_date, today
from core.languages import reader_language
from core.vocabulary import skill_labels
from matching.models import Match, MatchStatus
from newcomers.models import RequestStatus, SupportRequest

# The usual wait is the median of the programme's pairings of the last year, shown once
# there are enough of them to mean something.
TYPICAL_WAIT_WINDOW_DAYS = 365
TYPICAL_WAIT_MIN_PAIRS = 5


@dataclass(frozen=True)
class RequestRow:
    id: int
    needs: list[str]
    status: str  # the code: the tag's colour
    status_text: str
    next_step: str
    sent_on: str
    match_url: str = ""
    can_reopen: bool = False


def typical_wait_days(program_id: int) -> int | None:
    """The median number of calendar days a request of the programme waited for its pair."""
    since = today() - timedelta(days=TYPICAL_WAIT_WINDOW_DAYS)
    waits = [
        days_between(waiting_since, started_on)
        for waiting_since, started_on in Match.objects.filter(
            program_id=program_id, started_on__gte=since, started_on__isnull=False
        ).values_list("request__waiting_since", "started_on")[:1000]
    ]
    if len(waits) < TYPICAL_WAIT_MIN_PAIRS:
        return None
    return round(statistics.median(waits))


def request_rows(user: User, requests: list[SupportRequest]) -> list[RequestRow]:
    language = reader_language()
    confirmed = is_email_confirmed(user)
    active = {
        match.request_id: match.pk
        for match in Match.objects.filter(
            request__in=requests, status__in=(MatchStatus.ACTIVE, MatchStatus.COMPLETED)
        ).only("pk", "request_id")
    }
    waits: dict[int, int | None] = {}
    rows = []
    for item in requests:
        match_url = (
            reverse("participant-match-page", args=[active[item.pk]]) if item.pk in active else ""
        )
        can_reopen = False
        if item.status == RequestStatus.OPEN and not confirmed:
            status_text = _("Waiting for you to confirm your e-mail address")
            next_step = _(
                "Follow the link in the e-mail we sent you. Until then coordinators cannot see "
                "your request."
            )
        elif item.status == RequestStatus.OPEN:
            status_text = _("Looking for a volunteer")
            if item.program_id not in waits:
                waits[item.program_id] = typical_wait_days(item.program_id)
            wait = waits[item.program_id]
            next_step = _(
                "A coordinator is looking for a volunteer who speaks your language. We will "
                "e-mail you when we find one."
            )
            waited = days_between(item.waiting_since)
            next_step += " " + ngettext(
                "You have waited %(days)s day.", "You have waited %(days)s days.", waited
            ) % {"days": waited}
            if wait is not None:
                next_step += " " + ngettext(
                    "In your programme people usually wait about %(days)s day.",
                    "In your programme people usually wait about %(days)s days.",
                    wait,
                ) % {"days": wait}
        elif item.status == RequestStatus.PAUSED:
            status_text = (
                _("Paused on %(date)s") % {"date": date_format(item.paused_on, "DATE_FORMAT")}
                if item.paused_on
                else _("Paused")
            )
            next_step = _(
                "We did not hear from you, so nobody is looking for a volunteer now. If you "
                "still need help, reopen it: you keep your place in the queue."
            )
            can_reopen = True
        elif item.status == RequestStatus.MATCHED:
            status_text = _("You have a volunteer")
            next_step = _("See your pair's page: how to reach each other and your meetings.")
        elif item.status == RequestStatus.CLOSED:
            status_text = _("Finished")
            next_step = _("This help has ended. You can ask for something else at any time.")
        else:
            status_text = _("Cancelled")
            next_step = _("You can ask for support again at any time.")
        rows.append(
            RequestRow(
                id=item.pk,
                needs=skill_labels(item.needs, language),
                status=str(item.status),
                status_text=status_text,
                next_step=next_step,
                sent_on=date_format(local_date(item.created_at), "DATE_FORMAT"),
                match_url=match_url,
                can_reopen=can_reopen,
            )
        )
    return rows


def newcomer_requests(membership: Membership) -> dict[str, Any]:
    user = membership.user
    requests = list(
        SupportRequest.objects.filter(newcomer__user=user, program=membership.program).order_by(
            "-created_at", "-pk"
        )
    )
    return {"rows": request_rows(user, requests)}
