"""Waiting lists that stay true: "Do you still need help?"

After the programme's `still_needed_after_days` of waiting (counted in calendar days from
the request, or from the newcomer's last "yes"), an open request asks the newcomer by e-mail,
in their language, with signed one-click links that work without signing in. No answer
within ANSWER_DAYS pauses it: it leaves candidates and matching runs (they take open
requests only), coordinators see it paused with the date, and the newcomer reopens it in
one click (home page or the e-mail's link). A reopened request keeps its `waiting_since`.

Each question is an outbox row keyed by the request and the day its period began, so a
sweep that runs twice (or every hour) asks once per period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core import signing
from django.db import transaction
from django_scopes import scopes_disabled

from accounts.audit import audited_update
from accounts.notifications import notification_queue, notification_queue_to_address
from core.clock import days_between, local_date, today
from core.links import site_url
from newcomers.models import RequestStatus, SupportRequest
from newcomers.selectors import newcomer_confirmed

# How long the newcomer has to answer before the request is paused.
ANSWER_DAYS = 14
# How long the e-mail's links work: the answer window and the weeks after a pause, when the
# same "yes" link reopens the request.
LINK_VALID_DAYS = 60
SALT = "newcomers.still-needed"
YES, NO = "yes", "no"


@dataclass
class SweepResult:
    asked: int = 0
    paused: int = 0


def still_needed_token(support_request: SupportRequest) -> str:
    return signing.dumps({"request": support_request.pk}, salt=SALT, compress=True)


def still_needed_url(support_request: SupportRequest, answer: str) -> str:
    return site_url("still-needed-page", still_needed_token(support_request), answer)


class LinkInvalid(Exception):
    pass


def request_of_token(token: str) -> int:
    """The request id a link names; LinkInvalid when forged or older than LINK_VALID_DAYS."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=timedelta(days=LINK_VALID_DAYS))
    except signing.BadSignature:
        raise LinkInvalid from None
    return int(payload["request"])


def _period_start(support_request: SupportRequest) -> date:
    """The day the current waiting period began: the request, or its last "yes"."""
    start = local_date(support_request.waiting_since)
    confirmed = support_request.still_needed_confirmed_on
    return max(start, confirmed) if confirmed else start


def _question_pending(support_request: SupportRequest) -> bool:
    asked = support_request.still_needed_asked_on
    confirmed = support_request.still_needed_confirmed_on
    return asked is not None and (confirmed is None or confirmed < asked)


def still_needed_sweep(*, on: date | None = None) -> SweepResult:
    """Ask where a period has passed, pause where a question went unanswered; safe to run
    any number of times a day."""
    day = on or today()
    result = SweepResult()
    candidates = (
        SupportRequest.objects.filter(status=RequestStatus.OPEN)
        .filter(newcomer_confirmed("newcomer__"))
        .select_related("program", "newcomer__user")
    )
    for support_request in candidates.iterator(chunk_size=500):
        asked = support_request.still_needed_asked_on
        if asked is not None and _question_pending(support_request):
            if days_between(asked, day) >= ANSWER_DAYS and _pause(support_request, day):
                result.paused += 1
            continue
        start = _period_start(support_request)
        due = days_between(start, day) >= support_request.program.still_needed_after_days
        if due and _ask(support_request, period_start=start, day=day):
            result.asked += 1
    return result


def _ask(support_request: SupportRequest, *, period_start: date, day: date) -> bool:
    newcomer = support_request.newcomer
    context = {
        "name": newcomer.first_name,
        "program": support_request.program,
        "since": local_date(support_request.waiting_since),
        "yes_url": still_needed_url(support_request, YES),
        "no_url": still_needed_url(support_request, NO),
        "answer_days": ANSWER_DAYS,
    }
    key = f"still-needed:{support_request.pk}:{period_start.isoformat()}"
    with transaction.atomic():
        if newcomer.user is not None:
            sent = notification_queue(
                user=newcomer.user,
                kind="still-needed",
                key=key,
                template="still_needed",
                context=context,
            )
        elif newcomer.contact_email:
            sent = notification_queue_to_address(
                address=newcomer.contact_email,
                language=newcomer.preferred_language,
                kind="still-needed",
                key=key,
                template="still_needed",
                context=context,
            )
        else:
            return False  # nobody to ask: the coordinator keeps it as it is
        audited_update(
            SupportRequest.objects.filter(pk=support_request.pk, status=RequestStatus.OPEN),
            event="still needed asked",
            still_needed_asked_on=day,
        )
    return sent is not None


def _pause(support_request: SupportRequest, day: date) -> bool:
    with transaction.atomic():
        changed = audited_update(
            SupportRequest.objects.filter(pk=support_request.pk, status=RequestStatus.OPEN),
            event="paused: no answer",
            status=RequestStatus.PAUSED,
            paused_on=day,
        )
        if changed and support_request.newcomer.user is not None:
            notification_queue(
                user=support_request.newcomer.user,
                kind="still-needed-paused",
                key=f"still-needed-paused:{support_request.pk}:{day.isoformat()}",
                template="still_needed_paused",
                context={
                    "name": support_request.newcomer.first_name,
                    "program": support_request.program,
                    "reopen_url": still_needed_url(support_request, YES),
                },
            )
    return bool(changed)


def still_needed_answer(*, request_id: int, answer: str, actor: object = None) -> str:
    """The newcomer's answer: "yes" keeps (or reopens) the request, "no" withdraws it.
    Returns the request's status afterwards; answering twice changes nothing more."""
    day = today()
    # The signed link (or the signed-in owner, checked by the view) is the authority here,
    # not a programme scope: someone following an e-mailed link has none.
    with transaction.atomic(), scopes_disabled():
        support_request = SupportRequest.objects.select_for_update().filter(pk=request_id).first()
        if support_request is None:
            raise LinkInvalid
        if answer == YES and support_request.status in (RequestStatus.OPEN, RequestStatus.PAUSED):
            audited_update(
                SupportRequest.objects.filter(pk=request_id),
                event="still needed: yes" if support_request.status == RequestStatus.OPEN
                else "reopened",
                actor=actor,
                status=RequestStatus.OPEN,
                paused_on=None,
                still_needed_confirmed_on=day,
            )  # fmt: skip
            return RequestStatus.OPEN
        if answer == NO and support_request.status in (RequestStatus.OPEN, RequestStatus.PAUSED):
            audited_update(
                SupportRequest.objects.filter(pk=request_id),
                event="still needed: no",
                actor=actor,
                status=RequestStatus.CANCELLED,
                paused_on=None,
            )
            return RequestStatus.CANCELLED
        return str(support_request.status)
