"""The daily commitment sweep (issue #6): reminders, at-risk flags, completions and surveys.

The rules, for a day `as_of` (a Europe/Warsaw calendar day; the calendar arithmetic is
`commitments.calendar`'s):
- Quiet: an active match is quiet since its last check-in, or its start without one. Quiet for
  the programme's `reminder_after_days` (21 by default: quiet since 1 March, due on 22 March)
  while `on_track`, it becomes `reminded` and both people get one reminder. Quiet for
  `at_risk_after_days` (35) while not yet `at_risk`, it becomes `at_risk` and every
  coordinator of the programme is told; a match first seen past both thresholds gets both
  e-mails at once. A check-in resets the health (the check-in service does that), so the next
  quiet period is a new occasion with new keys. Quiet rules stop once the commitment ran its
  time: what happens then is the completion rule's.
- Completion: once `commitment_ends_on` has passed (`commitment_ends_on < as_of`: the
  commitment's months are half-open, so the end day itself is the first day after it, and the
  sweep of the day after completes it), a match with a check-in in each month of the
  commitment but `tolerated_gap_months` becomes `completed` (`ended_on` = the end of the
  commitment, a `completed` decision by nobody), the volunteer's place is freed, the request
  is `closed`, and both people are thanked. One without enough check-ins stays active with
  `attention = commitment_unmet` for a coordinator to decide; a match that already holds
  another attention keeps it (it is before the coordinator anyway) and is judged again the
  next day, so a check-in entered late can still complete it.
- Surveys: while the commitment runs (`as_of <= commitment_ends_on`), the survey of number
  `survey_number_due(started_on, as_of)` (1 on day 30, 2 on day 90, ...) is sent to both
  people unless it was sent already; a sweep missed on the due day sends it the next day.

Every e-mail is a `Notification` row with a unique key naming the occasion:
`match-reminder:{match}:{user}:{quiet since}`, `match-at-risk:{match}:{coordinator}:{quiet
since}`, `match-completed:{match}:{user}`, `match-survey:{match}:{user}:{number}`. Running the
sweep twice, or two at once, stores nothing twice, so nothing is sent twice.

How it runs:
- `commitments_sweep` selects, per programme (programmes are few), the ids of the matches due
  each kind of work with one set-based query per kind, and cuts them into chunks of
  `chunk_size`. It hands each chunk to `enqueue` (the Celery task fans them out as
  `matching.monitor_commitments_chunk`), or without one processes them inline (the management
  command, the tests and the bench).
- `chunk_process` does one chunk in one transaction: it locks the chunk's matches that are
  still due (re-checked: a check-in may have arrived since the selection, another worker may
  have done the chunk), changes their state with set-based conditional updates, and stores
  their e-mails with `notifications_queue_many`; sending is enqueued after commit. It reads
  the matches and both people as rows of values, and reverses and signs the e-mails' links
  once a chunk: what is left per e-mail is a string merge (bench/README.md, issue 23). A state
  change commits together with its e-mails, so a worker killed mid-chunk leaves the chunk as
  it was and the next sweep selects it again, and a chunk delivered twice finds nothing due.
  A chunk costs a fixed handful of queries whatever its size; none runs per match.
- Each sweep also re-enqueues the sending of its kinds' e-mails that were stored but never sent
  (`notifications_resend_stale`), so a rerun after a crash finishes the delivery too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Greatest, Now
from django.utils import timezone

from accounts.audit import audited_update
from accounts.models import Notification, Program
from accounts.notifications import (
    Addressee,
    Outgoing,
    notifications_queue_many,
    notifications_resend_stale,
)
from accounts.selectors import coordinators_of
from accounts.services import program_pool_changed
from commitments.calendar import (
    commitment_kept,
    latest_cutoff,
    quiet_since,
    survey_number_due,
)
from commitments.models import CheckIn
from commitments.surveys import survey_urls
from core import clock
from core.links import site_urls
from core.names import first_name_of
from matching.concern_links import concern_urls
from matching.models import Attention, Match, MatchAction, MatchDecision, MatchHealth, MatchStatus
from newcomers.models import NewcomerProfile, RequestStatus, SupportRequest
from volunteers.models import VolunteerProfile
from volunteers.services import volunteer_statuses_derive

CHUNK_SIZE = 500

QUIET = "quiet"  # reminders and at-risk flags
ENDING = "ending"  # completions and commitments unmet
SURVEY = "survey"
KINDS = (QUIET, ENDING, SURVEY)

NOTIFICATION_KINDS = ("match_reminder", "match_at_risk", "match_completed", "match_survey")
# A rerun re-sends what was stored this long ago and never sent.
RESEND_WITHIN_DAYS = 7

# Receives (kind, programme id, match ids, as_of) for one chunk.
Enqueue = Callable[[str, int, list[int], date], None]


@dataclass
class SweepResult:
    """What a sweep (or one chunk) did: matches per outcome and e-mails stored.

    With chunks processed inline these are the changes made; when the chunks are enqueued,
    the matches selected as due (the chunks re-check them) and `notifications` stays 0.
    """

    reminded: int = 0
    at_risk: int = 0
    completed: int = 0
    commitment_unmet: int = 0
    surveys: int = 0
    notifications: int = 0
    resent: int = 0
    chunks: int = 0

    def add(self, other: SweepResult) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    def as_dict(self) -> dict[str, int]:
        return {item.name: getattr(self, item.name) for item in fields(self)}


# Selection ----------------------------------------------------------------------------------


def _active(program: Program) -> QuerySet[Match]:
    """Running matches the sweep may touch: one paused for a safeguarding review gets no
    reminder, survey, at-risk mail or completion until a lead decides."""
    return Match.objects.filter(program=program, status=MatchStatus.ACTIVE, paused_at__isnull=True)


def quiet_due(program: Program, as_of: date) -> QuerySet[Match]:
    """Running matches quiet past a threshold whose health has not caught up (annotated
    with `quiet`, the day they are quiet since)."""
    reminder_cutoff = latest_cutoff(as_of, program.reminder_after_days)
    at_risk_cutoff = latest_cutoff(as_of, program.at_risk_after_days)
    return (
        _active(program)
        .filter(commitment_ends_on__gte=as_of)
        .annotate(quiet=Coalesce("last_check_in_on", "started_on"))
        .filter(
            Q(health=MatchHealth.ON_TRACK, quiet__lte=reminder_cutoff)
            | (Q(quiet__lte=at_risk_cutoff) & ~Q(health=MatchHealth.AT_RISK))
        )
    )


def ending_due(program: Program, as_of: date) -> QuerySet[Match]:
    """Active matches whose commitment has passed and which are not already waiting for a
    coordinator's decision about it."""
    return (
        _active(program)
        .filter(commitment_ends_on__lt=as_of)
        .exclude(attention=Attention.COMMITMENT_UNMET)
    )


