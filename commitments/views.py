"""The six months' pages. The participants': their matches, one match (with the one-minute
check-in and asking for a change), and the survey a link opens without signing in. The
coordinators': the morning page of active pairings, and ending one early.

A match page shows the other person's first name and the contact they chose, only while the
match is active: after an early end (perhaps for a safeguarding concern) it keeps the history
but no longer tells anyone how to reach the other. Proposed and rejected matches have no page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope

from accounts.models import Role, User
from accounts.permissions import coordinator_page, has_role
from commitments.calendar import commitment_months, progress_share, quiet_days
from commitments.checkins import (
    check_in_duration_correct,
    check_in_log,
    check_ins_for_coordinator,
    check_ins_of,
    is_participant,
    match_change_request,
)
from commitments.filters import CommitmentFilter
from commitments.forms import ChangeRequestForm, CheckInForm, EndForm, SurveyForm
from commitments.home import request_rows
from commitments.models import CheckIn
from commitments.selectors import commitments_for_coordinator
from commitments.services import match_end
from commitments.surveys import (
    SurveyAlreadyAnswered,
    SurveyLinkExpired,
    SurveyLinkInvalid,
    survey_answer,
    survey_is_answered,
    survey_link_read,
    survey_match_for,
)
from commitments.workspace import workspace_counts
from core import clock
from core.languages import reader_language
from core.pagination import query_without_page
from core.vocabulary import skill_labels
from matching import selectors
from matching.models import Match, MatchHealth, MatchStatus
from matching.services import MatchConflict, MatchPaused, refuse_if_paused
from matching.views import decision_error_report
from newcomers.models import ContactChannel, RequestStatus
from newcomers.selectors import request_summary, requests_for_coordinator, requests_visible_to

# Proposed and rejected matches were never the pair's: they have no page.
SHOWN_STATUSES = selectors.PARTICIPANTS_SEE
PHONE_CHANNELS = {
    ContactChannel.PHONE,
    ContactChannel.SMS,
    ContactChannel.WHATSAPP,
    ContactChannel.TELEGRAM,
    ContactChannel.VIBER,
}


@dataclass(frozen=True)
class Person:
    """One side of a match as the other side sees it."""

    first_name: str
    role: str
    channel: str = ""
    contact: str = ""
    href: str = ""


@dataclass(frozen=True)
class Progress:
    month: int
    months: int
    percent: int


def _contact_href(channel: str, value: str) -> str:
    if channel == ContactChannel.EMAIL:
        return f"mailto:{value}"
    if channel == ContactChannel.PHONE:
        return "tel:" + value.replace(" ", "")
    if channel == ContactChannel.SMS:
        return "sms:" + value.replace(" ", "")
    return ""


def _newcomer(match: Match, *, with_contact: bool) -> Person:
    """The newcomer's first name and the channel they chose (nothing if they chose none)."""
    newcomer = match.newcomer
    person = Person(newcomer.first_name, _("Newcomer"))
    channel = newcomer.contact_channel
    if not with_contact or not channel:
        return person
    if channel == ContactChannel.EMAIL:
        value = newcomer.contact_email or (newcomer.user.email if newcomer.user else "")
    elif channel in PHONE_CHANNELS:
        value = newcomer.contact_phone
    else:
        value = ""
    if not value:
        return person
    return Person(
        person.first_name,
        person.role,
        str(ContactChannel(channel).label),
        value,
        _contact_href(channel, value),
    )


def _volunteer(match: Match, *, with_contact: bool) -> Person:
    """The volunteer's first name and e-mail: the one contact every volunteer gave."""
    user = match.volunteer.user
    person = Person(user.first_name, _("Volunteer"))
    if not with_contact:
        return person
    return Person(
        person.first_name,
        person.role,
        str(ContactChannel.EMAIL.label),
        user.email,
        _contact_href(ContactChannel.EMAIL, user.email),
    )


