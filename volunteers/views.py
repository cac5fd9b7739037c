"""Server-rendered pages of residents (their profile) and of coordinators (the pool)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.permissions import coordinated_programs, coordinator_page, has_role
from core.languages import reader_language
from core.pagination import query_without_page
from core.vocabulary import language_levels, skill_labels
from volunteers import selectors, services
from volunteers.filters import VolunteerFilter
from volunteers.forms import VolunteerProfileForm

PAGE_SIZE = 50


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """'Become an ambassador': the volunteer's own profile."""
    user = cast(User, request.user)
    if not has_role(user, Role.VOLUNTEER):
        raise PermissionDenied
    volunteer = services.volunteer_profile_get_or_create(user=user)
    form = VolunteerProfileForm(
        request.POST or None, initial=VolunteerProfileForm.initial_for(volunteer)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_profile_update(profile=volunteer, data=form.service_data())
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                target = "city" if field == "location" else field
                form.add_error(target if target in form.fields else None, field_messages)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("volunteer-profile-page")
    return render(request, "residents/profile.html", {"form": form})


@coordinator_page
def volunteer_list(request: HttpRequest) -> HttpResponse:
    """The programme's pool for its coordinators; never a street address."""
    volunteers_in_reach = selectors.volunteers_for_coordinator(request.user)
    filters = VolunteerFilter(request.GET, queryset=volunteers_in_reach)
    volunteers = filters.qs if filters.is_valid() else filters.queryset.none()
    page = Paginator(volunteers, PAGE_SIZE).get_page(request.GET.get("page"))
    lang = reader_language()
    rows = [
        {
            "id": volunteer.pk,
            "name": volunteer.user.full_name,
            "languages": language_levels(volunteer.languages, lang),
            "skills": skill_labels(volunteer.skills, lang),
            "place_name": volunteer.place_name,
            "status": volunteer.get_status_display(),
            "is_trained": volunteer.is_trained,
            "active_matches": volunteer.active_matches,
            "capacity": volunteer.capacity,
        }
        for volunteer in page.object_list
    ]
    return render(
        request,
        "coordinators/volunteers.html",
        {
            "filters": filters.form,
            "page": page,
            "rows": rows,
            "query": query_without_page(request),
            # Each programme's agreement terms are its settings (volunteers.agreements).
            "programs": list(coordinated_programs(request.user).only("slug", "name")),
        },
    )