def _survey_number(program: Program, as_of: date) -> Case:
    """`survey_number_due` in SQL: number k is due for a start in
    (as_of - 30 - 60k, as_of - 30 - 60(k - 1)]."""
    oldest_running_start = as_of - timedelta(days=31 * program.commitment_months + 1)
    whens = []
    for number in range(1, survey_number_due(oldest_running_start, as_of) + 1):
        newest = as_of - timedelta(days=30 + 60 * (number - 1))
        oldest_excluded = as_of - timedelta(days=30 + 60 * number)
        whens.append(
            When(started_on__lte=newest, started_on__gt=oldest_excluded, then=Value(number))
        )
    return Case(*whens, default=Value(0), output_field=IntegerField())


# The sweep's mail to or about a pair, by the start of its key (the formats above).
PAIR_MAIL_KEYS = ("match-reminder", "match-survey", "match-at-risk")


def pair_mail(match_id: int) -> Q:
    """The sweep's stored mail about one pair (to cancel what is queued when it pauses)."""
    found = Q()
    for kind in PAIR_MAIL_KEYS:
        found |= Q(key__startswith=f"{kind}:{match_id}:")
    return found


def survey_key(*, match_id: int, user_id: int, number: int) -> str:
    return f"match-survey:{match_id}:{user_id}:{number}"


def survey_due(program: Program, as_of: date) -> QuerySet[Match]:
    """Running matches whose current survey has not been sent (the volunteer's invitation is
    the marker: both people's are stored in the same transaction)."""
    sent = Notification.objects.filter(key=OuterRef("survey_key"))
    return (
        _active(program)
        .filter(commitment_ends_on__gte=as_of, started_on__lte=as_of - timedelta(days=30))
        .annotate(survey_number=_survey_number(program, as_of))
        .filter(survey_number__gte=1)
        .annotate(
            survey_key=Concat(
                Value("match-survey:"),
                Cast("pk", CharField()),
                Value(":"),
                Cast("volunteer__user_id", CharField()),
                Value(":"),
                Cast("survey_number", CharField()),
                output_field=CharField(),
            )
        )
        .filter(~Exists(sent))
    )


