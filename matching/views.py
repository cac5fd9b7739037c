"""The coordinators' pages of matches and matching runs, and the decision buttons.

The POST-only decision endpoints serve every page that shows a proposal (this app's match
list and the candidates page): they act, say what happened as a message, and go back to the
page named by `next` when it is a local address.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.models import User
from accounts.permissions import coordinated_programs, coordinator_page
from core import clock
from core.languages import reader_language
from core.pagination import query_without_page
from core.views import confirmation_page
from matching import selectors, services
from matching.filters import MatchFilter
from matching.forms import ApproveForm, ProposeForm, RejectForm, RunForm
from matching.models import MatchStatus, RunStatus
from matching.reason_text import reason_sentences
from newcomers.selectors import request_summary, requests_for_coordinator
from volunteers.agreements import agreement_states
from volunteers.models import VolunteerProfile
from volunteers.selectors import volunteers_for_coordinator

PAGE_SIZE = 50
RECENT_RUNS = 20
STAGE_LABELS = {
    services.STAGE_LOADING: gettext_lazy("loading"),
    services.STAGE_SOLVING: gettext_lazy("solving"),
    services.STAGE_SAVING: gettext_lazy("saving"),
    services.STAGE_DONE: gettext_lazy("done"),
    services.STAGE_FAILED: gettext_lazy("failed"),
}


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """To `next` when it is a path on this site, else to `fallback` (a URL name)."""
    target = request.POST.get("next", "")
    is_local = target.startswith("/") and not target.startswith(("//", "/\\"))
    if is_local and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def decision_error_report(
    request: HttpRequest, error: ValidationError | services.MatchConflict
) -> None:
    """A refused decision as messages on the next page."""
    if isinstance(error, services.MatchConflict):
        messages.error(request, error.message)
        return
    for message in error.messages:
        messages.error(request, message)


@coordinator_page
def match_list(request: HttpRequest) -> HttpResponse:
    """Proposals and matches of the coordinator's programmes, newest first."""
    user = cast(User, request.user)
    filters = MatchFilter(
        request.GET,
        queryset=selectors.matches_for_coordinator(user).order_by("-proposed_at", "pk"),
    )
    matches = filters.qs if filters.is_valid() else filters.queryset.none()
    page = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
    # Before approving: whose agreement is not signed (two queries for the page).
    proposed = [
        match.volunteer_id for match in page.object_list if match.status == MatchStatus.PROPOSED
    ]
    agreement_of = agreement_states(proposed)
    lang = reader_language()
    rows = [
        {
            "id": match.pk,
            "volunteer_id": match.volunteer_id,
            "agreement": agreement_of.get(match.volunteer_id),
            "newcomer": match.newcomer.display_name,
            "summary": request_summary(match.request, lang, newcomer=match.newcomer),
            "volunteer": match.volunteer.user.full_name,
            "score_percent": round(match.score * 100),
            "reasons": reason_sentences(match.reasons or []),
            "status": match.get_status_display(),
            "is_proposed": match.status == MatchStatus.PROPOSED,
            "started_on": match.started_on,
            "commitment_ends_on": match.commitment_ends_on,
        }
        for match in page.object_list
    ]
    return render(
        request,
        "coordinators/matches.html",
        {
            "filters": filters.form,
            "page": page,
            "rows": rows,
            "query": query_without_page(request),
            "here": request.get_full_path(),
        },
    )


