"""Each coordinator's weekly digest (issue #6): what waits for them in each of their programmes.

- One e-mail per coordinator and ISO week (key `coordinator-digest:{user}:{ISO year}-W{week}`,
  the week of `as_of`), in the coordinator's language, however often the task runs that week.
- Per programme: support requests waiting (open) and how many of them arrived in the last
  seven days; the matches at risk, listed with both names and the days they have been quiet
  (quietest first); the commitments completed in the last seven days; and the matches that ran
  their time without enough check-ins, waiting for a decision. With links to the
  coordinators' pages.
- A coordinator with nothing in any of these gets no e-mail that week (a later run of the same
  week that finds something sends it).
- Five queries whatever the number of coordinators and matches, then the bulk outbox.

"The last seven days" are the seven calendar days before `as_of` (Europe/Warsaw), so Monday's
digest covers Monday to Sunday of the week before.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from accounts.models import Program
from accounts.notifications import Outgoing, notifications_queue_many
from accounts.selectors import coordinator_memberships
from commitments.calendar import quiet_days
from core import clock
from core.collation import sorted_for_reader
from matching.models import Attention, Match, MatchAction, MatchDecision, MatchHealth, MatchStatus
from newcomers.models import RequestStatus
from newcomers.selectors import confirmed_requests

WINDOW_DAYS = 7


@dataclass(frozen=True)
class AtRiskLine:
    volunteer_name: str
    newcomer_name: str
    quiet_days: int


@dataclass
class ProgramDigest:
    program: Program
    requests_waiting: int = 0
    requests_new: int = 0
    completed: int = 0
    commitment_unmet: int = 0
    at_risk: list[AtRiskLine] = field(default_factory=list)

    @property
    def has_news(self) -> bool:
        return bool(
            self.requests_waiting or self.completed or self.commitment_unmet or self.at_risk
        )


def digest_key(*, coordinator_id: int, as_of: date) -> str:
    year, week, _weekday = as_of.isocalendar()
    return f"coordinator-digest:{coordinator_id}:{year}-W{week:02d}"


def program_digests(*, program_ids: list[int], as_of: date) -> dict[int, ProgramDigest]:
    """The digest's figures for each programme (four queries)."""
    window_start = clock.start_of(as_of - timedelta(days=WINDOW_DAYS))
    window_end = clock.start_of(as_of)
    digests = {
        program.pk: ProgramDigest(program=program)
        for program in Program.directory.filter(pk__in=program_ids).order_by("name")
    }
    requests = (
        confirmed_requests()
        .filter(program_id__in=program_ids, status=RequestStatus.OPEN)
        .values("program_id")
        .annotate(
            waiting=Count("pk"),
            new=Count("pk", filter=Q(created_at__gte=window_start, created_at__lt=window_end)),
        )
    )
    for row in requests:
        digests[row["program_id"]].requests_waiting = row["waiting"]
        digests[row["program_id"]].requests_new = row["new"]
    completions = (
        MatchDecision.objects.filter(
            match__program_id__in=program_ids,
            action=MatchAction.COMPLETED,
            at__gte=window_start,
            at__lt=window_end,
        )
        .values("match__program_id")
        .annotate(count=Count("match_id", distinct=True))
    )
    for row in completions:
        digests[row["match__program_id"]].completed = row["count"]
    active = Match.objects.filter(program_id__in=program_ids, status=MatchStatus.ACTIVE)
    unmet = (
        active.filter(attention=Attention.COMMITMENT_UNMET)
        .values("program_id")
        .annotate(count=Count("pk"))
    )
    for row in unmet:
        digests[row["program_id"]].commitment_unmet = row["count"]
    at_risk = (
        active.filter(health=MatchHealth.AT_RISK)
        .annotate(quiet=Coalesce("last_check_in_on", "started_on"))
        .select_related("volunteer__user", "newcomer__user")
        .order_by("quiet", "pk")
    )
    for match in at_risk:
        digests[match.program_id].at_risk.append(
            AtRiskLine(
                volunteer_name=match.volunteer.user.full_name,
                newcomer_name=match.newcomer.display_name,
                quiet_days=quiet_days(match.started_on, match.last_check_in_on, as_of),  # type: ignore[arg-type]
            )
        )
    return digests


def coordinator_digests_send(*, as_of: date) -> int:
    """Store (and enqueue) this week's digest for every coordinator with news; returns how
    many were stored by this call."""
    memberships = list(coordinator_memberships().order_by("user_id", "program_id"))
    digests = program_digests(
        program_ids=sorted({membership.program_id for membership in memberships}), as_of=as_of
    )
    programs_of: dict[int, list[ProgramDigest]] = defaultdict(list)
    users = {}
    for membership in memberships:
        users[membership.user_id] = membership.user
        programs_of[membership.user_id].append(digests[membership.program_id])
    year, week, _weekday = as_of.isocalendar()
    outgoing = []
    for user_id, programs in programs_of.items():
        language = users[user_id].preferred_language
        programs = sorted_for_reader(
            programs,
            key=lambda digest: digest.program.in_language("name", language),
            language=language,
        )
        if not any(digest.has_news for digest in programs):
            continue
        outgoing.append(
            Outgoing(
                user=users[user_id],
                kind="coordinator_digest",
                key=digest_key(coordinator_id=user_id, as_of=as_of),
                template="coordinator_digest",
                context={"programs": programs, "as_of": as_of, "week": f"{year}-W{week:02d}"},
            )
        )
    return len(notifications_queue_many(outgoing))