SELECTIONS: dict[str, Callable[[Program, date], QuerySet[Match]]] = {
    QUIET: quiet_due,
    ENDING: ending_due,
    SURVEY: survey_due,
}


# The sweep ----------------------------------------------------------------------------------


def commitments_sweep(
    *, as_of: date, chunk_size: int = CHUNK_SIZE, enqueue: Enqueue | None = None
) -> SweepResult:
    """Select what is due on `as_of` and process it in chunks, inline or through `enqueue`.

    Three queries per programme select the ids, whatever the number of matches.
    """
    result = SweepResult()
    for program in Program.directory.order_by("pk"):
        for kind in KINDS:
            ids = list(SELECTIONS[kind](program, as_of).order_by("pk").values_list("pk", flat=True))
            for first in range(0, len(ids), chunk_size):
                chunk = ids[first : first + chunk_size]
                result.chunks += 1
                if enqueue is not None:
                    enqueue(kind, program.pk, chunk, as_of)
                    result.add(_selected(kind, len(chunk)))
                else:
                    result.add(
                        chunk_process(kind=kind, program=program, match_ids=chunk, as_of=as_of)
                    )
    # By the clock, not `as_of`: an operator may sweep for another day.
    since = timezone.now() - timedelta(days=RESEND_WITHIN_DAYS)
    result.resent = notifications_resend_stale(kinds=NOTIFICATION_KINDS, since=since)
    return result


def _selected(kind: str, count: int) -> SweepResult:
    if kind == QUIET:
        return SweepResult(reminded=count)
    if kind == ENDING:
        return SweepResult(completed=count)
    return SweepResult(surveys=count)


def chunk_process(
    *, kind: str, program: Program, match_ids: Iterable[int], as_of: date
) -> SweepResult:
    """Do one chunk of one kind, in one transaction (see the module docstring)."""
    ids = list(match_ids)
    with transaction.atomic():
        if kind == QUIET:
            return _quiet_chunk(program, ids, as_of)
        if kind == ENDING:
            return _ending_chunk(program, ids, as_of)
        if kind == SURVEY:
            return _survey_chunk(program, ids, as_of)
    raise ValueError(f"unknown kind of sweep work: {kind!r}")


class _Due(NamedTuple):
    """A match of a chunk as the chunk reads it: its values and both people's, not model
    instances (five of them a match were an eighth of the worst-case sweep)."""

    pk: int
    health: str
    started_on: date
    commitment_ends_on: date
    last_check_in_on: date | None
    request_id: int
    volunteer_id: int
    volunteer: Addressee
    newcomer: Addressee | None  # None: a newcomer without an account
    newcomer_name: str

    @property
    def quiet_since(self) -> date:
        return quiet_since(self.started_on, self.last_check_in_on)

    def people(self) -> list[tuple[Addressee, str]]:
        """Each person of the match with their partner's name (a newcomer without an account
        hears from the coordinator instead)."""
        # First names only: the pair never learn each other's surnames from us.
        people = [(self.volunteer, first_name_of(self.newcomer_name))]
        if self.newcomer is not None:
            people.append((self.newcomer, self.volunteer.first_name))
        return people


_DUE_VALUES = (
    "pk",
    "health",
    "started_on",
    "commitment_ends_on",
    "last_check_in_on",
    "request_id",
    "volunteer_id",
    "volunteer__user_id",
    "volunteer__user__full_name",
    "volunteer__user__preferred_language",
    "newcomer__user_id",
    "newcomer__user__full_name",
    "newcomer__user__preferred_language",
    "newcomer__full_name",
)


