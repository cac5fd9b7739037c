"""Who may act: roles are per programme, held in memberships."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from accounts.models import Membership, Program, Role
from accounts.scoping import known_memberships


def has_role(user: Any, role: str) -> bool:
    if not user or not user.is_authenticated:
        return False
    known = known_memberships(user)
    if known is None:
        return Membership.objects.filter(user=user, role=role).exists()
    return any(held == role for _program_id, held in known)


def is_coordinator(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_staff) or has_role(
        user, Role.COORDINATOR
    )


def coordinated_programs(user: Any) -> QuerySet[Program]:
    """Programmes the user coordinates (staff: every programme)."""
    if user.is_staff:
        return Program.directory.all()
    return Program.directory.filter(memberships__user=user, memberships__role=Role.COORDINATOR)


def within_coordinated_programs(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """Rows of programmes `user` coordinates: what a coordinator may change.

    The request's scope may be wider (someone can volunteer in one programme and coordinate
    another); writes and coordinators' pages narrow it with this.
    """
    known = None if user.is_staff else known_memberships(user)
    if known is None:
        return queryset.filter(program__in=coordinated_programs(user))
    # The ids the request already read: a list is cheaper to plan than the subquery.
    return queryset.filter(
        program_id__in=sorted(program_id for program_id, role in known if role == Role.COORDINATOR)
    )


def program_for_coordinator(user: Any, slug: str | None) -> Program:
    """The programme named by `slug`, or the coordinator's only one; 400 on `program` else."""
    programs = coordinated_programs(user)
    if slug:
        program = programs.filter(slug=slug).first()
        if program is None:
            raise serializers.ValidationError({"program": [_("Unknown programme.")]})
        return program
    only = list(programs[:2])
    if len(only) != 1:
        raise serializers.ValidationError({"program": [_("Say which programme.")]})
    return only[0]


class IsCoordinator(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return is_coordinator(request.user)


class IsVolunteer(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return has_role(request.user, Role.VOLUNTEER)


class IsNewcomer(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return has_role(request.user, Role.NEWCOMER)


PageView = Callable[..., HttpResponse]


def coordinator_page(view: PageView) -> PageView:
    """A page for coordinators (and staff): sign-in first, then 403 for anyone else."""

    @login_required
    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_coordinator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked
