from typing import Any, cast

from allauth.account import views as allauth_views
from allauth.account.adapter import get_adapter
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts import selectors
from accounts.home import home_sections
from accounts.models import Membership, User
from accounts.services import SELF_REGISTERING_ROLES


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a signed-in person lands: their programmes and role in each."""
    user = cast(User, request.user)
    memberships = list(
        Membership.objects.filter(user=user).select_related("program").order_by("pk")
    )
    for membership in memberships:
        membership.user = user  # the sections read the person: already loaded, not queried
    return render(
        request,
        "accounts/home.html",
        {"memberships": memberships, "sections": home_sections(memberships)},
    )


class LoginView(allauth_views.LoginView):
    """allauth's sign-in page; once the failures allowed are used up it answers 429 Too Many
    Requests (with the form and allauth's message), as the API does."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        throttled = get_adapter(self.request).error_messages["too_many_login_attempts"]
        if str(throttled) in [str(message) for message in form.non_field_errors()]:
            response.status_code = 429
        return response


class SignupView(allauth_views.SignupView):
    """allauth's sign-up page, with the role chosen on the landing page (`?role=`) and a
    city's own link (`?program=<slug>`) already filled in."""

    def get_initial(self) -> dict[str, Any]:
        initial = dict(super().get_initial())
        role = self.request.GET.get("role")
        if role in SELF_REGISTERING_ROLES:
            initial["role"] = role
        program = selectors.program_by_slug(self.request.GET.get("program", ""))
        if program is not None:
            initial["program"] = program.pk
        return initial
