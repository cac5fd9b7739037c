"""The yearly impact report: which figures the public reads, already suppressed.

`public_figures` turns a programme's exact statistics into the snapshot a `PublishedReport`
stores: every count through `reports.suppression` (no published figure is from 1 to 4), the
breakdowns with complementary suppression, and the named ambassadors who gave (and have not
withdrawn) their consent to public recognition. Requests still waiting and matches active on
one day are coordinators' working figures and are not published.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Program
from certificates.models import Certificate
from core.vocabulary import language_name, skill
from matching.models import Match
from reports.statistics import STARTED_STATUSES, ProgramStatistics, period_of
from reports.suppression import (
    is_suppressed,
    published_breakdown,
    published_count,
    published_hours,
    published_series,
)
from volunteers.models import VolunteerProfile

HEADLINE = (
    "volunteers_mentoring",
    "newcomers_supported",
    "matches_started",
    "commitments_completed",
    "certificates_issued",
    "volunteers_registered",
    "volunteers_trained",
)
FIGURE_LABELS = {
    "volunteers_mentoring": gettext_lazy("residents mentored newcomers"),
    "newcomers_supported": gettext_lazy("newcomers were supported"),
    "matches_started": gettext_lazy("new pairs started"),
    "commitments_completed": gettext_lazy("six-month commitments completed"),
    "certificates_issued": gettext_lazy("certificates issued"),
    "volunteers_registered": gettext_lazy("residents registered as volunteers"),
    "volunteers_trained": gettext_lazy("volunteers trained"),
    "check_in_hours": gettext_lazy("hours spent together"),
}
# Safeguarding concerns (issue #22): counts only, never details, published with the same
# suppression as every count, and shown suppressed on the coordinators' dashboard too (only
# the programme's leads read more, on their case pages).
CONCERN_LABELS = {
    "concerns_raised": gettext_lazy("safeguarding concerns raised"),
    "concerns_closed": gettext_lazy("safeguarding concerns closed"),
}
MONTHLY_LABELS = {
    "matches_started": gettext_lazy("New pairs"),
    "commitments_completed": gettext_lazy("Completed commitments"),
    "check_in_hours": gettext_lazy("Hours together"),
}
PUBLISHED_MONTHLY = ("matches_started", "commitments_completed", "check_in_hours")
BREAKDOWNS = ("by_need", "by_language", "by_district")


def public_figures(statistics: ProgramStatistics) -> dict[str, Any]:
    """The suppressed figures of `statistics`, as JSON-ready data."""
    figures: dict[str, Any] = {"year": statistics.year}
    for name in HEADLINE:
        figures[name] = published_count(getattr(statistics, name))
    figures["check_in_hours"] = published_hours(statistics.check_in_hours)
    for name in CONCERN_LABELS:
        figures[name] = published_count(getattr(statistics, name))
    for name in BREAKDOWNS:
        figures[name] = published_breakdown(getattr(statistics, name))
    figures["by_month"] = published_series(statistics.by_month, "month", PUBLISHED_MONTHLY)
    return figures


def concern_figures(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The published concern counts with their labels; none for a report published before
    they were counted (it says nothing rather than a false 0 until published again)."""
    return [
        {"name": name, "label": label, "shown": shown(figures[name])}
        for name, label in CONCERN_LABELS.items()
        if name in figures
    ]


def consenting_ambassadors(program: Program, year: int) -> list[dict[str, Any]]:
    """Volunteers who consented to be named and mentored in `year` or hold a valid
    certificate issued in it: first name and place only, as the ambassadors page shows them.
    One query."""
    period = period_of(year)
    mentored = Match.objects.filter(
        program=program,
        status__in=STARTED_STATUSES,
        started_on__lte=period.end,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    certified = Certificate.objects.filter(
        program=program,
        revoked_at__isnull=True,
        issued_on__gte=period.start,
        issued_on__lte=period.end,
    )
    volunteers = (
        VolunteerProfile.objects.filter(
            program=program,
            recognition_consent__isnull=False,
            recognition_consent__withdrawn_at__isnull=True,
        )
        .filter(
            Q(pk__in=mentored.values("volunteer_id")) | Q(pk__in=certified.values("volunteer_id"))
        )
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    return [
        {
            "volunteer": volunteer.pk,
            "first_name": volunteer.user.first_name,
            "district": volunteer.place_name,
        }
        for volunteer in volunteers
    ]


def shown(value: Any) -> str:
    """A published figure as a reader sees it: a number, or a translated "fewer than 5"."""
    if is_suppressed(value):
        return _("fewer than 5")
    return f"{value:,}".replace(",", "\u00a0") if isinstance(value, int) else str(value)


def labelled(breakdown: dict[str, Any], dimension: str, language: str) -> list[dict[str, Any]]:
    """A breakdown's cells with a label in `language`, largest first, hidden cells last."""

    def label(code: str) -> str:
        if dimension == "language":
            return language_name(code, language)
        if dimension == "need":
            try:
                return skill(code).label.in_language(language)
            except StopIteration:
                return code
        return code

    cells = [
        {"code": code, "label": label(code), "value": value, "shown": shown(value)}
        for code, value in breakdown.items()
    ]
    return sorted(
        cells,
        key=lambda cell: (is_suppressed(cell["value"]), -_number(cell["value"]), cell["label"]),
    )


def _number(value: Any) -> int:
    return value if isinstance(value, int) else 0
