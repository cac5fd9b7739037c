"""Certificates API: issuing, listing, PDF, credential, revocation, bulk issuing; the public
verification and issuer profile; a volunteer's consent to public recognition.

Coordinators issue and revoke for the programmes they coordinate; the holder reads their own;
anyone else gets 404 for a certificate and sees it only through `verify/<serial>/`.
"""

from __future__ import annotations

import json
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.http import parse_etags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from accounts.models import User
from accounts.permissions import IsCoordinator, IsVolunteer, within_coordinated_programs
from accounts.security import client_address
from certificates import selectors, services
from certificates.credentials import issuer_profile, signed_credential
from certificates.models import Certificate, CertificateBatch, CertificateKind
from certificates.pdf import certificate_pdf
from certificates.services import CertificateConflict, verify_url_of
from certificates.signing import certificate_signature_is_valid
from certificates.status_lists import REFRESH_SECONDS, status_list_credential, status_list_etag
from core import clock
from core.api_views import JSONErrorsMixin, as_drf_error
from core.languages import SUPPORTED_LANGUAGES, reader_language
from core.links import site_url
from matching.models import Match
from training.models import TrainingSession
from volunteers.models import VolunteerProfile
from volunteers.selectors import confirmed_volunteers
from volunteers.services import volunteer_profile_get_or_create


class VerificationThrottle(SimpleRateThrottle):
    """Public checks per client address (CERTIFICATE_VERIFY_RATE, e.g. 60/min), shared by the
    API and the page so that serials cannot be guessed quickly through either."""

    scope = "certificate_verify"

    def get_rate(self) -> str:
        return str(settings.CERTIFICATE_VERIFY_RATE)

    def get_ident(self, request: Any) -> str:
        return client_address(request)

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PDFRenderer(BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Any = None,
    ) -> bytes:
        # Only errors reach a renderer (the PDF itself is returned as it is): as JSON.
        return data if isinstance(data, bytes) else json.dumps(data).encode()


class CertificateSerializer(serializers.ModelSerializer[Certificate]):
    serial = serializers.CharField(source="serial_display", read_only=True)
    program = serializers.SlugField(source="program.slug", read_only=True)
    verify_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    credential_url = serializers.SerializerMethodField()
    revoked = serializers.BooleanField(source="is_revoked", read_only=True)
    revoked_on = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id", "serial", "kind", "issued_on", "verify_url", "pdf_url", "credential_url",
            "volunteer", "holder_name", "program", "program_name", "program_city", "match",
            "title", "details", "issuer_name", "revoked", "revoked_on", "revocation_reason",
        ]  # fmt: skip
        read_only_fields = fields

    def get_verify_url(self, certificate: Certificate) -> str:
        return verify_url_of(certificate)

    def get_pdf_url(self, certificate: Certificate) -> str:
        return site_url("certificate-pdf", certificate.pk)

    def get_credential_url(self, certificate: Certificate) -> str:
        return site_url("certificate-credential", certificate.pk)

    def get_revoked_on(self, certificate: Certificate) -> str | None:
        return (
            clock.local_date(certificate.revoked_at).isoformat() if certificate.revoked_at else None
        )