def _others(user: Any, match: Match) -> list[Person]:
    """Whom the reader sees on the page: the other person, or both for a coordinator."""
    with_contact = match.status == MatchStatus.ACTIVE
    if user.pk == match.volunteer.user_id:
        return [_newcomer(match, with_contact=with_contact)]
    if user.pk == match.newcomer.user_id:
        return [_volunteer(match, with_contact=with_contact)]
    return [
        _volunteer(match, with_contact=with_contact),
        _newcomer(match, with_contact=with_contact),
    ]


def _progress(match: Match, today: date) -> Progress | None:
    if match.started_on is None or match.commitment_ends_on is None:
        return None
    as_of = min(today, match.ended_on or today)
    months = commitment_months(match.started_on, match.commitment_ends_on)
    month = sum(1 for first, _following in months if first <= as_of)
    share = progress_share(match.started_on, match.commitment_ends_on, as_of)
    return Progress(
        month=min(max(month, 1), len(months)), months=len(months), percent=round(share * 100)
    )


def _topic_labels(codes: list[str], lang: str) -> list[str]:
    return skill_labels(codes, lang)


def _history(check_ins: list[CheckIn], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": check_in.pk,
            "date": check_in.date,
            "duration_minutes": check_in.duration_minutes,
            "mode": check_in.get_mode_display(),
            "topics": _topic_labels(check_in.topics, lang),
            "satisfaction": check_in.satisfaction,
            "note": check_in.note,
            "by": check_in.by.first_name if check_in.by else "",
        }
        for check_in in check_ins
    ]


def _own_matches(user: Any) -> QuerySet[Match]:
    """The reader's own matches as volunteer or newcomer (a coordinator's are elsewhere)."""
    return (
        selectors.matches_visible_to(user)
        .filter(Q(volunteer__user=user) | Q(newcomer__user=user), status__in=SHOWN_STATUSES)
        .order_by("-started_on", "-pk")
    )


def _page_match(user: Any, pk: int) -> Match:
    """A match with a page the reader may open (its two people, its coordinators), or 404."""
    found = selectors.matches_visible_to(user).filter(pk=pk, status__in=SHOWN_STATUSES).first()
    if found is None:
        raise Http404
    return found


