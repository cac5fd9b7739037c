from __future__ import annotations

from typing import Any, cast

from babel import Locale
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Program, User
from accounts.permissions import (
    IsCoordinator,
    IsNewcomer,
    is_coordinator,
    program_for_coordinator,
)
from core import clock
from core.api_views import OwnProfileView, as_drf_error
from core.clock import days_between
from core.languages import reader_language
from core.names import latin_beside
from core.serializers import (
    InterestsField,
    LanguagesField,
    LocationSerializer,
    days_field,
    location_of,
    modes_field,
    skills_field,
)
from core.text import one_line
from core.vocabulary import LANGUAGE_CODES
from newcomers import selectors, services
from newcomers.filters import SupportRequestFilter
from newcomers.models import ContactChannel, NewcomerProfile, SupportRequest

COUNTRY_CODES = sorted(str(code) for code in Locale.parse("en").territories if len(str(code)) == 2)


class NewcomerProfileSerializer(serializers.Serializer[NewcomerProfile]):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(max_length=150, validators=[one_line])
    country_of_origin = serializers.ChoiceField(
        choices=COUNTRY_CODES, allow_blank=True, required=False
    )
    languages = LanguagesField()
    first_language = serializers.ChoiceField(
        choices=LANGUAGE_CODES, allow_blank=True, required=False
    )
    interests = InterestsField(required=False)
    arrived_on = serializers.DateField(allow_null=True, required=False)
    location = LocationSerializer(required=False)
    contact_email = serializers.EmailField(allow_blank=True, required=False)
    contact_phone = serializers.RegexField(
        r"^\+?[0-9 ()-]{6,20}$", allow_blank=True, max_length=30, required=False
    )
    contact_channel = serializers.ChoiceField(
        choices=ContactChannel.choices, allow_blank=True, required=False
    )

    def validate_arrived_on(self, value: Any) -> Any:
        if value and value > clock.today():
            raise serializers.ValidationError(_("The arrival date cannot be in the future."))
        return value

    def to_representation(self, profile: NewcomerProfile) -> dict[str, Any]:
        return {
            "id": profile.pk,
            "program": profile.program.slug,
            "full_name": profile.display_name,
            "country_of_origin": profile.country_of_origin,
            "languages": LanguagesField().to_representation(profile.languages),
            "first_language": profile.first_language,
            "interests": profile.interests,
            "arrived_on": profile.arrived_on.isoformat() if profile.arrived_on else None,
            "location": location_of(profile, include_address=True),
            "contact_email": profile.contact_email,
            "contact_phone": profile.contact_phone,
            "contact_channel": profile.contact_channel,
            "has_account": profile.user_id is not None,
        }


class NewcomerIntakeSerializer(NewcomerProfileSerializer):
    """A coordinator registers a newcomer; a way to reach them is required."""

    program = serializers.SlugField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("contact_email") and not attrs.get("contact_phone"):
            raise serializers.ValidationError(
                {"contact_email": [_("Give an e-mail address or a phone number.")]}
            )
        return attrs


class MyNewcomerProfileView(OwnProfileView):
    permission_classes = [IsAuthenticated, IsNewcomer]
    serializer_class = NewcomerProfileSerializer
    load_profile = staticmethod(services.newcomer_profile_get_or_create)
    update_profile = staticmethod(services.newcomer_profile_update)


class NewcomerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[NewcomerProfile],
):
    """Coordinators register and browse newcomers of their programmes."""

    permission_classes = [IsAuthenticated, IsCoordinator]
    serializer_class = NewcomerIntakeSerializer

    def get_queryset(self) -> QuerySet[NewcomerProfile]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no caller
            return NewcomerProfile.objects.none()
        return selectors.newcomers_for_coordinator(self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = NewcomerIntakeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        program = program_for_coordinator(request.user, data.validated_data.get("program"))
        try:
            profile = services.newcomer_register_on_behalf(
                program=program, data=data.validated_data, by=cast(User, request.user)
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        claim_path = reverse("newcomer-claim-page", args=[services.claim_token(profile)])
        body = {
            **NewcomerProfileSerializer(profile).data,
            "claim_url": request.build_absolute_uri(claim_path),
        }
        return Response(body, status=status.HTTP_201_CREATED)


class ClaimInput(serializers.Serializer[Any]):
    token = serializers.CharField(max_length=500)
    email = serializers.EmailField()
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class ClaimView(APIView):
    """A newcomer registered by a coordinator sets up their own account."""

    permission_classes = [AllowAny]

    @extend_schema(request=ClaimInput, responses={201: NewcomerProfileSerializer})
    def post(self, request: Request) -> Response:
        data = ClaimInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = services.newcomer_claim(
                **data.validated_data, preferred_language=reader_language()
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response({"id": user.pk, "email": user.email, "role": "newcomer"}, status=201)


class NewcomerInScopeField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A newcomer of the programmes the caller coordinates (a newcomer: themself); any other
    id reads as unknown."""

    def get_queryset(self) -> QuerySet[NewcomerProfile]:
        request = self.context.get("request")
        if request is None:
            return NewcomerProfile.objects.none()
        if is_coordinator(request.user):
            return selectors.newcomers_for_coordinator(request.user)
        return NewcomerProfile.objects.filter(user=request.user)


class RequestDetailsSerializer(serializers.Serializer[Any]):
    """The whole request as a coordinator decides on it (`newcomers.selectors.RequestSummary`);
    codes as the request's own fields store them, `languages` the newcomer's with CEFR levels."""

    id = serializers.IntegerField()
    newcomer_name = serializers.CharField()
    newcomer_name_latin = serializers.CharField(help_text="Blank when the name is in Latin.")
    needs = serializers.ListField(child=serializers.CharField())
    notes = serializers.CharField()
    district = serializers.CharField()
    modes = serializers.ListField(child=serializers.CharField())
    days = serializers.ListField(child=serializers.CharField())
    urgency = serializers.CharField()
    involves_minors = serializers.BooleanField()
    languages = serializers.DictField(child=serializers.CharField())
    waiting_days = serializers.IntegerField()


class SupportRequestSerializer(serializers.ModelSerializer[SupportRequest]):
    newcomer = NewcomerInScopeField(required=False)
    needs = skills_field(min_length=1)
    modes = modes_field(min_length=1)
    days = days_field(required=False)
    notes = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    program: serializers.SlugRelatedField[Program] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    waiting_days = serializers.SerializerMethodField()
    newcomer_name = serializers.SerializerMethodField()
    newcomer_name_latin = serializers.SerializerMethodField()
    newcomer_languages = serializers.SerializerMethodField()
    district = serializers.SerializerMethodField()

    class Meta:
        model = SupportRequest
        fields = [
            "id", "program", "newcomer", "needs", "modes", "days", "urgency", "notes",
            "involves_minors", "status", "waiting_since", "waiting_days", "created_at",
            "newcomer_name", "newcomer_name_latin", "newcomer_languages", "district",
        ]  # fmt: skip
        read_only_fields = ["status", "waiting_since", "created_at"]

    def get_waiting_days(self, request: SupportRequest) -> int:
        return days_between(request.waiting_since)

    def get_newcomer_name(self, request: SupportRequest) -> str:
        return request.newcomer.display_name

    def get_newcomer_name_latin(self, request: SupportRequest) -> str:
        """The name in Latin letters when written in Cyrillic, else blank."""
        return latin_beside(request.newcomer.display_name)

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_newcomer_languages(self, request: SupportRequest) -> dict[str, str]:
        """The newcomer's languages and CEFR levels as stored ({"uk": "native"})."""
        return dict(request.newcomer.languages or {})

    def get_district(self, request: SupportRequest) -> str:
        return selectors.district_of(request.newcomer)


class SupportRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[SupportRequest],
):
    """Newcomers see and open their own requests; coordinators their programmes'."""

    permission_classes = [IsAuthenticated, IsCoordinator | IsNewcomer]
    serializer_class = SupportRequestSerializer
    filterset_class = SupportRequestFilter
    lookup_value_regex = "[0-9]+"  # `get_object` reads the id as a number

    def get_queryset(self) -> QuerySet[SupportRequest]:
        return selectors.requests_visible_to(self.request.user)

    def get_object(self) -> SupportRequest:
        return selectors.request_for(self.request.user, int(self.kwargs["pk"]))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = cast(User, request.user)
        data = SupportRequestSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        if is_coordinator(user):
            newcomer = data.validated_data.get("newcomer")
            if newcomer is None:
                raise serializers.ValidationError({"newcomer": [_("Say whom the request is for.")]})
        else:
            newcomer = services.newcomer_profile_get_or_create(user=user)
        support_request = services.request_open(
            newcomer=newcomer, data=data.validated_data, by=user
        )
        return Response(
            SupportRequestSerializer(support_request).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses=SupportRequestSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        support_request = self.get_object()
        if not services.request_cancel(support_request=support_request):
            return Response(
                {"detail": _("Only an open request can be cancelled.")},
                status=status.HTTP_409_CONFLICT,
            )
        support_request.refresh_from_db()
        return Response(SupportRequestSerializer(support_request).data)
