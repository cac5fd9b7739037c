"""A programme's statistics for a calendar year: what coordinators see, exact.

Counted in a fixed number of aggregate queries whatever the programme's size (thirteen: see
`program_statistics`). Days are calendar days in the deployment's time zone. For a year Y,
`start` is 1 January Y, `end` 31 December Y, and the `cut-off` is `end` for a past year and
today for the current year (a future year is not allowed). A match "runs" from `started_on` to
its last day: `ended_on` when it ended early or was completed, else (completed without an end
date) `commitment_ends_on`; an active match has no last day yet. Only matches that started
(active, completed, ended early) count; proposals and rejections never do.

- `volunteers_registered`: volunteer profiles of the programme created by the end of Y.
- `volunteers_trained`: of those, the volunteers who on the cut-off day held a valid
  completion (completed by then, not expired on that day) of every required, active module of
  the programme: the rule of `training.services` applied on that day. For the current year it
  agrees with the volunteers' `trained` flag.
- `newcomers_supported`: distinct newcomers with a match running at some point in Y.
- `requests_open`: support requests open now whose wait began by the end of Y. No history of
  request states is kept, so for a past year this is what was already waiting then and still
  waits now, not a reconstruction of that year's queue.
- `requests_received`: support requests created in Y.
- `matches_active`: matches running on the cut-off day (started by then, not finished before or
  on it).
- `matches_started`: matches that started in Y.
- `volunteers_mentoring`: distinct volunteers with a match running at some point in Y (the
  impact report's headline: "N residents mentored newcomers this year").
- `commitments_completed`: matches `completed` whose last day fell in Y.
- `certificates_issued`: certificates issued in Y that are not revoked.
- `check_in_hours`: minutes of all check-ins dated in Y, divided by 60, one decimal.
- `concerns_raised`, `concerns_closed`: safeguarding concerns raised, and closed, in Y (counts
  only; published suppressed, and not in the coordinators' statistics API).
- `by_need`: for each need code, the matches running in Y whose request lists it (a request
  with two needs counts for both); codes with no match are left out.
- `by_language`: for each first language, the newcomers supported in Y who have it as their
  first language; newcomers without one are left out.
- `by_district`: for each place where newcomers supported in Y live, as geocoded (a city
  district such as "Mokotów" where known, else the town); unknown places are left out.
- `by_month`: for each month of Y, `matches_started`, `commitments_completed`,
  `requests_received` and `check_in_hours` of that month.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractMonth
from django.utils.translation import gettext as _

from accounts.models import Program
from certificates.models import Certificate
from commitments.hours import hours_of
from commitments.models import CheckIn
from core import clock
from core.vocabulary import SKILLS
from matching.models import Match, MatchStatus
from newcomers.models import RequestStatus, SupportRequest
from safeguarding.models import Concern
from training.models import TrainingCompletion, TrainingModule
from volunteers.models import VolunteerProfile

FIRST_YEAR = 2000
STARTED_STATUSES = (MatchStatus.ACTIVE, MatchStatus.COMPLETED, MatchStatus.ENDED)
MONTHLY_FIGURES = (
    "matches_started",
    "commitments_completed",
    "requests_received",
    "check_in_hours",
)


@dataclass(frozen=True)
class Period:
    year: int
    start: date
    end: date
    cutoff: date

    @property
    def starts_at(self) -> datetime:
        return clock.start_of(self.start)

    @property
    def ends_before(self) -> datetime:
        """The first moment after the year (an exclusive bound for timestamps)."""
        return clock.start_of(self.end + timedelta(days=1))


@dataclass(frozen=True)
class ProgramStatistics:
    year: int
    volunteers_registered: int
    volunteers_trained: int
    volunteers_mentoring: int
    newcomers_supported: int
    requests_open: int
    requests_received: int
    matches_active: int
    matches_started: int
    commitments_completed: int
    certificates_issued: int
    check_in_hours: float
    # Safeguarding concerns raised and closed in the year: counts only, published with the
    # small-count suppression (never in the coordinators' API, which other coordinators read).
    concerns_raised: int = 0
    concerns_closed: int = 0
    by_need: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)
    by_district: dict[str, int] = field(default_factory=dict)
    by_month: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def report_years(program: Program) -> list[int]:
    """The years a coordinator can choose for `program`, newest first: from the year it was
    created (in the programme's time zone) to this one."""
    this_year = clock.today().year
    first = min(clock.local_date(program.created_at).year, this_year)
    return list(range(this_year, first - 1, -1))


def period_of(year: int, today: date | None = None) -> Period:
    """The period of `year`; a ValidationError on `year` for a future or implausible year."""
    today = today or clock.today()
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationError(
            {
                "year": _("Give a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": today.year}
            }
        )
    end = date(year, 12, 31)
    return Period(year=year, start=date(year, 1, 1), end=end, cutoff=min(end, today))


def _running_matches(program: Program) -> QuerySet[Match]:
    last_day = Coalesce(
        "ended_on",
        Case(
            When(status=MatchStatus.COMPLETED, then=F("commitment_ends_on")),
            default=Value(None),
            output_field=DateField(),
        ),
        output_field=DateField(),
    )
    return (
        Match.objects.filter(program=program, status__in=STARTED_STATUSES)
        .exclude(started_on__isnull=True)
        .alias(last_day=last_day)
        .order_by()
    )


def _running_in(period: Period) -> Q:
    return Q(started_on__lte=period.end) & (
        Q(last_day__isnull=True) | Q(last_day__gte=period.start)
    )


# How long a trained count stays cached: every write of completions bumps the programme's
# `training_version` in its key, so this bounds only the memory used.
TRAINED_CACHE_SECONDS = 600


def _volunteer_figures(program: Program, period: Period) -> tuple[int, int]:
    """Registered and trained volunteers: two queries.

    The trained count groups every completion of the programme (~170 ms at 60,000 volunteers,
    the dashboard's slowest statement), so it is cached under what it depends on: the
    programme (and its `created_at`, against a reused id), its `training_version` (bumped in
    the transaction of every write of completions, read here with the required modules), the
    required modules, the period and its cut-off day (completions expire by the calendar).
    A volunteer registered since cannot change it: they have no completion yet. Registered
    volunteers are always counted afresh.
    """
    registered = VolunteerProfile.objects.filter(program=program, created_at__lt=period.ends_before)
    required = TrainingModule.objects.filter(program=program, is_required=True, is_active=True)
    version = Program.directory.filter(pk=program.pk).values("training_version")
    rows = list(required.order_by("pk").values_list("pk", Subquery(version)))
    required_count = len(rows)
    if not required_count:  # with nothing required, everyone is trained
        count = registered.order_by().count()
        return count, count
    key = "reports:trained:" + ":".join(
        str(part)
        for part in (
            program.pk,
            program.created_at.timestamp(),
            rows[0][1],
            ",".join(str(pk) for pk, _version in rows),
            period.ends_before.isoformat(),
            period.cutoff.isoformat(),
        )
    )
    trained = cache.get(key)
    if trained is not None:
        return registered.order_by().count(), trained
    # The volunteers with every required module valid on the cutoff, in one grouped pass over
    # the completions: a subquery per volunteer made the dashboard's slowest statement at
    # 60,000 volunteers (bench/README.md). The modules read above, those of the key.
    complete = (
        TrainingCompletion.objects.filter(
            module__in=[pk for pk, _version in rows], completed_on__lte=period.cutoff
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=period.cutoff))
        .order_by()
        .values("volunteer")
        .annotate(modules=Count("module", distinct=True))
        .filter(modules__gte=required_count)
        .values("volunteer")
    )
    figures = registered.aggregate(
        registered=Count("pk"), trained=Count("pk", filter=Q(pk__in=complete))
    )
    cache.set(key, figures["trained"], TRAINED_CACHE_SECONDS)
    return figures["registered"], figures["trained"]