def _due(queryset: QuerySet[Match], ids: list[int], *, lock: bool = True) -> list[_Due]:
    """The chunk's rows still due, with both people, in id order; locked unless `lock` is
    False (no deadlocks between two chunks over the same rows: the second waits, then finds
    them no longer due)."""
    queryset = queryset.filter(pk__in=ids).order_by("pk")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    due = []
    for (
        pk,
        health,
        started_on,
        ends_on,
        last_check_in_on,
        request_id,
        volunteer_id,
        volunteer_user_id,
        volunteer_name,
        volunteer_language,
        newcomer_user_id,
        newcomer_account_name,
        newcomer_language,
        newcomer_profile_name,
    ) in queryset.values_list(*_DUE_VALUES):
        newcomer = (
            Addressee(newcomer_user_id, newcomer_account_name, newcomer_language)
            if newcomer_user_id is not None
            else None
        )
        due.append(
            _Due(
                pk=pk,
                health=health,
                started_on=started_on,
                commitment_ends_on=ends_on,
                last_check_in_on=last_check_in_on,
                request_id=request_id,
                volunteer_id=volunteer_id,
                volunteer=Addressee(volunteer_user_id, volunteer_name, volunteer_language),
                newcomer=newcomer,
                newcomer_name=NewcomerProfile.name_shown(
                    account_name=newcomer_account_name if newcomer is not None else None,
                    profile_name=newcomer_profile_name,
                ),
            )
        )
    return due


def match_urls() -> Callable[[int], str]:
    """The participants' match page for any match id, reversed once: a chunk writes it into a
    thousand e-mails, and reversing it for each was a fifth of the worst-case sweep's time
    (bench/README.md)."""
    return site_urls("participant-match-page")


def _quiet_context(program: Program, match: _Due, as_of: date) -> dict[str, Any]:
    """Since when a match has been quiet and for how many days: what both its participants'
    reminder and its coordinators' at-risk notice say."""
    since = match.quiet_since
    return {
        "program": program,
        "quiet_since": since,
        "quiet_days": clock.days_between(since, as_of),
    }


def _quiet_chunk(program: Program, ids: list[int], as_of: date) -> SweepResult:
    at_risk_cutoff = latest_cutoff(as_of, program.at_risk_after_days)
    matches = _due(quiet_due(program, as_of), ids)
    to_remind = [match for match in matches if match.health == MatchHealth.ON_TRACK]
    to_flag = [match for match in matches if match.quiet_since <= at_risk_cutoff]
    flagged_ids = {match.pk for match in to_flag}
    now = timezone.now()
    # Conditional as well as locked: SQLite has no row locks.
    Match.objects.filter(
        pk__in=[match.pk for match in to_remind if match.pk not in flagged_ids],
        health=MatchHealth.ON_TRACK,
    ).update(health=MatchHealth.REMINDED, updated_at=now)
    Match.objects.filter(pk__in=flagged_ids).exclude(health=MatchHealth.AT_RISK).update(
        health=MatchHealth.AT_RISK, updated_at=now
    )
    outgoing: list[Outgoing] = []
    url_of, concern_url_of = match_urls(), concern_urls()
    for match in to_remind:
        quiet = _quiet_context(program, match, as_of)
        url = url_of(match.pk)
        for user, partner in match.people():
            outgoing.append(
                Outgoing(
                    user=user,
                    kind="match_reminder",
                    key=f"match-reminder:{match.pk}:{user.pk}:{quiet['quiet_since'].isoformat()}",
                    template="match_reminder",
                    context=quiet,
                    merge={
                        "partner": partner,
                        "match_url": url,
                        "concern_url": concern_url_of(match.pk, user.pk),
                    },
                )
            )
    if to_flag:
        coordinators = coordinators_of(program.pk)
        for match in to_flag:
            quiet = _quiet_context(program, match, as_of)
            since = quiet["quiet_since"].isoformat()
            for coordinator in coordinators:
                outgoing.append(
                    Outgoing(
                        user=coordinator,
                        kind="match_at_risk",
                        key=f"match-at-risk:{match.pk}:{coordinator.pk}:{since}",
                        template="match_at_risk",
                        context=quiet,
                        merge={
                            "volunteer_name": match.volunteer.full_name,
                            "newcomer_name": match.newcomer_name,
                        },
                    )
                )
    stored = notifications_queue_many(outgoing)
    # A match past both thresholds at once counts under both.
    return SweepResult(reminded=len(to_remind), at_risk=len(to_flag), notifications=len(stored))


