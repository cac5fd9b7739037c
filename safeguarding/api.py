"""Concerns through the API: `/api/v1/concerns/` (anyone signed in raises one; leads list
their programmes'), `/api/v1/concerns/{id}/` (leads read and move a case on) and
`/api/v1/concerns/{id}/actions/` (leads note a step, pause or resume contact)."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Program, User
from accounts.permissions import IsCoordinator
from core.api_views import as_drf_error
from matching.selectors import matches_visible_to
from safeguarding import selectors, services
from safeguarding.models import Category, Concern, ConcernAction, ConcernStatus, Outcome

ACTION_KINDS = ("note", "pause", "resume")


class ConcernInput(serializers.Serializer[Any]):
    match = serializers.IntegerField(required=False, allow_null=True, default=None)
    about = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The person's user id."
    )
    program = serializers.SlugField(
        required=False, allow_blank=True, default="",
        help_text="For a coordinator of several programmes raising one about a person.",
    )  # fmt: skip
    category = serializers.ChoiceField(choices=Category.choices)
    description = serializers.CharField(max_length=4000)
    urgent = serializers.BooleanField(default=False)
    for_newcomer = serializers.BooleanField(
        default=False,
        help_text="A coordinator raises it for the match's newcomer, who told them.",
    )


class ConcernReceiptSerializer(serializers.ModelSerializer[Concern]):
    """What the person who raised a concern gets back: that it arrived."""

    paused = serializers.BooleanField(source="pauses", read_only=True)

    class Meta:
        model = Concern
        fields = ["id", "created_at", "paused"]
        read_only_fields = fields


class ConcernActionSerializer(serializers.ModelSerializer[ConcernAction]):
    by_name = serializers.SerializerMethodField()

    class Meta:
        model = ConcernAction
        fields = ["id", "kind", "value", "note", "by", "by_name", "at"]
        read_only_fields = fields

    def get_by_name(self, action: ConcernAction) -> str:
        return action.by.full_name if action.by else ""


class ConcernSerializer(serializers.ModelSerializer[Concern]):
    """A concern as its programme's leads read it."""

    program = serializers.CharField(source="program.slug", read_only=True)
    raised_by_name = serializers.CharField(source="raised_by.full_name", read_only=True)
    about_name = serializers.SerializerMethodField()
    paused = serializers.BooleanField(source="pauses", read_only=True)
    # Empty until the case is closed.
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Concern
        fields = [
            "id", "program", "match", "about", "about_name", "raised_by", "raised_by_name",
            "for_newcomer", "category", "description", "urgent", "status", "outcome", "paused",
            "created_at", "updated_at", "closed_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_about_name(self, concern: Concern) -> str:
        if concern.about is not None:
            return concern.about.full_name
        if concern.about_newcomer is not None:
            return concern.about_newcomer.display_name
        return ""


class ConcernDetailSerializer(ConcernSerializer):
    actions = ConcernActionSerializer(many=True, read_only=True)

    class Meta(ConcernSerializer.Meta):
        fields = [*ConcernSerializer.Meta.fields, "actions"]
        read_only_fields = fields


class ConcernUpdateInput(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=ConcernStatus.choices, required=False)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class ConcernActionInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=[(kind, kind) for kind in ACTION_KINDS])
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


def _match(user: Any, pk: int | None) -> Any:
    if pk is None:
        return None
    found = matches_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError({"match": [_("Unknown match.")]})
    return found


class ConcernListCreate(generics.GenericAPIView[Concern]):
    """GET: the concerns of the programmes the caller is a safeguarding lead of, open cases
    first (coordinators only; others' lists are empty); POST: raise a concern (anyone
    signed in, about their match or its other person; a coordinator about any person of
    their programme)."""

    serializer_class = ConcernSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Concern]:
        if getattr(self, "swagger_fake_view", False):
            return Concern.objects.none()
        return selectors.concerns_for_lead(self.request.user)

    @extend_schema(responses=ConcernSerializer(many=True))
    def get(self, request: Request) -> Response:
        if not IsCoordinator().has_permission(request, self):
            self.permission_denied(request)
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ConcernSerializer(page, many=True).data)

    @extend_schema(request=ConcernInput, responses={201: ConcernReceiptSerializer})
    def post(self, request: Request) -> Response:
        data = ConcernInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = cast(User, request.user)
        about = None
        if values["about"] is not None:
            about = User.objects.filter(pk=values["about"], is_active=True).first()
            if about is None:
                raise serializers.ValidationError({"about": [_("Unknown person.")]})
        program = None
        if values["program"]:
            program = Program.directory.filter(slug=values["program"]).first()
            if program is None:
                raise serializers.ValidationError({"program": [_("Unknown programme.")]})
        try:
            concern = services.concern_raise(
                by=user,
                match=_match(user, values["match"]),
                about=about,
                program=program,
                category=values["category"],
                description=values["description"],
                urgent=values["urgent"],
                for_newcomer=values["for_newcomer"],
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(ConcernReceiptSerializer(concern).data, status=status.HTTP_201_CREATED)


class ConcernDetail(generics.GenericAPIView[Concern]):
    """A case as its leads read it (with its dated actions); PATCH moves it on: a status,
    and on closing an outcome, which acts at once."""

    serializer_class = ConcernDetailSerializer
    permission_classes = [IsAuthenticated, IsCoordinator]

    def get(self, request: Request, pk: int) -> Response:
        return Response(ConcernDetailSerializer(selectors.concern_for_lead(request.user, pk)).data)

    @extend_schema(request=ConcernUpdateInput, responses=ConcernDetailSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        concern = selectors.concern_for_lead(request.user, pk)
        data = ConcernUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            services.concern_update(
                concern=concern,
                by=cast(User, request.user),
                status=values.get("status"),
                outcome=values.get("outcome"),
                note=values["note"],
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(ConcernDetailSerializer(selectors.concern_for_lead(request.user, pk)).data)


class ConcernActionCreate(generics.GenericAPIView[Concern]):
    """A dated step of the case: a note, or pausing or resuming contact."""

    serializer_class = ConcernActionInput
    permission_classes = [IsAuthenticated, IsCoordinator]

    @extend_schema(request=ConcernActionInput, responses={201: ConcernDetailSerializer})
    def post(self, request: Request, pk: int) -> Response:
        concern = selectors.concern_for_lead(request.user, pk)
        data = ConcernActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = cast(User, request.user)
        kind, note = data.validated_data["kind"], data.validated_data["note"]
        try:
            if kind == "pause":
                services.concern_pause(concern=concern, by=user, note=note)
            elif kind == "resume":
                services.concern_resume(concern=concern, by=user, note=note)
            else:
                services.concern_note(concern=concern, by=user, note=note)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        body = ConcernDetailSerializer(selectors.concern_for_lead(request.user, pk)).data
        return Response(body, status=status.HTTP_201_CREATED)