@coordinator_page
def run_list(request: HttpRequest) -> HttpResponse:
    """Start a batch run and follow the recent ones."""
    user = cast(User, request.user)
    programs = coordinated_programs(user).order_by("name")
    form = RunForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        services.run_start(
            program=form.cleaned_data["program"], by=user, is_exact=form.cleaned_data["exact"]
        )
        messages.success(request, _("The matching run has started."))
        return redirect("coordinator-runs-page")
    runs = list(selectors.runs_for_coordinator(user)[:RECENT_RUNS])
    rows = [
        {
            "run": run,
            "status": run.get_status_display(),
            "stage": STAGE_LABELS.get(run.stage, run.stage),
            "is_done": run.status == RunStatus.DONE,
            # Followed live by static/js/progress.js; without JavaScript, a refresh link.
            "is_working": run.status in (RunStatus.PENDING, RunStatus.RUNNING),
        }
        for run in runs
    ]
    is_working = any(row["is_working"] for row in rows)
    return render(
        request,
        "coordinators/runs.html",
        {"form": form, "rows": rows, "is_working": is_working},
    )


def _approval_lines(pair: tuple[str, str], started_on: date, ends_on: date) -> list[str]:
    volunteer, newcomer = pair
    return [
        _("%(volunteer)s and %(newcomer)s start on %(start)s; the commitment ends on %(end)s.")
        % {
            "volunteer": volunteer,
            "newcomer": newcomer,
            "start": date_format(started_on),
            "end": date_format(ends_on),
        },
        _("The request leaves the queue and the volunteer has one free place less."),
    ]


def _approval_told(volunteer: str, newcomer: str, newcomer_has_account: bool) -> list[str]:
    told = [
        _("%(volunteer)s gets an e-mail with the newcomer's first name.") % {"volunteer": volunteer}
    ]
    if newcomer_has_account:
        told.append(
            _("%(newcomer)s gets an e-mail with the volunteer's first name.")
            % {"newcomer": newcomer}
        )
    else:
        told.append(
            _("%(newcomer)s has no account yet: tell them yourself.") % {"newcomer": newcomer}
        )
    return told


def _next_of(request: HttpRequest, fallback: str) -> str:
    """The page to go back to: `next` when it is a path on this site, else `fallback`."""
    target = request.GET.get("next") or request.POST.get("next") or ""
    is_local = target.startswith("/") and not target.startswith(("//", "/\\"))
    if is_local and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(fallback)


@coordinator_page
@require_http_methods(["GET", "POST"])
def match_propose(request: HttpRequest) -> HttpResponse:
    """Propose a volunteer for a request; with `approve`, start the match at once (GET: the
    confirmation of proposing and approving together)."""
    user = cast(User, request.user)
    form = ProposeForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose a request and a volunteer."))
        return _back(request, "coordinator-matches-page")
    support_request = get_object_or_404(
        requests_for_coordinator(user), pk=form.cleaned_data["request"]
    )
    volunteer = get_object_or_404(
        volunteers_for_coordinator(user), pk=form.cleaned_data["volunteer"]
    )
    approve = form.cleaned_data["approve"]
    if request.method == "GET":
        today = clock.today()
        volunteer_name = volunteer.user.full_name
        newcomer_name = support_request.newcomer.display_name
        return confirmation_page(
            request,
            title=_("Propose and approve this match?"),
            subject=_("%(volunteer)s with %(newcomer)s")
            % {"volunteer": volunteer_name, "newcomer": newcomer_name},
            happens=_approval_lines(
                (volunteer_name, newcomer_name),
                today,
                support_request.program.commitment_end(today),
            ),
            told=_approval_told(
                volunteer_name, newcomer_name, support_request.newcomer.user_id is not None
            ),
            warnings=approval_warnings(volunteer),
            action=reverse("match-propose-page"),
            hidden={
                "request": support_request.pk,
                "volunteer": volunteer.pk,
                "approve": "1",
                "next": _next_of(request, "coordinator-matches-page"),
            },
            button=_("Propose and approve"),
            back=_next_of(request, "coordinator-matches-page"),
            summary=request_summary(support_request, reader_language()),
        )
    propose = services.match_propose_and_approve if approve else services.match_propose
    try:
        propose(request=support_request, volunteer=volunteer, by=user)
    except (ValidationError, services.MatchConflict) as error:
        decision_error_report(request, error)
    else:
        messages.success(request, _("The match is approved.") if approve else _("Proposed."))
    return _back(request, "coordinator-matches-page")


