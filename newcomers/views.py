from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from accounts.permissions import coordinated_programs, coordinator_page, has_role
from core.clock import days_between
from core.languages import reader_language
from core.pagination import query_without_page
from core.vocabulary import skill_labels
from newcomers import selectors, services, waiting
from newcomers.filters import SupportRequestFilter
from newcomers.forms import AskForm, ClaimForm, IntakeForm
from newcomers.intake import newcomer_intake
from newcomers.models import RequestStatus

PAGE_SIZE = 50


def claim(request: HttpRequest, token: str) -> HttpResponse:
    """A newcomer registered at an integration point sets up their own account."""
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.newcomer_claim(
                token=token, **form.cleaned_data, preferred_language=reader_language()
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("home")
    return render(request, "newcomers/claim.html", {"form": form})


def _show_service_errors(form: Form, error: ValidationError) -> None:
    """Service errors next to their fields; a place that cannot be found goes to the city."""
    for field, field_messages in error.message_dict.items():
        target = "city" if field == "location" else field
        form.add_error(target if target in form.fields else None, field_messages)


def _need_labels(codes: list[str], lang: str) -> list[str]:
    return skill_labels(codes, lang)


@login_required
def ask(request: HttpRequest) -> HttpResponse:
    """'Ask for support': a newcomer's own request, in plain language."""
    user = cast(User, request.user)
    if not has_role(user, Role.NEWCOMER):
        raise PermissionDenied
    profile = services.newcomer_profile_get_or_create(user=user)
    initial: dict[str, Any] = {
        "city": profile.city,
        "district": profile.district,
        **AskForm.language_initial(profile.languages),
    }
    form = AskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.newcomer_profile_update(profile=profile, data=form.profile_data())
        except ValidationError as error:
            _show_service_errors(form, error)
        else:
            services.request_open(newcomer=profile, data=form.request_data(), by=user)
            messages.success(
                request,
                _("Thank you! We have your request. A coordinator will look for a volunteer."),
            )
            return redirect("newcomer-requests-page")
    return render(request, "newcomers/ask.html", {"form": form})


@require_POST
@login_required
def request_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """One click on the home page: a paused request of the newcomer's is open again."""
    user = cast(User, request.user)
    support_request = get_object_or_404(
        selectors.requests_visible_to(user).filter(newcomer__user=user), pk=pk
    )
    if waiting.still_needed_answer(request_id=support_request.pk, answer=waiting.YES, actor=user):
        messages.success(request, _("Your request is open again. You keep your place."))
    return redirect("newcomer-requests-page")


def still_needed(request: HttpRequest, token: str, answer: str) -> HttpResponse:
    """The e-mail's one-click answers, without signing in (the link is signed and expires).
    "Yes" takes effect at once (it only keeps or reopens the request); "no" withdraws the
    request, so it asks first."""
    if answer not in (waiting.YES, waiting.NO):
        raise Http404
    try:
        request_id = waiting.request_of_token(token)
    except waiting.LinkInvalid:
        return render(request, "newcomers/still_needed.html", {"invalid": True}, status=404)
    actor = request.user if request.user.is_authenticated else None
    if answer == waiting.YES or request.method == "POST":
        try:
            status = waiting.still_needed_answer(request_id=request_id, answer=answer, actor=actor)
        except waiting.LinkInvalid:
            return render(request, "newcomers/still_needed.html", {"invalid": True}, status=404)
        return render(request, "newcomers/still_needed.html", {"status": status})
    return render(request, "newcomers/still_needed.html", {"confirm_no": True})


@coordinator_page
def intake(request: HttpRequest) -> HttpResponse:
    """A coordinator registers a newcomer and their first request; shows the claim link."""
    user = cast(User, request.user)
    programs = coordinated_programs(user).order_by("name")
    form = IntakeForm(request.POST or None, programs=programs)
    claim_link = ""
    registered_name = ""
    emailed_to = ""
    if request.method == "POST" and form.is_valid():
        try:
            profile, _request = newcomer_intake(
                program=form.cleaned_data["program"],
                profile_data=form.profile_data(),
                request_data=form.request_data(),
                by=user,
            )
        except ValidationError as error:
            _show_service_errors(form, error)
        else:
            claim_link = request.build_absolute_uri(
                reverse("newcomer-claim-page", args=[services.claim_token(profile)])
            )
            registered_name = profile.full_name
            emailed_to = profile.contact_email
            form = IntakeForm(programs=programs)
    return render(
        request,
        "coordinators/intake.html",
        {
            "form": form,
            "claim_link": claim_link,
            "registered_name": registered_name,
            "emailed_to": emailed_to,
        },
    )


@coordinator_page
def request_queue(request: HttpRequest) -> HttpResponse:
    """Open requests, oldest first, for the programme's coordinators."""
    # The page shows the open queue unless another status is asked for.
    criteria = request.GET.copy()
    criteria.setdefault("status", RequestStatus.OPEN)
    filters = SupportRequestFilter(
        criteria,
        queryset=selectors.requests_visible_to(request.user).order_by("waiting_since", "pk"),
    )
    requests = filters.qs if filters.is_valid() else filters.queryset.none()
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    lang = reader_language()
    now = timezone.now()
    rows = [
        {
            "id": item.pk,
            "summary": selectors.request_summary(item, lang),
            "status": (
                _("Paused on %(date)s") % {"date": date_format(item.paused_on, "DATE_FORMAT")}
                if item.status == RequestStatus.PAUSED and item.paused_on
                else item.get_status_display()
            ),
            "waiting_days": days_between(item.waiting_since, now),
        }
        for item in page.object_list
    ]
    return render(
        request,
        "coordinators/requests.html",
        {"filters": filters.form, "page": page, "rows": rows, "query": query_without_page(request)},
    )
