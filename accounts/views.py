from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Membership, User


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a signed-in person lands: their programmes and role in each."""
    memberships = Membership.objects.filter(user=cast(User, request.user)).select_related("program")
    return render(request, "accounts/home.html", {"memberships": memberships})
