"""The six months through the API: `/api/v1/matches/{id}/check-ins/` (the match's two people
and its coordinators log and read its meetings; anyone else gets 404, so a match's existence
does not leak) and `/api/v1/matches/{id}/end/` (a coordinator ends an active match early)."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.permissions import IsCoordinator
from commitments.checkins import (
    check_in_duration_correct,
    check_in_log,
    check_ins_for_coordinator,
    check_ins_of,
    is_participant,
)
from commitments.models import CheckIn, CheckInMode
from commitments.services import match_end
from core.api_views import as_drf_error
from core.vocabulary import SKILL_CHOICES
from matching import selectors
from matching.api import match_decided
from matching.models import EndReason, Match
from matching.serializers import ConflictSerializer, MatchSerializer, ReasonInput, name_as_seen
from matching.services import MatchConflict


class CheckInInput(serializers.Serializer[Any]):
    date = serializers.DateField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)
    mode = serializers.ChoiceField(choices=CheckInMode.choices, default=CheckInMode.IN_PERSON)
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=SKILL_CHOICES), max_length=len(SKILL_CHOICES)
    )
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    satisfaction = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True, default=None
    )


class CheckInSerializer(serializers.ModelSerializer[CheckIn]):
    """A check-in; the other participant's name reads as a first name only (`name_as_seen`):
    the view puts the caller (`request`) and `coordinates` (whether they coordinate the match's
    programme) in the context."""

    by_name = serializers.SerializerMethodField()

    class Meta:
        model = CheckIn
        fields = [
            "id", "match", "date", "duration_minutes", "mode", "topics", "note",
            "satisfaction", "by", "by_name", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_by_name(self, check_in: CheckIn) -> str:
        if not check_in.by:
            return ""
        request = self.context.get("request")
        return name_as_seen(
            full_name=check_in.by.full_name,
            first_name=check_in.by.first_name,
            person_id=check_in.by_id,
            caller=getattr(request, "user", None),
            coordinates=self.context.get("coordinates", False),
        )


class CheckInListCreate(generics.GenericAPIView):  # type: ignore[type-arg]
    """GET: the match's check-ins, newest first (paginated); POST: log one."""

    serializer_class = CheckInSerializer

    def visible_match(self) -> Match:
        user = self.request.user
        pk = int(self.kwargs["pk"])
        found = selectors.matches_visible_to(user).filter(pk=pk).first()
        if found is None:
            raise Http404
        return found

    def get_queryset(self) -> QuerySet[CheckIn]:
        if getattr(self, "swagger_fake_view", False):
            return CheckIn.objects.none()
        return check_ins_of(self.visible_match())

    def context_for(self, match: Match) -> dict[str, Any]:
        """Whoever sees the match and is neither of its people coordinates its programme (one
        role per programme): no query needed."""
        user = self.request.user
        return {
            "request": self.request,
            "coordinates": user.is_staff or not is_participant(user, match),
        }

    @extend_schema(responses=CheckInSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        match = self.visible_match()
        page = self.paginate_queryset(check_ins_of(match))
        data = CheckInSerializer(page, many=True, context=self.context_for(match)).data
        return self.get_paginated_response(data)

    @extend_schema(
        request=CheckInInput, responses={201: CheckInSerializer, 409: ConflictSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        match = self.visible_match()
        data = CheckInInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            check_in = check_in_log(
                match=match, by=cast(User, request.user), data=data.validated_data
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        except MatchConflict as error:
            return Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)
        body = CheckInSerializer(check_in, context=self.context_for(match)).data
        return Response(body, status=status.HTTP_201_CREATED)


class EndInput(ReasonInput):
    """`reason` is a note; `end_reason` one of the short list (default `other`).

    A `reason` that is itself a code of the list is read as `end_reason` with no note; the
    rule that `other` needs a note is the service's.
    """

    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    end_reason = serializers.ChoiceField(choices=EndReason.choices, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "end_reason" not in attrs and attrs["reason"].strip() in EndReason.values:
            attrs["end_reason"] = attrs["reason"].strip()
            attrs["reason"] = ""
        attrs.setdefault("end_reason", EndReason.OTHER)
        return attrs


class MatchEndView(generics.GenericAPIView[Match]):
    """End an active match early, for a reason from the short list (`other` needs a note)."""

    permission_classes = [IsAuthenticated, IsCoordinator]
    serializer_class = EndInput

    @extend_schema(
        operation_id="matches_end_create",
        request=EndInput,
        responses={200: MatchSerializer, 409: ConflictSerializer},
        tags=["matches"],
    )
    def post(self, request: Request, pk: int) -> Response:
        data = EndInput(data=request.data)
        data.is_valid(raise_exception=True)
        return match_decided(request, pk, match_end, data.validated_data)


class CheckInCorrection(serializers.Serializer[Any]):
    duration_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)


class CheckInCorrectView(generics.GenericAPIView):  # type: ignore[type-arg]
    """PATCH: a coordinator corrects a check-in's duration (audited); another programme's
    check-in is 404."""

    permission_classes = [IsAuthenticated, IsCoordinator]
    serializer_class = CheckInSerializer

    @extend_schema(request=CheckInCorrection, responses=CheckInSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        check_in = check_ins_for_coordinator(request.user).filter(pk=pk).first()
        if check_in is None:
            raise Http404
        data = CheckInCorrection(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            corrected = check_in_duration_correct(
                check_in=check_in,
                duration_minutes=data.validated_data["duration_minutes"],
                by=cast(User, request.user),
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return Response(
            CheckInSerializer(corrected, context={"request": request, "coordinates": True}).data
        )
