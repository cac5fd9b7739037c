"""/api/v1/matches/ and /api/v1/matching-runs/: proposals, decisions and batch runs."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.permissions import IsCoordinator, coordinated_programs, program_for_coordinator
from core.api_views import as_drf_error
from matching import selectors, services
from matching.filters import MatchFilter
from matching.models import Match, MatchingRun
from matching.serializers import (
    ApproveInput,
    ConflictSerializer,
    MatchingRunSerializer,
    MatchSerializer,
    ProposeInput,
    ReasonInput,
    RunInput,
)

DECISION_ACTIONS = {"create", "approve", "reject", "do_not_pair"}


def coordinated_program_ids(user: Any) -> set[int] | None:
    """The programmes whose confidential details the user may read; None: all (staff)."""
    if user.is_staff:
        return None
    return set(coordinated_programs(user).values_list("pk", flat=True))


def conflict(error: services.MatchConflict) -> Response:
    return Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)


def match_decided(request: Request, match_pk: int, decide: Any, data: Any) -> Response:
    """A coordinator's decision on one of their matches: 200 with the match as it is now,
    400 naming the field, 409 when its state does not allow it, 404 for anyone else's."""
    user = request.user
    match = selectors.match_for_coordinator(user, match_pk)
    try:
        decided = decide(match=match, by=cast(User, user), **data)
    except DjangoValidationError as error:
        raise as_drf_error(error) from None
    except services.MatchConflict as error:
        return conflict(error)
    context = {"request": request, "coordinated_program_ids": coordinated_program_ids(user)}
    return Response(MatchSerializer(decided, context=context).data)


class MatchViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Match]
):
    """Everyone signed in lists what they may see; coordinators propose and decide."""

    serializer_class = MatchSerializer
    filterset_class = MatchFilter
    lookup_value_regex = "[0-9]+"  # the views read the id as a number

    def get_permissions(self) -> list[BasePermission]:
        if self.action in DECISION_ACTIONS:
            return [IsAuthenticated(), IsCoordinator()]
        return [IsAuthenticated()]

    def get_queryset(self) -> QuerySet[Match]:
        if getattr(self, "swagger_fake_view", False):
            return Match.objects.none()
        return selectors.matches_visible_to(self.request.user).prefetch_related("decisions__by")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if self.request.user.is_authenticated:
            context["coordinated_program_ids"] = coordinated_program_ids(self.request.user)
        return context

    def respond(self, match: Match, *, code: int = status.HTTP_200_OK) -> Response:
        """`match` as the services return it: loaded, so answering reads nothing more."""
        return Response(
            MatchSerializer(match, context=self.get_serializer_context()).data, status=code
        )

    def decided(self, match_pk: str, decide: Any, data: Any) -> Response:
        return match_decided(self.request, int(match_pk), decide, data)

    @extend_schema(responses=MatchSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        match = selectors.match_for(request.user, int(kwargs["pk"]))
        return Response(MatchSerializer(match, context=self.get_serializer_context()).data)

    @extend_schema(request=ProposeInput, responses={201: MatchSerializer, 409: ConflictSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ProposeInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        try:
            match = services.match_propose(**data.validated_data, by=cast(User, request.user))
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        except services.MatchConflict as error:
            return conflict(error)
        return self.respond(match, code=status.HTTP_201_CREATED)

    @extend_schema(request=ApproveInput, responses={200: MatchSerializer, 409: ConflictSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        data = ApproveInput(data=request.data)
        data.is_valid(raise_exception=True)
        started_on = data.validated_data.get("started_on")
        return self.decided(pk, services.match_approve, {"started_on": started_on})

    @extend_schema(request=ReasonInput, responses={200: MatchSerializer, 409: ConflictSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self.decided(pk, services.match_reject, data.validated_data)

    @extend_schema(request=ReasonInput, responses={200: MatchSerializer, 409: ConflictSerializer})
    @action(detail=True, methods=["post"], url_path="do-not-pair")
    def do_not_pair(self, request: Request, pk: str) -> Response:
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self.decided(pk, services.match_do_not_pair, data.validated_data)


class MatchingRunViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[MatchingRun],
):
    """Coordinators start batch runs for their programmes and follow their progress."""

    permission_classes = [IsAuthenticated, IsCoordinator]
    serializer_class = MatchingRunSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[MatchingRun]:
        if getattr(self, "swagger_fake_view", False):
            return MatchingRun.objects.none()
        return selectors.runs_for_coordinator(self.request.user)

    def get_object(self) -> MatchingRun:
        return selectors.run_for_coordinator(self.request.user, int(self.kwargs["pk"]))

    @extend_schema(request=RunInput, responses={202: MatchingRunSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = RunInput(data=request.data)
        data.is_valid(raise_exception=True)
        program = program_for_coordinator(request.user, data.validated_data.get("program"))
        run = services.run_start(
            program=program, by=cast(User, request.user), is_exact=data.validated_data["exact"]
        )
        return Response(MatchingRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)