@extend_schema_field(OpenApiTypes.INT)
class VolunteerInScopeField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A volunteer of a programme the caller coordinates; others read as unknown ids."""

    def get_queryset(self) -> QuerySet[VolunteerProfile]:
        return within_coordinated_programs(
            confirmed_volunteers().select_related("user", "program"),
            self.context["request"].user,
        )


@extend_schema_field(OpenApiTypes.INT)
class MatchInScopeField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    def get_queryset(self) -> QuerySet[Match]:
        return within_coordinated_programs(Match.objects.all(), self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class SessionInScopeField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    def get_queryset(self) -> QuerySet[TrainingSession]:
        return within_coordinated_programs(
            TrainingSession.objects.all(), self.context["request"].user
        )


class IssueInput(serializers.Serializer[Any]):
    volunteer = VolunteerInScopeField()
    kind = serializers.ChoiceField(choices=CertificateKind.choices)
    match = MatchInScopeField(required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RevokeInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=1000)


class BatchInput(serializers.Serializer[Any]):
    session = SessionInScopeField()


class BatchSerializer(serializers.ModelSerializer[CertificateBatch]):
    progress = serializers.IntegerField(read_only=True)

    class Meta:
        model = CertificateBatch
        fields = [
            "id", "session", "status", "progress", "total", "processed", "issued",
            "already_issued", "skipped", "created_at", "started_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields


class VerificationSerializer(serializers.Serializer[Any]):
    def to_representation(self, verification: selectors.Verification) -> dict[str, Any]:
        certificate = verification.certificate
        return {
            "valid": verification.is_valid,
            "revoked": verification.is_revoked,
            "status": verification.status,
            "revoked_on": verification.revoked_on,
            "serial": certificate.serial_display,
            "kind": certificate.kind,
            "holder_name": certificate.holder_name,
            "program": certificate.program_name,
            "city": certificate.program_city,
            "title": certificate.title,
            "issued_on": certificate.issued_on,
        }


VERIFICATION_SCHEMA = inline_serializer(
    "CertificateVerification",
    {
        "valid": serializers.BooleanField(),
        "revoked": serializers.BooleanField(),
        "status": serializers.ChoiceField(choices=["valid", "revoked", "invalid", "holder_erased"]),
        "revoked_on": serializers.DateField(allow_null=True),
        "serial": serializers.CharField(),
        "kind": serializers.ChoiceField(choices=CertificateKind.choices),
        "holder_name": serializers.CharField(),
        "program": serializers.CharField(),
        "city": serializers.CharField(),
        "title": serializers.CharField(),
        "issued_on": serializers.DateField(),
    },
)


class CertificateViewSet(
    JSONErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Certificate],
):
    """Coordinators: their programmes' certificates; volunteers: their own."""

    permission_classes = [IsAuthenticated]
    serializer_class = CertificateSerializer
    lookup_value_regex = "[0-9]+"  # the actions read the id as a number

    def get_queryset(self) -> QuerySet[Certificate]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no caller
            return Certificate.objects.none()
        return selectors.certificates_visible_to(self.request.user).select_related("program")

    def get_permissions(self) -> list[Any]:
        if self.action in ("create", "revoke"):
            return [IsAuthenticated(), IsCoordinator()]
        return list(super().get_permissions())

    @extend_schema(
        request=IssueInput,
        responses={
            201: CertificateSerializer,
            200: OpenApiResponse(CertificateSerializer, description="Issued before: the same."),
        },
    )
    def create(self, request: Request) -> Response:
        """Issue a certificate; 400 says which condition is missing; twice returns the first."""
        data = IssueInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            certificate, created = services.certificate_issue(
                volunteer=data.validated_data["volunteer"],
                kind=data.validated_data["kind"],
                match=data.validated_data["match"],
                title=data.validated_data["title"],
                by=cast(User, request.user),
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        body = CertificateSerializer(self.get_queryset().get(pk=certificate.pk)).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        parameters=[
            OpenApiParameter(
                "language",
                str,
                enum=list(SUPPORTED_LANGUAGES),
                description="The holder's preferred language unless given.",
            )
        ],
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PDFRenderer])
    def pdf(self, request: Request, pk: str) -> HttpResponse:
        """The printable certificate (A4), in the holder's language with Polish; `?language=`
        picks another of pl, uk, en. Revoked certificates still download."""
        certificate = selectors.certificate_for_viewer(request.user, int(pk))
        language = reader_language(
            request.query_params.get("language") or certificate.volunteer.user.preferred_language
        )
        document = certificate_pdf(
            certificate, language=language, verify_url=verify_url_of(certificate)
        )
        response = HttpResponse(document, content_type="application/pdf")
        filename = f"certificate-{certificate.serial_display}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response

    @extend_schema(
        responses={
            (200, "application/ld+json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="Open Badges 3.0 credential"
            ),
            409: OpenApiResponse(description="Revoked, or failed its integrity check."),
        }
    )
    @action(detail=True, methods=["get"])
    def credential(self, request: Request, pk: str) -> Response:
        """The certificate as an Open Badges 3.0 Verifiable Credential (JSON-LD) with an
        `eddsa-rdfc-2022` Data Integrity proof."""
        certificate = selectors.certificate_for_viewer(request.user, int(pk))
        if certificate.is_revoked:
            return Response(
                {"detail": "This certificate is revoked."}, status=status.HTTP_409_CONFLICT
            )
        if not certificate_signature_is_valid(certificate):
            return Response(
                {"detail": "This certificate failed its integrity check."},
                status=status.HTTP_409_CONFLICT,
            )
        certificate = services.certificate_status_index_ensure(certificate=certificate)
        body = signed_credential(certificate, verify_url=verify_url_of(certificate))
        return Response(body, content_type="application/ld+json")

    @extend_schema(request=RevokeInput, responses={200: CertificateSerializer, 409: None})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        """Revoke with a reason; the holder is told. 409 if it is already revoked."""
        certificate = selectors.certificate_for_coordinator(request.user, int(pk))
        data = RevokeInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.certificate_revoke(
                certificate=certificate,
                reason=data.validated_data["reason"],
                by=cast(User, request.user),
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        except CertificateConflict as conflict:
            return Response({"detail": str(conflict)}, status=status.HTTP_409_CONFLICT)
        return Response(CertificateSerializer(self.get_queryset().get(pk=certificate.pk)).data)


class BatchCreateView(APIView):
    """Training certificates for everyone who attended a session, issued in the background."""

    permission_classes = [IsAuthenticated, IsCoordinator]

    @extend_schema(request=BatchInput, responses={202: BatchSerializer})
    def post(self, request: Request) -> Response:
        data = BatchInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        batch = services.batch_start(
            session=data.validated_data["session"], by=cast(User, request.user)
        )
        batch.refresh_from_db()
        return Response(BatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)


class BatchDetailView(APIView):
    permission_classes = [IsAuthenticated, IsCoordinator]

    @extend_schema(responses={200: BatchSerializer})
    def get(self, request: Request, pk: int) -> Response:
        """A bulk issuing job's progress and outcome (who was skipped, and why)."""
        return Response(BatchSerializer(selectors.batch_for_coordinator(request.user, pk)).data)


class VerifyView(APIView):
    """Anyone checks a serial: valid, revoked (with its date) or unknown (404)."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [VerificationThrottle]

    @extend_schema(responses={200: VERIFICATION_SCHEMA, 404: None, 429: None})
    def get(self, request: Request, serial: str) -> Response:
        return Response(VerificationSerializer(selectors.verification_of(serial)).data)


class IssuerView(APIView):
    """The programme's Open Badges issuer Profile (JSON-LD), with its verification keys."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses={(200, "application/ld+json"): OpenApiTypes.OBJECT, 404: None})
    def get(self, request: Request, slug: str) -> Response:
        program = selectors.program_for_public(slug)
        return Response(issuer_profile(program), content_type="application/ld+json")


class StatusListView(APIView):
    """The programme's revocation list, for anyone holding one of its credentials: a signed
    W3C BitstringStatusListCredential. Verifiers may keep it for REFRESH_SECONDS (Cache-Control
    and the list's `ttl`); its ETag answers a conditional request with 304."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(
        responses={
            (200, "application/ld+json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="BitstringStatusListCredential"
            ),
            304: None,
            404: None,
        }
    )
    def get(self, request: Request, slug: str) -> Response:
        status_list = selectors.status_list_for_public(slug)
        etag = status_list_etag(status_list, slug=slug)
        headers = {"ETag": etag, "Cache-Control": f"public, max-age={REFRESH_SECONDS}"}
        wanted = parse_etags(request.headers.get("If-None-Match", ""))
        if etag in wanted or "*" in wanted:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        # Signing canonicalises the document: once per version, shared by every process.
        body = cache.get_or_set(
            f"certificates:status-list:{etag}",
            lambda: status_list_credential(status_list, slug=slug),
            timeout=REFRESH_SECONDS,
        )
        return Response(body, content_type="application/ld+json", headers=headers)


class ConsentSerializer(serializers.Serializer[Any]):
    public = serializers.BooleanField()
    given_at = serializers.DateTimeField(read_only=True, allow_null=True)
    withdrawn_at = serializers.DateTimeField(read_only=True, allow_null=True)


def _consent_data(volunteer: VolunteerProfile) -> dict[str, Any]:
    consent = selectors.recognition_consent_of(volunteer)
    return {
        "public": bool(consent and consent.is_given),
        "given_at": consent.given_at if consent else None,
        "withdrawn_at": consent.withdrawn_at if consent else None,
    }


class MyRecognitionConsentView(APIView):
    """A volunteer's own consent to appear on the programme's public ambassadors page
    (first name, district, certificates). Off until they turn it on; off again at any time."""

    permission_classes = [IsAuthenticated, IsVolunteer]

    @extend_schema(responses={200: ConsentSerializer})
    def get(self, request: Request) -> Response:
        volunteer = volunteer_profile_get_or_create(user=cast(User, request.user))
        return Response(ConsentSerializer(_consent_data(volunteer)).data)

    @extend_schema(request=ConsentSerializer, responses={200: ConsentSerializer})
    def put(self, request: Request) -> Response:
        data = ConsentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        volunteer = volunteer_profile_get_or_create(user=cast(User, request.user))
        services.recognition_consent_set(
            volunteer=volunteer, is_given=data.validated_data["public"]
        )
        return Response(ConsentSerializer(_consent_data(volunteer)).data)


class OpinionRequestSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.CharField()
    requested_at = serializers.DateTimeField()
    certificate = serializers.IntegerField(source="certificate_id", allow_null=True)


class OpinionIssueInput(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=services.OPINION_MAX_LENGTH)


class MyServiceConfirmationView(APIView):
    """The volunteer's written confirmation of their service (art. 44 sec. 4), issued at once:
    the programme, each pairing's dates, the help given and the hours from the check-ins."""

    permission_classes = [IsAuthenticated, IsVolunteer]

    @extend_schema(
        request=None,
        responses={
            201: CertificateSerializer,
            200: CertificateSerializer,
            400: OpenApiResponse(description="No pairing has started yet (`volunteer`)."),
        },
    )
    def post(self, request: Request) -> Response:
        volunteer = volunteer_profile_get_or_create(user=cast(User, request.user))
        try:
            certificate, created = services.service_confirmation_issue(volunteer=volunteer)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return Response(
            CertificateSerializer(certificate).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class MyOpinionRequestView(APIView):
    """The volunteer asks for an opinion about their service (art. 44 sec. 5); a coordinator
    writes and issues it."""

    permission_classes = [IsAuthenticated, IsVolunteer]

    @extend_schema(
        request=None,
        responses={
            201: OpinionRequestSerializer,
            200: OpinionRequestSerializer,
            400: OpenApiResponse(description="No pairing has started yet (`volunteer`)."),
        },
    )
    def post(self, request: Request) -> Response:
        volunteer = volunteer_profile_get_or_create(user=cast(User, request.user))
        try:
            opinion, created = services.opinion_request(volunteer=volunteer)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return Response(
            OpinionRequestSerializer(opinion).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class OpinionIssueView(APIView):
    """A coordinator issues the opinion they wrote for one of their volunteers' requests."""

    permission_classes = [IsAuthenticated, IsCoordinator]

    @extend_schema(
        request=OpinionIssueInput,
        responses={201: CertificateSerializer, 409: OpenApiResponse(description="issued")},
    )
    def post(self, request: Request, pk: int) -> Response:
        opinion = selectors.opinion_request_for_coordinator(request.user, pk)
        data = OpinionIssueInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            certificate = services.opinion_issue(
                request=opinion, text=data.validated_data["text"], by=cast(User, request.user)
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        except CertificateConflict as conflict:
            return Response({"detail": str(conflict)}, status=status.HTTP_409_CONFLICT)
        return Response(CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED)
