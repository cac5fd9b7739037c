"""Certificate pages: the public check and ambassadors page, the resident's certificates with
the recognition consent, and the coordinator's issuing, bulk issuing and revoking."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role, User
from accounts.permissions import (
    coordinator_page,
    has_role,
    within_coordinated_programs,
)
from certificates import selectors, services
from certificates.api import VerificationThrottle
from certificates.forms import BatchForm, IssueForm, RevokeForm
from certificates.models import BatchStatus, CertificateBatch, OpinionStatus
from certificates.services import CertificateConflict
from core.views import confirmation_page
from matching.models import Match, MatchStatus
from training.models import TrainingSession
from volunteers.selectors import confirmed_volunteers
from volunteers.services import volunteer_profile_get_or_create

PAGE_SIZE = 50
View = Callable[..., HttpResponse]


def volunteer_page(view: View) -> View:
    @login_required
    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_role(request.user, Role.VOLUNTEER):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


def _show_errors(form: Form, error: ValidationError) -> None:
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


def verify(request: HttpRequest, serial: str) -> HttpResponse:
    """Anyone checks a certificate: valid, revoked (with the date) or unknown."""
    if not VerificationThrottle().allow_request(request, None):  # type: ignore[arg-type]
        return render(request, "certificates/verify_too_many.html", status=429)
    try:
        verification = selectors.verification_of(serial)
    except Http404:
        return render(request, "certificates/verify_unknown.html", {"serial": serial}, status=404)
    return render(request, "certificates/verify.html", {"verification": verification})


def ambassadors(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's ambassadors who chose to be shown: first name, district, certificates."""
    program = selectors.program_for_public(slug)
    return render(
        request,
        "certificates/ambassadors.html",
        {"program": program, "ambassadors": selectors.ambassadors_of(program)},
    )


@volunteer_page
def my_certificates(request: HttpRequest) -> HttpResponse:
    """The resident's certificates (PDF, digital credential) and the public-page consent."""
    volunteer = volunteer_profile_get_or_create(user=cast(User, request.user))
    certificates = selectors.certificates_visible_to(request.user).filter(volunteer=volunteer)
    return render(
        request,
        "residents/certificates.html",
        {
            "certificates": certificates,
            "consent": selectors.recognition_consent_of(volunteer),
            "program": volunteer.program,
            "opinion_requested": selectors.opinion_requests_of(volunteer)
            .filter(status=OpinionStatus.REQUESTED)
            .exists(),
        },
    )


@volunteer_page
@require_POST
def my_recognition_consent(request: HttpRequest) -> HttpResponse:
    volunteer = volunteer_profile_get_or_create(user=cast(User, request.user))
    is_given = request.POST.get("public") == "yes"
    services.recognition_consent_set(volunteer=volunteer, is_given=is_given)
    if is_given:
        messages.success(request, _("You appear on the programme's ambassadors page."))
    else:
        messages.success(request, _("You no longer appear on the programme's ambassadors page."))
    return redirect("volunteer-certificates-page")


def _issue_form(request: HttpRequest) -> IssueForm:
    user = request.user
    volunteers = within_coordinated_programs(
        confirmed_volunteers().select_related("user", "program"), user
    ).order_by("user__full_name", "pk")
    matches = within_coordinated_programs(
        Match.objects.filter(status=MatchStatus.COMPLETED).select_related(
            "volunteer__user", "newcomer"
        ),
        user,
    ).order_by("-commitment_ends_on", "pk")
    data = request.POST if request.POST.get("action") == "issue" else None
    return IssueForm(data, volunteers=volunteers, matches=matches)


def _batch_form(request: HttpRequest) -> BatchForm:
    sessions = (
        within_coordinated_programs(TrainingSession.objects.all(), request.user)
        .filter(attendance_marked_at__isnull=False)
        .select_related("module")
        .order_by("-starts_at", "pk")
    )
    data = request.POST if request.POST.get("action") == "bulk" else None
    return BatchForm(data, sessions=sessions)


@coordinator_page
def coordinator_certificates(request: HttpRequest) -> HttpResponse:
    """Issue one certificate, issue for a whole session, and the programme's certificates."""
    user = cast(User, request.user)
    form = _issue_form(request)
    batch_form = _batch_form(request)
    if request.method == "POST" and form.is_bound and form.is_valid():
        try:
            _certificate, created = services.certificate_issue(
                volunteer=form.cleaned_data["volunteer"],
                kind=form.cleaned_data["kind"],
                match=form.cleaned_data["match"],
                title=form.cleaned_data["title"],
                by=user,
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            if created:
                messages.success(request, _("The certificate is issued."))
            else:
                messages.success(request, _("This certificate was issued before; here it is."))
            return redirect("coordinator-certificates-page")
    if request.method == "POST" and batch_form.is_bound and batch_form.is_valid():
        services.batch_start(session=batch_form.cleaned_data["session"], by=user)
        messages.success(request, _("Certificates are being issued for the session."))
        return redirect("coordinator-certificates-page")
    certificates = selectors.certificates_coordinated_by(user).select_related("program")
    page = Paginator(certificates, PAGE_SIZE).get_page(request.GET.get("page"))
    batches = within_coordinated_programs(
        CertificateBatch.objects.select_related("session__module"), user
    )[:5]
    # progress.js is loaded only while a batch reports progress (#18: no unused script).
    is_working = any(
        batch.status in (BatchStatus.PENDING, BatchStatus.RUNNING) for batch in batches
    )
    return render(
        request,
        "coordinators/certificates.html",
        {
            "form": form,
            "batch_form": batch_form,
            "page": page,
            "batches": batches,
            "is_working": is_working,
        },
    )


@coordinator_page
@require_http_methods(["GET", "POST"])
def coordinator_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what revoking does and who is told, with the reason to give; POST: revoke."""
    certificate = selectors.certificate_for_coordinator(request.user, pk)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" or not form.is_valid():
        if certificate.is_revoked:
            messages.error(request, _("This certificate is already revoked."))
            return redirect("coordinator-certificates-page")
        holder = certificate.holder_name or "—"
        return confirmation_page(
            request,
            title=_("Revoke this certificate?"),
            subject=_("%(serial)s, held by %(holder)s")
            % {"serial": certificate.serial_display, "holder": holder},
            happens=[
                _("The certificate is revoked for good: it cannot be made valid again."),
                _("Its public check and its digital credential say it is revoked, with the date."),
            ],
            told=[
                _("%(holder)s gets an e-mail with your reason.") % {"holder": holder},
                _("Anyone who checks the certificate sees that it is revoked, not the reason."),
            ],
            action=reverse("coordinator-certificate-revoke-page", args=[certificate.pk]),
            form=form if request.method == "POST" else RevokeForm(),
            button=_("Revoke the certificate"),
            destructive=True,
            back=reverse("coordinator-certificates-page"),
            status=400 if request.method == "POST" else 200,
        )
    try:
        services.certificate_revoke(
            certificate=certificate,
            reason=form.cleaned_data["reason"],
            by=cast(User, request.user),
        )
    except CertificateConflict as conflict:
        messages.error(request, str(conflict))
    else:
        messages.success(request, _("The certificate is revoked; its holder is told."))
    return redirect("coordinator-certificates-page")


@volunteer_page
@require_POST
def my_service_papers(request: HttpRequest) -> HttpResponse:
    """The volunteer asks for the confirmation of their service (issued at once) or for an
    opinion about it (written by a coordinator)."""
    volunteer = volunteer_profile_get_or_create(user=cast(User, request.user))
    try:
        if request.POST.get("paper") == "opinion":
            _opinion, created = services.opinion_request(volunteer=volunteer)
            messages.success(
                request,
                _("Your request for an opinion is sent; your coordinator writes it.")
                if created
                else _("Your request for an opinion is already with your coordinator."),
            )
        else:
            _certificate, created = services.service_confirmation_issue(volunteer=volunteer)
            messages.success(
                request,
                _("Your confirmation of service is issued: you find it below.")
                if created
                else _("Nothing changed since your last confirmation of service: it is below."),
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("volunteer-certificates-page")


@coordinator_page
def coordinator_opinions(request: HttpRequest) -> HttpResponse:
    """Requests for an opinion: the coordinator writes each and issues it."""
    requests = selectors.opinion_requests_for_coordinator(request.user).filter(
        status=OpinionStatus.REQUESTED
    )
    errors: dict[int, list[str]] = {}
    texts: dict[int, str] = {}
    if request.method == "POST":
        opinion = selectors.opinion_request_for_coordinator(
            request.user, _int(request.POST.get("request"))
        )
        text = request.POST.get("text", "")
        try:
            certificate = services.opinion_issue(
                request=opinion, text=text, by=cast(User, request.user)
            )
        except ValidationError as error:
            errors[opinion.pk] = error.messages
            texts[opinion.pk] = text
        except CertificateConflict as conflict:
            messages.error(request, str(conflict))
            return redirect("coordinator-opinions-page")
        else:
            messages.success(
                request,
                _("The opinion %(serial)s is issued; its holder is told.")
                % {"serial": certificate.serial_display},
            )
            return redirect("coordinator-opinions-page")
    rows = [
        {
            "request": opinion,
            "errors": errors.get(opinion.pk, []),
            "text": texts.get(opinion.pk, ""),
        }
        for opinion in requests
    ]
    return render(request, "coordinators/opinions.html", {"rows": rows})


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0
