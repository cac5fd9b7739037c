"""The API of personal-data rights: a person's export, a coordinator's erasure."""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.permissions import IsCoordinator
from privacy.services import ErasureRefused, person_erase, person_export, person_for_coordinator


class MyDataExportView(APIView):
    """Everything the platform holds about the caller, as one JSON document (GDPR Art. 15/20)."""

    @extend_schema(responses={200: OpenApiResponse(description="The person's data as JSON.")})
    def get(self, request: Request) -> Response:
        data = person_export(cast(User, request.user))
        response = Response(data)
        response["Content-Disposition"] = 'attachment; filename="my-data.json"'
        return response


class EraseInput(serializers.Serializer[Any]):
    user = serializers.IntegerField(required=False, min_value=1)
    newcomer = serializers.IntegerField(required=False, min_value=1)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("user" in attrs) == ("newcomer" in attrs):
            raise serializers.ValidationError(
                {"user": [_("Name either a user or a newcomer profile.")]}
            )
        return attrs


class EraseOutput(serializers.Serializer[Any]):
    erased = serializers.BooleanField()
    user = serializers.IntegerField(allow_null=True)
    newcomer = serializers.IntegerField(allow_null=True)


class EraseView(APIView):
    """A coordinator erases a volunteer or newcomer of their programme (GDPR Art. 17):
    404 for someone of another programme, 409 while the person has open business."""

    permission_classes = [IsCoordinator]

    @extend_schema(request=EraseInput, responses={200: EraseOutput, 409: None})
    def post(self, request: Request) -> Response:
        data = EraseInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        coordinator = cast(User, request.user)
        try:
            person = person_for_coordinator(
                coordinator, user_id=values.get("user"), newcomer_id=values.get("newcomer")
            )
            erasure = person_erase(person=person, by=coordinator)
        except ErasureRefused as refused:
            return Response({"detail": " ".join(refused.messages)}, status=status.HTTP_409_CONFLICT)
        body = {"erased": True, "user": erasure.user_id, "newcomer": erasure.newcomer_id}
        return Response(EraseOutput(body).data)
