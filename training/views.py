"""Training pages: coordinators' modules, sessions and attendance, lapses, a volunteer's record;
the resident's "my training" with sign-up for sessions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from accounts.permissions import (
    coordinated_programs,
    coordinator_page,
    has_role,
    within_coordinated_programs,
)
from core import clock
from core.languages import reader_language
from training import checks, lapses, services
from training.defaults import default_module_titles
from training.forms import (
    AttendanceForm,
    CheckForm,
    CompletionForm,
    ModuleForm,
    SessionForm,
)
from training.models import SessionSignup, TrainingModule, TrainingSession
from training.selectors import training_overview
from volunteers.models import VolunteerStatus
from volunteers.selectors import confirmed_volunteers
from volunteers.services import volunteer_profile_get_or_create

View = Callable[..., HttpResponse]


def _show_errors(form: Form, error: ValidationError) -> None:
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


@coordinator_page
def modules(request: HttpRequest) -> HttpResponse:
    """The programme's modules, a form to add one, and the typical ones on offer."""
    programs = coordinated_programs(request.user)
    if request.method == "POST" and request.POST.get("action") == "defaults":
        program = get_object_or_404(programs, pk=request.POST.get("program"))
        added = services.modules_add_defaults(program=program)
        messages.success(request, _("%(count)d typical modules added.") % {"count": len(added)})
        return redirect("coordinator-modules-page")
    form = ModuleForm(request.POST or None)
    form.limit_programs(programs)
    if request.method == "POST" and form.is_valid():
        try:
            services.module_create(program=form.cleaned_data["program"], data=form.service_data())
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The module is added."))
            return redirect("coordinator-modules-page")
    rows = within_coordinated_programs(
        TrainingModule.objects.select_related("program"), request.user
    ).order_by("program__name", "position", "pk")
    programs_without_modules = programs.exclude(pk__in=rows.values("program_id"))
    return render(
        request,
        "coordinators/training_modules.html",
        {
            "modules": rows,
            "form": form,
            "language": reader_language(),
            "programs_without_modules": programs_without_modules,
            "default_titles": default_module_titles(reader_language()),
            "several_programs": programs.count() > 1,
        },
    )