def _match_figures(program: Program, period: Period) -> dict[str, Any]:
    """Headline match figures and by_need in one aggregate query."""
    running = _running_in(period)
    needs: dict[str, Any] = {
        f"need_{term.code}": Count("pk", filter=running & Q(needs_text__contains=f'"{term.code}"'))
        for term in SKILLS
    }
    figures = (
        _running_matches(program)
        .alias(needs_text=Cast("request__needs", output_field=TextField()))
        .aggregate(
            newcomers_supported=Count("newcomer", distinct=True, filter=running),
            volunteers_mentoring=Count("volunteer", distinct=True, filter=running),
            matches_active=Count(
                "pk",
                filter=Q(started_on__lte=period.cutoff)
                & (Q(last_day__isnull=True) | Q(last_day__gt=period.cutoff)),
            ),
            matches_started=Count(
                "pk", filter=Q(started_on__gte=period.start, started_on__lte=period.end)
            ),
            commitments_completed=Count(
                "pk",
                filter=Q(
                    status=MatchStatus.COMPLETED,
                    last_day__gte=period.start,
                    last_day__lte=period.end,
                ),
            ),
            **needs,
        )
    )
    by_need = {
        term.code: figures.pop(f"need_{term.code}")
        for term in SKILLS
        if figures[f"need_{term.code}"]
    }
    figures["by_need"] = _descending(by_need)
    return figures