def _ending_chunk(program: Program, ids: list[int], as_of: date) -> SweepResult:
    matches = _due(ending_due(program, as_of), ids)
    check_ins: dict[int, list[date]] = defaultdict(list)
    for match_id, day in CheckIn.objects.filter(match_id__in=[m.pk for m in matches]).values_list(
        "match_id", "date"
    ):
        check_ins[match_id].append(day)
    kept = [
        match
        for match in matches
        if commitment_kept(
            match.started_on,
            match.commitment_ends_on,
            check_ins[match.pk],
            tolerated_gaps=program.tolerated_gap_months,
        )
    ]
    kept_ids = {match.pk for match in kept}
    unmet_ids = [match.pk for match in matches if match.pk not in kept_ids]
    now = timezone.now()
    unmet = audited_update(
        Match.objects.filter(pk__in=unmet_ids, attention=""),
        event=Attention.COMMITMENT_UNMET,
        attention=Attention.COMMITMENT_UNMET,
        attention_at=now,
        updated_at=now,
    )
    completed = _complete(program, kept, now)
    url_of, concern_url_of = match_urls(), concern_urls()
    outgoing = [
        Outgoing(
            user=user,
            kind="match_completed",
            key=f"match-completed:{match.pk}:{user.pk}",
            template="match_completed",
            context={
                "program": program,
                "started_on": match.started_on,
                "ended_on": match.commitment_ends_on,
            },
            merge={
                "partner": partner,
                "match_url": url_of(match.pk),
                "concern_url": concern_url_of(match.pk, user.pk),
            },
        )
        for match in completed
        for user, partner in match.people()
    ]
    stored = notifications_queue_many(outgoing)
    return SweepResult(completed=len(completed), commitment_unmet=unmet, notifications=len(stored))


def _complete(program: Program, kept: list[_Due], now: datetime) -> list[_Due]:
    """Complete the locked, kept matches: set-based, a few queries whatever their number."""
    if not kept:
        return []
    kept_ids = [match.pk for match in kept]
    audited_update(
        Match.objects.filter(pk__in=kept_ids, status=MatchStatus.ACTIVE),
        event=MatchAction.COMPLETED,
        status=MatchStatus.COMPLETED,
        ended_on=F("commitment_ends_on"),
        decided_by=None,
        decided_at=now,
        updated_at=now,
    )
    MatchDecision.objects.bulk_create(
        [MatchDecision(match_id=pk, action=MatchAction.COMPLETED, by=None) for pk in kept_ids]
    )
    # `volunteers.services.volunteer_active_matches_add(delta=-1)`, for many volunteers at
    # once: one decrement per distinct number of places a volunteer gets back.
    places = Counter(match.volunteer_id for match in kept)
    by_places: dict[int, list[int]] = defaultdict(list)
    for volunteer_id, count in places.items():
        by_places[count].append(volunteer_id)
    for count, volunteer_ids in by_places.items():
        VolunteerProfile.objects.filter(pk__in=volunteer_ids).update(
            active_matches=Greatest(F("active_matches") - count, Value(0)), updated_at=Now()
        )
    volunteer_statuses_derive(volunteers=VolunteerProfile.objects.filter(pk__in=list(places)))
    program_pool_changed(program_id=program.pk, volunteer_ids=places)
    audited_update(
        SupportRequest.objects.filter(
            pk__in=[match.request_id for match in kept], status=RequestStatus.MATCHED
        ),
        event=MatchAction.COMPLETED,
        status=RequestStatus.CLOSED,
        updated_at=now,
    )
    return kept


def _survey_chunk(program: Program, ids: list[int], as_of: date) -> SweepResult:
    # No state changes: the unique keys alone make a second delivery store nothing.
    matches = _due(_active(program).filter(commitment_ends_on__gte=as_of), ids, lock=False)
    outgoing: list[Outgoing] = []
    invited = 0
    survey_url_of, concern_url_of = survey_urls(), concern_urls()
    for match in matches:
        number = survey_number_due(match.started_on, as_of)
        if number < 1:
            continue
        invited += 1
        for user, partner in match.people():
            outgoing.append(
                Outgoing(
                    user=user,
                    kind="match_survey",
                    key=survey_key(match_id=match.pk, user_id=user.pk, number=number),
                    template="match_survey",
                    context={"program": program, "number": number},
                    merge={
                        "partner": partner,
                        "survey_url": survey_url_of(match.pk, user.pk, number),
                        "concern_url": concern_url_of(match.pk, user.pk),
                    },
                )
            )
    stored = notifications_queue_many(outgoing)
    return SweepResult(surveys=invited, notifications=len(stored))
