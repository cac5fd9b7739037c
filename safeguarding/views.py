"""Pages: the concern form (from a match page, or from the link in an e-mail without signing
in) and the safeguarding leads' case pages in the coordinators' workspace."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from accounts.models import Membership, Program, Role, User
from accounts.permissions import coordinated_programs, coordinator_page
from core.languages import reader_language
from core.views import confirmation_page
from matching.concern_links import ConcernLinkInvalid, concern_link_read
from matching.models import Match
from matching.selectors import PARTICIPANTS_SEE, matches_visible_to
from newcomers.models import NewcomerProfile
from safeguarding import selectors, services
from safeguarding.forms import (
    ABOUT_NEWCOMER,
    ABOUT_PARTNER,
    ABOUT_VOLUNTEER,
    CaseForm,
    ConcernForm,
    LeadForm,
    PersonConcernForm,
    PolicyForm,
    StepForm,
)
from safeguarding.models import PolicyReading
from safeguarding.policy import policy_confirm, policy_of, policy_save
from volunteers.models import VolunteerProfile


def _partner(user: User, match: Match) -> User | None:
    """The other person of the match, when the reader is one of its two people."""
    if match.volunteer.user_id == user.pk:
        return match.newcomer.user
    if match.newcomer.user_id == user.pk:
        return match.volunteer.user
    return None


def _is_pair(user: User, match: Match) -> bool:
    return user.pk in (match.volunteer.user_id, match.newcomer.user_id)


def _show_errors(form: Any, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _people_of_match(match: Match) -> list[tuple[str, str, User | NewcomerProfile]]:
    """Whom a coordinator may name from the match page: its volunteer and its newcomer (by
    their account, or by their profile when registered at an intake without one)."""
    volunteer = match.volunteer.user
    newcomer = match.newcomer
    label = _("The newcomer, %(name)s") % {"name": newcomer.first_name}
    return [
        (ABOUT_VOLUNTEER, _("The volunteer, %(name)s") % {"name": volunteer.first_name}, volunteer),
        (ABOUT_NEWCOMER, label, newcomer.user if newcomer.user is not None else newcomer),
    ]


def _concern_form(request: HttpRequest, *, user: User, match: Match, action: str) -> HttpResponse:
    partner = _partner(user, match)
    # Not one of the pair: a coordinator of its programme (or staff), who names whom it is
    # about and may raise it for the newcomer.
    people = None if _is_pair(user, match) else _people_of_match(match)
    form = ConcernForm(
        request.POST or None,
        with_about=partner is not None,
        people=None if people is None else [(code, label) for code, label, _user in people],
    )
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        about_newcomer = None
        if people is None:
            about = partner if values.get("about") == ABOUT_PARTNER else None
        else:
            who = next((who for code, _label, who in people if code == values["about"]), None)
            about = who if isinstance(who, User) else None
            about_newcomer = who if isinstance(who, NewcomerProfile) else None
        try:
            concern = services.concern_raise(
                by=user,
                match=match,
                about=about,
                about_newcomer=about_newcomer,
                category=values["category"],
                description=values["description"],
                urgent=values["urgent"],
                for_newcomer=bool(values.get("for_newcomer")),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            return render(
                request, "safeguarding/concern_done.html", {"concern": concern, "match": match}
            )
    return render(
        request,
        "safeguarding/concern_form.html",
        {"form": form, "match": match, "action": action, "program": match.program},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def concern_from_match(request: HttpRequest, pk: int) -> HttpResponse:
    """The concern form on a match: its two people and its programme's coordinators."""
    user = cast(User, request.user)
    match = matches_visible_to(user).filter(pk=pk).first()
    if match is None:
        raise Http404
    return _concern_form(request, user=user, match=match, action=request.path)


def concern_from_link(request: HttpRequest, token: str) -> HttpResponse:
    """The concern form from the link in an e-mail: no password, for the person it was sent
    to about their match (the link is signed and expires)."""
    try:
        link = concern_link_read(token)
    except ConcernLinkInvalid:
        return render(request, "safeguarding/concern_link_invalid.html", status=410)
    with scopes_disabled():  # the signed link names the match and its person
        user = User.objects.filter(pk=link.user_id, is_active=True).first()
        match = (
            Match.objects.select_related("program", "volunteer__user", "newcomer__user")
            .filter(pk=link.match_id, status__in=PARTICIPANTS_SEE)
            .filter(Q(volunteer__user_id=link.user_id) | Q(newcomer__user_id=link.user_id))
            .first()
        )
        if user is None or match is None:
            return render(request, "safeguarding/concern_link_invalid.html", status=410)
        return _concern_form(request, user=user, match=match, action=request.path)