def _newcomers_by(program: Program, period: Period, field_name: str) -> dict[str, int]:
    rows = (
        _running_matches(program)
        .filter(_running_in(period))
        .exclude(**{field_name: ""})
        .values(field_name)
        .annotate(count=Count("newcomer", distinct=True))
    )
    return _descending({row[field_name]: row["count"] for row in rows})


def _by_month(program: Program, period: Period) -> list[dict[str, Any]]:
    """Four grouped queries, one a figure."""
    started = (
        _running_matches(program)
        .filter(started_on__gte=period.start, started_on__lte=period.end)
        .annotate(month=ExtractMonth("started_on"))
        .values("month")
        .annotate(count=Count("pk"))
    )
    completed = (
        _running_matches(program)
        .filter(
            Q(status=MatchStatus.COMPLETED, last_day__gte=period.start, last_day__lte=period.end)
        )
        .annotate(month=ExtractMonth("last_day"))
        .values("month")
        .annotate(count=Count("pk"))
    )
    received = (
        SupportRequest.objects.filter(
            program=program, created_at__gte=period.starts_at, created_at__lt=period.ends_before
        )
        .order_by()
        .annotate(month=ExtractMonth("created_at"))
        .values("month")
        .annotate(count=Count("pk"))
    )
    minutes = (
        CheckIn.objects.filter(program=program, date__gte=period.start, date__lte=period.end)
        .order_by()
        .annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(count=Sum("duration_minutes"))
    )
    series = {
        "matches_started": {row["month"]: row["count"] for row in started},
        "commitments_completed": {row["month"]: row["count"] for row in completed},
        "requests_received": {row["month"]: row["count"] for row in received},
        "check_in_minutes": {row["month"]: row["count"] for row in minutes},
    }
    return [
        {
            "month": f"{period.year}-{month:02d}",
            "matches_started": series["matches_started"].get(month, 0),
            "commitments_completed": series["commitments_completed"].get(month, 0),
            "requests_received": series["requests_received"].get(month, 0),
            "check_in_hours": hours_of(series["check_in_minutes"].get(month, 0)),
            "check_in_minutes": series["check_in_minutes"].get(month, 0),
        }
        for month in range(1, 13)
    ]


def program_statistics(
    *, program: Program, year: int, today: date | None = None
) -> ProgramStatistics:
    """The figures defined in this module's docstring; thirteen queries whatever the size.

    Queries: registered volunteers, required modules, trained volunteers, the match aggregate
    (with by_need), by_language, by_district, four monthly series, open requests, certificates,
    safeguarding concerns raised and closed.
    """
    period = period_of(year, today)
    registered, trained = _volunteer_figures(program, period)
    matches = _match_figures(program, period)
    months = _by_month(program, period)
    requests_open = (
        SupportRequest.objects.filter(
            program=program, status=RequestStatus.OPEN, waiting_since__lt=period.ends_before
        )
        .order_by()
        .count()
    )
    certificates = (
        Certificate.objects.filter(
            program=program,
            issued_on__gte=period.start,
            issued_on__lte=period.end,
            revoked_at__isnull=True,
        )
        .order_by()
        .count()
    )
    minutes = sum(month.pop("check_in_minutes") for month in months)
    concerns = Concern.objects.filter(program=program).aggregate(
        raised=Count(
            "pk", filter=Q(created_at__gte=period.starts_at, created_at__lt=period.ends_before)
        ),
        closed=Count(
            "pk", filter=Q(closed_at__gte=period.starts_at, closed_at__lt=period.ends_before)
        ),
    )
    return ProgramStatistics(
        year=year,
        volunteers_registered=registered,
        volunteers_trained=trained,
        volunteers_mentoring=matches["volunteers_mentoring"],
        newcomers_supported=matches["newcomers_supported"],
        requests_open=requests_open,
        requests_received=sum(month["requests_received"] for month in months),
        matches_active=matches["matches_active"],
        matches_started=matches["matches_started"],
        commitments_completed=matches["commitments_completed"],
        certificates_issued=certificates,
        check_in_hours=hours_of(minutes),
        concerns_raised=concerns["raised"],
        concerns_closed=concerns["closed"],
        by_need=matches["by_need"],
        by_language=_newcomers_by(program, period, "newcomer__first_language"),
        by_district=_newcomers_by(program, period, "newcomer__place_name"),
        by_month=months,
    )


def _descending(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