def _show_service_errors(form: Form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def match_list(request: HttpRequest) -> HttpResponse:
    """The reader's matches, newest first, with whom and how far along."""
    user = request.user
    today = clock.today()
    rows = []
    for match in _own_matches(user):
        rows.append(
            {
                "id": match.pk,
                "others": _others(user, match),
                "status": match.get_status_display(),
                "is_active": match.status == MatchStatus.ACTIVE,
                "progress": _progress(match, today),
            }
        )
    return render(request, "participants/match_list.html", {"rows": rows})


@login_required
def match_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One match: who, how far along, the check-ins, and the one-minute check-in form."""
    user = cast(User, request.user)
    match = _page_match(user, pk)
    form = CheckInForm(
        request.POST if request.method == "POST" else None,
        needs=match.request.needs,
        today=clock.today(),
        started_on=match.started_on,
    )
    if request.method == "POST" and match.paused_at is not None:
        return _refused_while_paused(request, user=user, match=match)
    if request.method == "POST" and form.is_valid():
        try:
            check_in_log(match=match, by=user, data=form.cleaned_data)
        except ValidationError as error:
            _show_service_errors(form, error)
        except MatchPaused:
            return _refused_while_paused(request, user=user, match=match)
        except MatchConflict as error:
            messages.error(request, error.message)
            return redirect("participant-match-page", pk=match.pk)
        else:
            messages.success(request, _("Thank you! Your meeting is saved."))
            return redirect("participant-match-page", pk=match.pk)
    return _match_page(
        request, user=user, match=match, form=form, status=400 if request.method == "POST" else 200
    )


def _match_page(
    request: HttpRequest, *, user: User, match: Match, form: CheckInForm, status: int
) -> HttpResponse:
    return render(
        request,
        "participants/match.html",
        {
            "match": match,
            "others": _others(user, match),
            "is_active": match.status == MatchStatus.ACTIVE,
            "is_participant": is_participant(user, match),
            "status": match.get_status_display(),
            "progress": _progress(match, clock.today()),
            "check_ins": _history(list(check_ins_of(match)), reader_language()),
            "form": form,
            "change_form": ChangeRequestForm(),
        },
        status=status,
    )


def _refused_while_paused(request: HttpRequest, *, user: User, match: Match) -> HttpResponse:
    """A paused match's page answers what the pair send with 409 and the notice that contact
    is paused (the service's rule, checked again under the row's lock), never why."""
    match.refresh_from_db(fields=["paused_at"])
    form = CheckInForm(needs=match.request.needs, today=clock.today(), started_on=match.started_on)
    return _match_page(request, user=user, match=match, form=form, status=409)


@login_required
@require_POST
def match_change(request: HttpRequest, pk: int) -> HttpResponse:
    """The volunteer or the newcomer asks the coordinator for a change."""
    user = cast(User, request.user)
    match = _page_match(user, pk)
    if not is_participant(user, match):
        raise Http404
    form = ChangeRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please write a little less."))
        return redirect("participant-match-page", pk=match.pk)
    try:
        match_change_request(match=match, by=user, note=form.cleaned_data["note"])
    except MatchPaused:
        return _refused_while_paused(request, user=user, match=match)
    except MatchConflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your coordinator will contact you soon."))
    return redirect("participant-match-page", pk=match.pk)


def _survey_closed(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    return render(request, "participants/survey_done.html", {"message": message}, status=status)


def survey(request: HttpRequest, token: str) -> HttpResponse:
    """The two-question survey a link opens, in the respondent's language, no password."""
    try:
        link = survey_link_read(token)
        match, respondent = survey_match_for(link)
    except SurveyLinkExpired:
        return _survey_closed(
            request,
            _("This link is too old. Your coordinator will send you a new survey."),
            status=410,
        )
    except SurveyLinkInvalid:
        return _survey_closed(
            request, _("This link does not work. Please check that it is complete."), status=404
        )
    if request.user.is_authenticated and request.user.pk != respondent.pk:
        return _survey_closed(request, _("This link was sent to someone else."), status=404)
    with translation.override(respondent.preferred_language), scope(program=[match.program_id]):
        return _survey_answering(request, match=match, respondent=respondent, number=link.number)


def _survey_answering(
    request: HttpRequest, *, match: Match, respondent: User, number: int
) -> HttpResponse:
    thanks = _("Thank you! Your answer helps us.")
    already = _("Thank you, you already answered this survey.")
    if match.status not in (MatchStatus.ACTIVE, MatchStatus.COMPLETED):
        return _survey_closed(
            request, _("This pairing has ended, so the survey is closed."), status=410
        )
    if survey_is_answered(match=match, respondent=respondent, number=number):
        return _survey_closed(request, already, status=200)
    try:
        refuse_if_paused(match)
    except MatchPaused as paused:
        return _survey_closed(request, paused.message, status=409)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(match=match, respondent=respondent, number=number, **form.cleaned_data)
        except SurveyAlreadyAnswered:
            return _survey_closed(request, already, status=200)
        except MatchPaused as paused:
            return _survey_closed(request, paused.message, status=409)
        except MatchConflict as error:
            return _survey_closed(request, error.message, status=410)
        return _survey_closed(request, thanks, status=200)
    partner = (
        match.newcomer.first_name
        if respondent.pk == match.volunteer.user_id
        else match.volunteer.user.first_name
    )
    return render(
        request,
        "participants/survey.html",
        {"form": form, "respondent": respondent, "partner": partner},
        status=400 if request.method == "POST" else 200,
    )


# The coordinators' morning page ---------------------------------------------------------

COMMITMENTS_PAGE_SIZE = 50


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


def _row(match: Match, today: date, lang: str) -> dict[str, Any]:
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
        "summary": request_summary(match.request, lang, newcomer=match.newcomer),
        "is_at_risk": match.health == MatchHealth.AT_RISK,
        "plan_href": _plan_check_in_href(match),
    }