# The leads' pages ---------------------------------------------------------------------------


def _people_of(user: Any) -> dict[int, tuple[User, Program]]:
    """Volunteers and newcomers (with an account) of the programmes `user` coordinates."""
    memberships = (
        Membership.objects.filter(
            program__in=coordinated_programs(user),
            role__in=(Role.VOLUNTEER, Role.NEWCOMER),
            user__is_active=True,
        )
        .select_related("user", "program")
        .order_by("user__full_name", "pk")
    )
    return {membership.user_id: (membership.user, membership.program) for membership in memberships}


@coordinator_page
def concern_new_page(request: HttpRequest) -> HttpResponse:
    """A coordinator raises a concern about any person of their programmes."""
    people = _people_of(request.user)
    choices = [
        (pk, f"{person.full_name} ({program.name})") for pk, (person, program) in people.items()
    ]
    form = PersonConcernForm(request.POST or None, people=choices)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        about, program = people[values["person"]]
        try:
            services.concern_raise(
                by=cast(User, request.user),
                about=about,
                program=program,
                category=values["category"],
                description=values["description"],
                urgent=values["urgent"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The safeguarding lead has been told."))
            return redirect("coordinator-concerns-page")
    return render(
        request,
        "safeguarding/concern_new.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@coordinator_page
def concerns_page(request: HttpRequest) -> HttpResponse:
    """The lead's cases, open first. A coordinator who is not a lead sees none, and is told
    who reads them; everyone sees each programme's leads."""
    concerns = list(selectors.concerns_for_lead(request.user)[:200])
    programs = coordinated_programs(request.user).order_by("name")
    leads = selectors.leads_by_program(programs)
    return render(
        request,
        "safeguarding/concerns.html",
        {
            "concerns": concerns,
            "is_lead": selectors.is_lead(request.user),
            "programs": [(program, leads.get(program.pk, [])) for program in programs],
        },
    )


def _coordinated(request: HttpRequest, slug: str) -> Program:
    """A programme the reader coordinates (staff: any), or 404."""
    program = coordinated_programs(request.user).filter(slug=slug).first()
    if program is None:
        raise Http404
    return program


def _leads_page(
    request: HttpRequest, program: Program, form: LeadForm | None = None, status: int = 200
) -> HttpResponse:
    may_name = selectors.may_name_leads(request.user, program)
    candidates = selectors.lead_candidates(program)
    leads = [membership.user for membership in selectors.lead_memberships(program)]
    return render(
        request,
        "safeguarding/leads.html",
        {
            "program": program,
            "leads": leads,
            "may_name": may_name,
            "last_stays": bool(
                len(leads) == 1 and services.lead_removal_refused(program=program, user=leads[0])
            ),
            "form": form or LeadForm(candidates=[(user.pk, user.full_name) for user in candidates]),
            "has_candidates": bool(candidates),
        },
        status=status,
    )


@coordinator_page
def leads_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme's safeguarding leads; its leads (staff, or any coordinator while it has
    none) name another from its coordinators."""
    program = _coordinated(request, slug)
    if request.method != "POST":
        return _leads_page(request, program)
    if not selectors.may_name_leads(request.user, program):
        raise PermissionDenied
    candidates = selectors.lead_candidates(program)
    form = LeadForm(request.POST, candidates=[(user.pk, user.full_name) for user in candidates])
    if form.is_valid():
        named = next(user for user in candidates if user.pk == form.cleaned_data["user"])
        try:
            services.lead_name(program=program, user=named, by=cast(User, request.user))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now a safeguarding lead of %(program)s.")
                % {"name": named.full_name, "program": program.name},
            )
            return redirect("coordinator-leads-page", slug=program.slug)
    return _leads_page(request, program, form, status=400)


@coordinator_page
def lead_remove_page(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """Removing a lead asks first, saying where new concerns go when it was the last."""
    program = _coordinated(request, slug)
    lead = next(
        (
            membership.user
            for membership in selectors.lead_memberships(program)
            if membership.user_id == user_id
        ),
        None,
    )
    if lead is None:
        raise Http404
    if not selectors.may_name_leads(request.user, program):
        raise PermissionDenied
    refused = services.lead_removal_refused(program=program, user=lead)
    if refused:  # said before the question, not after it
        messages.error(request, refused)
        return _leads_page(request, program, status=409)
    back = reverse("coordinator-leads-page", args=[program.slug])
    if request.method == "POST":
        try:
            services.lead_remove(program=program, user=lead, by=cast(User, request.user))
        except ValidationError as error:  # the last other lead was removed meanwhile
            messages.error(request, " ".join(error.messages))
            return _leads_page(request, program, status=409)
        messages.success(
            request,
            _("%(name)s is no longer a safeguarding lead of %(program)s.")
            % {"name": lead.full_name, "program": program.name},
        )
        return redirect(back)
    warnings = []
    if not selectors.lead_memberships(program).exclude(user=lead).exists():
        warnings.append(
            _(
                "This is the programme's last safeguarding lead. Until another is named, new "
                "concerns are e-mailed to %(address)s and only staff read the case records here."
            )
            % {"address": program.safeguarding_email}
        )
    return confirmation_page(
        request,
        title=_("Remove %(name)s as a safeguarding lead?") % {"name": lead.full_name},
        subject=program.name,
        happens=[_("They no longer read the programme's concerns nor hear of new ones.")],
        told=[],
        action=request.path,
        button=_("Remove the lead"),
        destructive=True,
        back=back,
        warnings=warnings,
    )


@coordinator_page
def concern_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One case: what was raised, by whom, about whom, its dated steps, and the forms that
    move it on."""
    user = cast(User, request.user)
    concern = selectors.concern_for_lead(user, pk)
    case_form = CaseForm(initial={"status": concern.status})
    step_form = StepForm()
    if request.method == "POST":
        if "step" in request.POST:
            step_form = StepForm(request.POST)
            if step_form.is_valid():
                step = (
                    services.concern_pause
                    if step_form.cleaned_data["step"] == "pause"
                    else (services.concern_resume)
                )
                try:
                    step(concern=concern, by=user, note=step_form.cleaned_data["note"])
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, _("Saved."))
                return redirect("coordinator-concern-page", pk=concern.pk)
        else:
            case_form = CaseForm(request.POST)
            if case_form.is_valid():
                values = case_form.cleaned_data
                try:
                    services.concern_update(
                        concern=concern,
                        by=user,
                        status=values["status"],
                        outcome=values["outcome"] or None,
                        note=values["note"],
                    )
                except ValidationError as error:
                    _show_errors(case_form, error)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("coordinator-concern-page", pk=concern.pk)
    return render(
        request,
        "safeguarding/concern.html",
        {"concern": concern, "case_form": case_form, "step_form": step_form},
        status=400 if request.method == "POST" else 200,
    )


# The policy ---------------------------------------------------------------------------------


def policies_page(request: HttpRequest) -> HttpResponse:
    """Every programme's safeguarding policy (the footer's link)."""
    programs = Program.directory.order_by("name")
    return render(request, "safeguarding/policies.html", {"programs": programs})


def policy_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's policy in the reader's language, for everyone; its volunteers confirm
    they have read it, its leads edit it."""
    program = Program.directory.filter(slug=slug).first()
    if program is None:
        raise Http404
    user = request.user
    policy = policy_of(program)
    with scopes_disabled():  # narrowed to the reader's own profile in this programme
        volunteer = (
            VolunteerProfile.objects.filter(user=user, program=program).first()
            if user.is_authenticated
            else None
        )
    may_edit = selectors.is_lead(user, program)
    form = PolicyForm(
        initial={
            "text_pl": policy.text_pl if policy else "",
            "text_uk": policy.text_uk if policy else "",
            "text_en": policy.text_en if policy else "",
        }
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm" and volunteer is not None and policy is not None:
            policy_confirm(volunteer=volunteer, by=cast(User, user))
            messages.success(request, _("Thank you. We have noted that you read the policy."))
            return redirect("safeguarding-policy-page", slug=program.slug)
        if action == "edit" and may_edit:
            form = PolicyForm(request.POST)
            if form.is_valid():
                try:
                    policy_save(program=program, by=cast(User, user), **form.cleaned_data)
                except ValidationError as error:
                    _show_errors(form, error)
                else:
                    messages.success(request, _("The policy is published."))
                    return redirect("safeguarding-policy-page", slug=program.slug)
        elif action not in ("confirm", "edit") or not may_edit:
            raise Http404
    reading = None
    if volunteer is not None and policy is not None:
        with scopes_disabled():
            reading = (
                PolicyReading.objects.filter(volunteer=volunteer, version=policy.version)
                .order_by("-pk")
                .first()
            )
    return render(
        request,
        "safeguarding/policy.html",
        {
            "program": program,
            "policy": policy,
            "text": policy.text_in(reader_language()) if policy else "",
            "volunteer": volunteer,
            "reading": reading,
            "may_edit": may_edit,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