def approval_warnings(volunteer: VolunteerProfile) -> list[str]:
    """What a coordinator should know before approving a match with `volunteer`."""
    state = agreement_states([volunteer.pk]).get(volunteer.pk)
    if state is None or state.is_signed:
        return []
    if state.is_required:
        return [
            _(
                "No signed volunteer agreement: the programme requires one before this match "
                "can be approved."
            )
        ]
    return [_("No signed volunteer agreement yet.")]


@coordinator_page
@require_http_methods(["GET", "POST"])
def match_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what approving will do and who will be told; POST: approve."""
    user = cast(User, request.user)
    match = selectors.match_for_coordinator(user, pk)
    form = ApproveForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" or not form.is_valid():
        if request.method == "GET" and match.status != MatchStatus.PROPOSED:
            messages.error(request, _("Only a proposed match can be approved."))
            return redirect(_next_of(request, "coordinator-matches-page"))
        today = clock.today()
        volunteer_name = match.volunteer.user.full_name
        newcomer_name = match.newcomer.display_name
        return confirmation_page(
            request,
            title=_("Approve this match?"),
            subject=_("%(volunteer)s with %(newcomer)s")
            % {"volunteer": volunteer_name, "newcomer": newcomer_name},
            happens=_approval_lines(
                (volunteer_name, newcomer_name), today, match.program.commitment_end(today)
            ),
            told=_approval_told(volunteer_name, newcomer_name, match.newcomer.user_id is not None),
            warnings=approval_warnings(match.volunteer),
            action=reverse("match-approve-page", args=[match.pk]),
            hidden={"next": _next_of(request, "coordinator-matches-page")},
            form=form if request.method == "POST" else ApproveForm(),
            button=_("Approve"),
            back=_next_of(request, "coordinator-matches-page"),
            summary=request_summary(match.request, reader_language(), newcomer=match.newcomer),
            status=400 if request.method == "POST" else 200,
        )
    try:
        services.match_approve(match=match, by=user, started_on=form.cleaned_data["started_on"])
    except (ValidationError, services.MatchConflict) as error:
        decision_error_report(request, error)
    else:
        messages.success(request, _("The match is approved."))
    return _back(request, "coordinator-matches-page")


@coordinator_page
@require_http_methods(["GET", "POST"])
def match_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what rejecting will do, and the reason to give; POST: reject."""
    user = cast(User, request.user)
    match = selectors.match_for_coordinator(user, pk)
    form = RejectForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" or not form.is_valid():
        if request.method == "GET" and match.status != MatchStatus.PROPOSED:
            messages.error(request, _("Only a proposed match can be rejected."))
            return redirect(_next_of(request, "coordinator-matches-page"))
        volunteer_name = match.volunteer.user.full_name
        newcomer_name = match.newcomer.display_name
        return confirmation_page(
            request,
            title=_("Reject this proposal?"),
            subject=_("%(volunteer)s with %(newcomer)s")
            % {"volunteer": volunteer_name, "newcomer": newcomer_name},
            happens=[
                _("The proposal is closed with your reason, kept in the match's history."),
                _("The request stays in the queue with its waiting time, for another proposal."),
            ],
            told=[],
            action=reverse("match-reject-page", args=[match.pk]),
            hidden={"next": _next_of(request, "coordinator-matches-page")},
            form=form if request.method == "POST" else RejectForm(),
            button=_("Reject the proposal"),
            destructive=True,
            back=_next_of(request, "coordinator-matches-page"),
            summary=request_summary(match.request, reader_language(), newcomer=match.newcomer),
            status=400 if request.method == "POST" else 200,
        )
    try:
        services.match_reject(match=match, by=user, reason=form.cleaned_data["reason"])
    except (ValidationError, services.MatchConflict) as error:
        decision_error_report(request, error)
    else:
        messages.success(request, _("The proposal is rejected."))
    return _back(request, "coordinator-matches-page")
