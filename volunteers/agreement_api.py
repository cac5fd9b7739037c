"""The volunteer agreement over the API: the volunteer's own (`volunteers/me/agreement/`) and
a coordinator's view of one of their volunteers' (`volunteers/<id>/agreement/`)."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.permissions import IsCoordinator, IsVolunteer
from core.api_views import as_drf_error
from volunteers import agreements, selectors, services
from volunteers.models import AgreementStatus, VolunteerAgreement, VolunteerProfile


class AgreementSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=AgreementStatus.choices)
    signed_on = serializers.DateField(allow_null=True)
    signed_how = serializers.ChoiceField(choices=["paper", "electronic"], allow_null=True)
    pdf_url = serializers.CharField(allow_null=True)


class PaperSignatureSerializer(serializers.Serializer[Any]):
    signed_on = serializers.DateField()
    signed_for_program_by = serializers.CharField(max_length=200)


class SignedUploadSerializer(serializers.Serializer[Any]):
    signed_pdf = serializers.FileField()


def agreement_answer(
    volunteer: VolunteerProfile, agreement: VolunteerAgreement | None, *, pdf_url: str
) -> dict[str, Any]:
    if agreement is None:
        terms = agreements.terms_of(volunteer.program_id)
        return {
            "version": terms.version if terms else None,
            "status": AgreementStatus.DRAFT.value,
            "signed_on": None,
            "signed_how": None,
            "pdf_url": None,
        }
    return {
        "version": agreement.version,
        "status": agreement.status,
        "signed_on": agreement.signed_on.isoformat() if agreement.signed_on else None,
        "signed_how": agreement.signed_how or None,
        "pdf_url": pdf_url,
    }


def pdf_response(agreement: VolunteerAgreement) -> HttpResponse:
    """The agreement that counts: the signed file when it was signed electronically."""
    document = agreement.signed_document or agreement.document
    response = HttpResponse(bytes(document), content_type="application/pdf")
    name = f"agreement-v{agreement.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _my_pdf(request: Request) -> str:
    return request.build_absolute_uri(reverse("volunteer-me-agreement-pdf"))


def _their_pdf(request: Request, pk: int) -> str:
    return request.build_absolute_uri(reverse("volunteer-agreement-pdf", args=[pk]))


def _own_profile(user: User) -> VolunteerProfile:
    try:
        return services.volunteer_profile_get_or_create(user=user)
    except ValidationError as error:
        raise NotFound from error


class MyAgreementView(APIView):
    """GET: the volunteer's agreement. POST: make it now (before a first match)."""

    permission_classes = [IsAuthenticated, IsVolunteer]

    @extend_schema(responses=AgreementSerializer)
    def get(self, request: Request) -> Response:
        volunteer = _own_profile(cast(User, request.user))
        agreement = agreements.agreement_current(volunteer)
        return Response(agreement_answer(volunteer, agreement, pdf_url=_my_pdf(request)))

    @extend_schema(request=None, responses={201: AgreementSerializer, 200: AgreementSerializer})
    def post(self, request: Request) -> Response:
        volunteer = _own_profile(cast(User, request.user))
        try:
            agreement, created = agreements.agreement_make(volunteer=volunteer)
        except ValidationError as error:
            raise as_drf_error(error) from error
        return Response(
            agreement_answer(volunteer, agreement, pdf_url=_my_pdf(request)),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class MyAgreementPdfView(APIView):
    permission_classes = [IsAuthenticated, IsVolunteer]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request) -> HttpResponse:
        agreement = agreements.agreement_current(_own_profile(cast(User, request.user)))
        if agreement is None:
            raise NotFound
        return pdf_response(VolunteerAgreement.objects.get(pk=agreement.pk))


class MyAgreementSignedView(APIView):
    """POST the agreement signed with a trusted profile or a qualified signature (multipart,
    field `signed_pdf`)."""

    permission_classes = [IsAuthenticated, IsVolunteer]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": SignedUploadSerializer},
        responses={200: AgreementSerializer, 409: OpenApiResponse(description="already signed")},
    )
    def post(self, request: Request) -> Response:
        volunteer = _own_profile(cast(User, request.user))
        agreement = agreements.agreement_current(volunteer)
        if agreement is None:
            raise NotFound
        upload = SignedUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["signed_pdf"]
        try:
            agreement = agreements.agreement_sign_electronically(
                agreement=agreement,
                signed_document=file.read(agreements.MAX_SIGNED_BYTES + 1),
                by=cast(User, request.user),
            )
        except ValidationError as error:
            raise as_drf_error(error) from error
        except agreements.AgreementConflict as conflict:
            return Response({"detail": conflict.message}, status=status.HTTP_409_CONFLICT)
        return Response(agreement_answer(volunteer, agreement, pdf_url=_my_pdf(request)))


class VolunteerAgreementView(APIView):
    """A coordinator's view of one of their volunteers' agreement (another programme's: 404)."""

    permission_classes = [IsAuthenticated, IsCoordinator]

    @extend_schema(responses=AgreementSerializer)
    def get(self, request: Request, pk: int) -> Response:
        volunteer = selectors.volunteer_for_coordinator(request.user, pk)
        agreement = agreements.agreement_current(volunteer)
        return Response(agreement_answer(volunteer, agreement, pdf_url=_their_pdf(request, pk)))


class VolunteerAgreementPdfView(APIView):
    permission_classes = [IsAuthenticated, IsCoordinator]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> HttpResponse:
        volunteer = selectors.volunteer_for_coordinator(request.user, pk)
        agreement = agreements.agreement_current(volunteer)
        if agreement is None:
            raise NotFound
        return pdf_response(VolunteerAgreement.objects.get(pk=agreement.pk))


class VolunteerPaperSignatureView(APIView):
    """A coordinator records the agreement signed on paper: the day and who signed for the
    programme."""

    permission_classes = [IsAuthenticated, IsCoordinator]

    @extend_schema(
        request=PaperSignatureSerializer,
        responses={200: AgreementSerializer, 409: OpenApiResponse(description="already signed")},
    )
    def post(self, request: Request, pk: int) -> Response:
        volunteer = selectors.volunteer_for_coordinator(request.user, pk)
        agreement = agreements.agreement_current(volunteer)
        if agreement is None:
            raise NotFound
        data = PaperSignatureSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            agreement = agreements.agreement_sign_on_paper(
                agreement=agreement, by=cast(User, request.user), **data.validated_data
            )
        except ValidationError as error:
            raise as_drf_error(error) from error
        except agreements.AgreementConflict as conflict:
            return Response({"detail": conflict.message}, status=status.HTTP_409_CONFLICT)
        return Response(agreement_answer(volunteer, agreement, pdf_url=_their_pdf(request, pk)))
