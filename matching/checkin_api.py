"""/api/v1/matches/{id}/check-ins/: the match's two people and its coordinators log and read
its meetings; anyone else gets 404, so a match's existence does not leak."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.api_views import as_drf_error
from core.vocabulary import SKILL_CHOICES
from matching import selectors
from matching.checkins import check_in_log, check_ins_of
from matching.models import CheckIn, CheckInMode, Match
from matching.serializers import ConflictSerializer
from matching.services import MatchConflict, retry_when_locked


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
    by_name = serializers.SerializerMethodField()

    class Meta:
        model = CheckIn
        fields = [
            "id", "match", "date", "duration_minutes", "mode", "topics", "note",
            "satisfaction", "by", "by_name", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_by_name(self, check_in: CheckIn) -> str:
        return check_in.by.full_name if check_in.by else ""


class CheckInListCreate(generics.GenericAPIView):  # type: ignore[type-arg]
    """GET: the match's check-ins, newest first (paginated); POST: log one."""

    serializer_class = CheckInSerializer

    def visible_match(self) -> Match:
        user = self.request.user
        pk = int(self.kwargs["pk"])
        found = retry_when_locked(lambda: selectors.matches_visible_to(user).filter(pk=pk).first())
        if found is None:
            raise Http404
        return found

    def get_queryset(self) -> QuerySet[CheckIn]:
        if getattr(self, "swagger_fake_view", False):
            return CheckIn.objects.none()
        return check_ins_of(self.visible_match())

    @extend_schema(responses=CheckInSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CheckInSerializer(page, many=True).data)

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
        return Response(CheckInSerializer(check_in).data, status=status.HTTP_201_CREATED)