def _plan_check_in_href(match: Match) -> str:
    """An e-mail to both people of the pair, to agree on a check-in with the coordinator."""
    newcomer = match.newcomer
    addresses = [match.volunteer.user.email]
    newcomer_email = newcomer.contact_email or (newcomer.user.email if newcomer.user else "")
    if newcomer_email:
        addresses.append(newcomer_email)
    subject = _("Shall we plan a check-in?")
    return (
        "mailto:"
        + ",".join(quote(address, safe="@") for address in addresses)
        + ("?subject=" + quote(subject))
    )


@coordinator_page
def commitments(request: HttpRequest) -> HttpResponse:
    """Active matches, at risk first, with quiet days, the next milestone and satisfaction."""
    filters = CommitmentFilter(request.GET, queryset=commitments_for_coordinator(request.user))
    matches = filters.qs if filters.is_valid() else filters.queryset.none()
    page = Paginator(matches, COMMITMENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    today = clock.today()
    return render(
        request,
        "coordinators/commitments.html",
        {
            "filters": filters.form,
            "page": page,
            "rows": [_row(match, today, reader_language()) for match in page.object_list],
            "query": query_without_page(request),
        },
    )


@coordinator_page
def match_end_page(request: HttpRequest, pk: int) -> HttpResponse:
    """End an active match early, for a reason from the short list and a note."""
    user = cast(User, request.user)
    match = selectors.match_for_coordinator(user, pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            match_end(
                match=match,
                by=user,
                end_reason=form.cleaned_data["end_reason"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _show_service_errors(form, error)
        except MatchConflict as error:
            decision_error_report(request, error)
        else:
            messages.success(request, _("The match is ended; the volunteer's place is free."))
            return redirect("coordinator-commitments-page")
    summary = request_summary(match.request, reader_language(), newcomer=match.newcomer)
    return render(
        request, "coordinators/match_end.html", {"match": match, "form": form, "summary": summary}
    )


HOME_LIST = 5


@coordinator_page
def coordinator_home(request: HttpRequest) -> HttpResponse:
    """The morning: what waits (the counts the navigation shows), the requests waiting longest
    with the whole request, and the pairs at risk."""
    user = cast(User, request.user)
    lang = reader_language()
    oldest = (
        requests_for_coordinator(user)
        .filter(status=RequestStatus.OPEN)
        .select_related("newcomer__user")
        .order_by("waiting_since", "pk")[:HOME_LIST]
    )
    at_risk = commitments_for_coordinator(user).filter(health=MatchHealth.AT_RISK)[:HOME_LIST]
    today = clock.today()
    return render(
        request,
        "coordinators/home.html",
        {
            "counts": workspace_counts(user, today=today),
            "oldest": [request_summary(item, lang) for item in oldest],
            "at_risk": [_row(match, today, lang) for match in at_risk],
        },
    )


@coordinator_page
@require_POST
def check_in_duration_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator corrects a check-in's duration from the match's page."""
    check_in = check_ins_for_coordinator(request.user).filter(pk=pk).first()
    if check_in is None:
        raise Http404
    value = request.POST.get("duration_minutes", "")
    try:
        check_in_duration_correct(
            check_in=check_in,
            duration_minutes=int(value) if value.isdigit() else 0,
            by=cast(User, request.user),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The duration is corrected."))
    return redirect("participant-match-page", pk=check_in.match_id)


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    """The newcomer's requests: where each stands and what happens next."""
    user = cast(User, request.user)
    if not has_role(user, Role.NEWCOMER):
        raise PermissionDenied
    requests = list(
        requests_visible_to(user).filter(newcomer__user=user).order_by("-created_at", "-pk")
    )
    return render(request, "newcomers/requests.html", {"rows": request_rows(user, requests)})
