"""Building blocks shared by the apps' API views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response


def as_drf_error(error: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as DRF's 400 shape: {"field": ["message", ...]}."""
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


class JSONErrorsMixin:
    """Errors are JSON whatever the client asked for (`?format=pdf`, `Accept: text/csv`): a
    PDF or a CSV of an error is nobody's friend, and the schema declares errors as JSON."""

    def handle_exception(self, exc: Exception) -> Response:
        request = getattr(self, "request", None)
        if request is not None:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)  # type: ignore[misc]


class OwnProfileView(generics.GenericAPIView):  # type: ignore[type-arg]
    """GET and PATCH of the caller's own profile.

    Subclasses set `serializer_class` and the two services: `load_profile(user=)` finds or
    makes the profile, `update_profile(profile=, data=)` applies validated changes.
    """

    load_profile: Callable[..., Any]
    update_profile: Callable[..., Any]

    def get(self, request: Request) -> Response:
        return Response(self.get_serializer(self.load_profile(user=request.user)).data)

    def patch(self, request: Request) -> Response:
        profile = self.load_profile(user=request.user)
        data = self.get_serializer(profile, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            profile = self.update_profile(profile=profile, data=data.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(self.get_serializer(profile).data)
