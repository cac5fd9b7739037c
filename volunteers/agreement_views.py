"""Pages of the volunteer agreement: the volunteer's own, a coordinator's view of a
volunteer's (with the paper signature), and the programme's terms."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.permissions import coordinated_programs, coordinator_page, has_role
from volunteers import agreements, selectors, services
from volunteers.agreement_api import pdf_response
from volunteers.agreement_model_text import model_text
from volunteers.forms import AgreementTermsForm, PaperSignatureForm, SignedAgreementForm
from volunteers.models import VolunteerAgreement, VolunteerProfile


def _errors_to(form: object, error: ValidationError) -> None:
    for field, field_messages in error.message_dict.items():
        target = field if field in form.fields else None  # type: ignore[attr-defined]
        form.add_error(target, field_messages)  # type: ignore[attr-defined]


def _own_volunteer(request: HttpRequest) -> VolunteerProfile:
    user = cast(User, request.user)
    if not has_role(user, Role.VOLUNTEER):
        raise PermissionDenied
    return services.volunteer_profile_get_or_create(user=user)


@login_required
def my_agreement(request: HttpRequest) -> HttpResponse:
    """The volunteer's agreement: ask for it, download it, upload it signed."""
    volunteer = _own_volunteer(request)
    form = SignedAgreementForm()
    if request.method == "POST" and request.POST.get("action") == "make":
        try:
            _agreement, created = agreements.agreement_make(volunteer=volunteer)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if created:
                messages.success(request, _("Your agreement is ready to download and sign."))
        return redirect("volunteer-agreement-page")
    agreement = agreements.agreement_current(volunteer)
    if request.method == "POST" and agreement is not None:
        form = SignedAgreementForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                agreements.agreement_sign_electronically(
                    agreement=agreement,
                    signed_document=form.cleaned_data["signed_pdf"].read(
                        agreements.MAX_SIGNED_BYTES + 1
                    ),
                    by=cast(User, request.user),
                )
            except ValidationError as error:
                _errors_to(form, error)
            except agreements.AgreementConflict as conflict:
                messages.error(request, conflict.message)
                return redirect("volunteer-agreement-page")
            else:
                messages.success(request, _("Your signed agreement is kept. Thank you."))
                return redirect("volunteer-agreement-page")
    return render(
        request,
        "residents/agreement.html",
        {
            "agreement": agreement,
            "terms": agreements.terms_of(volunteer.program_id),
            "form": form,
        },
    )


@login_required
def my_agreement_pdf(request: HttpRequest) -> HttpResponse:
    agreement = agreements.agreement_current(_own_volunteer(request))
    if agreement is None:
        raise Http404
    return pdf_response(VolunteerAgreement.objects.get(pk=agreement.pk))


@coordinator_page
def volunteer_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    """A volunteer's agreement for their coordinator: its state, and recording it signed on
    paper."""
    volunteer = selectors.volunteer_for_coordinator(request.user, pk)
    agreement = agreements.agreement_current(volunteer)
    form = PaperSignatureForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "make":
        try:
            agreements.agreement_make(volunteer=volunteer)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("coordinator-volunteer-agreement-page", pk)
    if request.method == "POST" and agreement is not None and form.is_valid():
        try:
            agreements.agreement_sign_on_paper(
                agreement=agreement, by=cast(User, request.user), **form.cleaned_data
            )
        except ValidationError as error:
            _errors_to(form, error)
        except agreements.AgreementConflict as conflict:
            messages.error(request, conflict.message)
            return redirect("coordinator-volunteer-agreement-page", pk)
        else:
            messages.success(request, _("The signed agreement is recorded."))
            return redirect("coordinator-volunteer-agreement-page", pk)
    return render(
        request,
        "coordinators/volunteer_agreement.html",
        {"volunteer": volunteer, "agreement": agreement, "form": form},
    )


@coordinator_page
def volunteer_agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = selectors.volunteer_for_coordinator(request.user, pk)
    agreement = agreements.agreement_current(volunteer)
    if agreement is None:
        raise Http404
    return pdf_response(VolunteerAgreement.objects.get(pk=agreement.pk))


@coordinator_page
def terms_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme's agreement terms: its legal identity and the text (programme settings)."""
    program = coordinated_programs(request.user).filter(slug=slug).first()
    if program is None:
        raise Http404
    terms = agreements.terms_of(program.pk)
    fields = list(AgreementTermsForm.base_fields)
    initial = (
        {name: getattr(terms, name) for name in fields}
        if terms is not None
        else {"text_pl": model_text("pl"), "text_uk": model_text("uk"), "text_en": model_text("en")}
    )
    form = AgreementTermsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            agreements.terms_save(program=program, by=cast(User, request.user), **form.cleaned_data)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("The agreement terms are saved."))
            return redirect("coordinator-agreement-terms-page", slug)
    return render(
        request,
        "coordinators/agreement_terms.html",
        {"program": program, "terms": terms, "form": form},
    )
