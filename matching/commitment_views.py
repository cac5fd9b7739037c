"""The coordinators' morning page: which active pairings need them today, and ending one."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import selectors, services
from matching.commitment import commitment_months, quiet_days
from matching.filters import CommitmentFilter
from matching.forms import EndForm
from matching.models import Match, MatchHealth
from matching.views import _coordinator, _report

PAGE_SIZE = 50


def next_milestone(match: Match, today: date) -> tuple[str, date | None]:
    """What happens next to a quiet match if nobody acts, and when."""
    program = match.program
    quiet_start = match.last_check_in_on or match.started_on
    if quiet_start is None:
        return "", None
    if match.health == MatchHealth.ON_TRACK:
        return _("reminder"), quiet_start + timedelta(days=program.reminder_after_days)
    if match.health == MatchHealth.REMINDED:
        return _("at risk"), quiet_start + timedelta(days=program.at_risk_after_days)
    return _("commitment ends"), match.commitment_ends_on


def _row(match: Match, today: date) -> dict[str, Any]:
    started_on, ends_on = match.started_on, match.commitment_ends_on
    months = commitment_months(started_on, ends_on) if started_on and ends_on else []
    month = sum(1 for first, _following in months if first <= today)
    milestone, milestone_on = next_milestone(match, today)
    return {
        "match": match,
        "quiet_days": quiet_days(started_on, match.last_check_in_on, today) if started_on else 0,
        "month": min(max(month, 1), len(months)) if months else 0,
        "months": len(months),
        "milestone": milestone,
        "milestone_on": milestone_on,
    }


@login_required
def commitments(request: HttpRequest) -> HttpResponse:
    """Active matches, at risk first, with quiet days, the next milestone and satisfaction."""
    user = _coordinator(request)
    filters = CommitmentFilter(request.GET, queryset=selectors.commitments_for_coordinator(user))
    matches = filters.qs if filters.is_valid() else filters.queryset.none()
    page = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "coordinators/commitments.html",
        {
            "filters": filters.form,
            "page": page,
            "rows": [_row(match, today) for match in page.object_list],
            "query": query.urlencode(),
        },
    )


@login_required
def match_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End an active match early, for a reason from the short list and a note."""
    user = _coordinator(request)
    match = selectors.match_for_coordinator(user, pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.match_end(
                match=match,
                by=user,
                end_reason=form.cleaned_data["end_reason"],
                reason=form.cleaned_data["note"],
            )
        except (ValidationError, services.MatchConflict) as error:
            _report(request, error)
        else:
            messages.success(request, _("The match is ended; the volunteer's place is free."))
            return redirect("coordinator-commitments-page")
    return render(request, "coordinators/match_end.html", {"match": match, "form": form})