@coordinator_page
def module_edit(request: HttpRequest, pk: int) -> HttpResponse:
    module = get_object_or_404(
        within_coordinated_programs(TrainingModule.objects.all(), request.user), pk=pk
    )
    form = ModuleForm(request.POST or None, initial=ModuleForm.initial_for(module))
    form.limit_programs(coordinated_programs(request.user).filter(pk=module.program_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.module_update(module=module, data=form.service_data())
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The module is saved."))
            return redirect("coordinator-modules-page")
    return render(
        request, "coordinators/training_module_edit.html", {"form": form, "module": module}
    )


@coordinator_page
def sessions(request: HttpRequest) -> HttpResponse:
    """Upcoming and recent sessions with their sign-ups, and a form to schedule one."""
    module_choices = within_coordinated_programs(
        TrainingModule.objects.filter(is_active=True), request.user
    )
    form = SessionForm(request.POST or None, modules=module_choices)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        module = data.pop("module")
        already_held = data.pop("already_held", False)
        try:
            session = services.session_schedule(
                module=module, data=data, by=cast(User, request.user)
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            if already_held:
                messages.success(request, _("The session is recorded: now mark who came."))
                return redirect("coordinator-session-page", pk=session.pk)
            messages.success(request, _("The session is scheduled."))
            return redirect("coordinator-sessions-page")
    listed = (
        within_coordinated_programs(TrainingSession.objects.all(), request.user)
        .filter(starts_at__gte=clock.start_of(clock.today() - timedelta(days=60)))
        .select_related("module")
        .annotate(signup_count=Count("signups"))
        .order_by("starts_at", "pk")
    )
    return render(
        request,
        "coordinators/training_sessions.html",
        {"sessions": listed, "form": form, "language": reader_language(), "now": timezone.now()},
    )


@coordinator_page
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The sign-up list of one session; one submit marks everyone present or absent."""
    session = get_object_or_404(
        within_coordinated_programs(TrainingSession.objects.select_related("module"), request.user),
        pk=pk,
    )
    signups = list(SessionSignup.objects.filter(session=session).select_related("volunteer__user"))
    choices = [(signup.volunteer_id, signup.volunteer.user.full_name) for signup in signups]
    initial = {"attended": [signup.volunteer_id for signup in signups if signup.attended]}
    has_started = session.starts_at <= timezone.now()
    walk_in_choices = (
        list(
            confirmed_volunteers()
            .filter(program_id=session.program_id)
            .exclude(status=VolunteerStatus.WITHDRAWN)
            .exclude(pk__in=[signup.volunteer_id for signup in signups])
            .order_by("user__full_name", "pk")
            .values_list("pk", "user__full_name")
        )
        if has_started
        else []
    )
    form = AttendanceForm(
        request.POST or None, choices=choices, walk_in_choices=walk_in_choices, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_mark(
                session=session,
                attended_volunteer_ids=[int(value) for value in form.cleaned_data["attended"]],
                walk_in_volunteer_ids=[int(value) for value in form.cleaned_data["walk_ins"]],
                by=cast(User, request.user),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Attendance is saved; those present completed the module."))
            return redirect("coordinator-session-page", pk=session.pk)
    return render(
        request,
        "coordinators/training_session.html",
        {
            "session": session,
            "signups": signups,
            "form": form,
            "title": session.module.title_in(reader_language()),
            "has_started": has_started,
        },
    )


@coordinator_page
def lapse_list(request: HttpRequest) -> HttpResponse:
    """Who is about to lapse within 30 days, or lapsed recently, soonest first."""
    program_ids = coordinated_programs(request.user).values_list("pk", flat=True)
    today = clock.today()
    language = reader_language()
    rows = [
        {
            "volunteer": lapse.volunteer,
            "item": lapse.item_in(language),
            "expires_on": lapse.expires_on,
            "days_left": lapse.days_left(today),
        }
        for lapse in lapses.lapses_for_coordinator(program_ids=program_ids, today=today)
    ]
    return render(request, "coordinators/training_lapses.html", {"rows": rows})


@coordinator_page
def volunteer_training(request: HttpRequest, pk: int) -> HttpResponse:
    """One volunteer's record: completions, missing modules, safeguarding; forms to add."""
    volunteer = get_object_or_404(
        within_coordinated_programs(confirmed_volunteers().select_related("user"), request.user),
        pk=pk,
    )
    modules_of_program = TrainingModule.objects.filter(program_id=volunteer.program_id)
    completion_form = CompletionForm(
        request.POST if request.POST.get("action") == "completion" else None,
        modules=modules_of_program,
        prefix="completion",
    )
    check_form = CheckForm(
        request.POST if request.POST.get("action") == "check" else None, prefix="check"
    )
    by = cast(User, request.user)
    if completion_form.is_bound and completion_form.is_valid():
        services.completions_record(
            entries=[
                services.CompletionEntry(
                    volunteer_id=volunteer.pk,
                    module=completion_form.cleaned_data["module"],
                    completed_on=completion_form.cleaned_data["completed_on"],
                )
            ],
            by=by,
        )
        messages.success(request, _("The completion is recorded."))
        return redirect("coordinator-volunteer-training-page", pk=volunteer.pk)
    if check_form.is_bound and check_form.is_valid():
        try:
            checks.safeguarding_check_record(volunteer=volunteer, by=by, **check_form.cleaned_data)
        except ValidationError as error:
            _show_errors(check_form, error)
        else:
            messages.success(request, _("The check is recorded."))
            return redirect("coordinator-volunteer-training-page", pk=volunteer.pk)
    volunteer.refresh_from_db()
    return render(
        request,
        "coordinators/volunteer_training.html",
        {
            "overview": training_overview(volunteer),
            "completion_form": completion_form,
            "check_form": check_form,
            "language": reader_language(),
            "today": clock.today(),
        },
    )


@login_required
def my_training(request: HttpRequest) -> HttpResponse:
    """'My training': what is missing, what is done (and until when), and the next sessions."""
    user = cast(User, request.user)
    if not has_role(user, Role.VOLUNTEER):
        raise PermissionDenied
    volunteer = volunteer_profile_get_or_create(user=user)
    return render(
        request,
        "residents/training.html",
        {
            "overview": training_overview(volunteer),
            "language": reader_language(),
            "today": clock.today(),
        },
    )


@require_POST
@login_required
def session_sign_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Take or give back a place (`action=cancel`) in a session of the volunteer's programme."""
    user = cast(User, request.user)
    if not has_role(user, Role.VOLUNTEER):
        raise PermissionDenied
    volunteer = volunteer_profile_get_or_create(user=user)
    session = get_object_or_404(
        TrainingSession.objects.filter(program_id=volunteer.program_id), pk=pk
    )
    try:
        if request.POST.get("action") == "cancel":
            services.session_cancel_sign_up(session=session, volunteer=volunteer)
            messages.success(request, _("You gave back your place."))
        else:
            services.session_sign_up(session=session, volunteer=volunteer)
            messages.success(request, _("You are signed up. See you there!"))
    except ValidationError as error:
        for field_messages in error.message_dict.values():
            for message in field_messages:
                messages.error(request, message)
    return redirect("volunteer-training-page")
