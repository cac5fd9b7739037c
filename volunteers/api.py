from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.permissions import IsCoordinator, IsVolunteer, coordinated_programs
from core.api_views import OwnProfileView, as_drf_error
from core.serializers import (
    CodeListField,
    InterestsField,
    LanguagesField,
    LocationSerializer,
    days_field,
    location_of,
    modes_field,
    skills_field,
)
from core.text import one_line
from volunteers import safeguarding, selectors, services
from volunteers.filters import VolunteerFilter
from volunteers.models import SupportRole, VolunteerProfile
from volunteers.selectors import training_overview
from volunteers.training_api import (
    TRAINING_OVERVIEW_SCHEMA,
    CheckSerializer,
    training_overview_data,
)


class AvailabilitySerializer(serializers.Serializer[dict[str, Any]]):
    hours_per_week = serializers.IntegerField(min_value=1, max_value=40)
    days = days_field()
    modes = modes_field(min_length=1)


class VolunteerProfileSerializer(serializers.Serializer[VolunteerProfile]):
    """The resident's own profile (GET/PATCH /volunteers/me/)."""

    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(
        max_length=150, source="user.full_name", validators=[one_line]
    )
    languages = LanguagesField()
    skills = skills_field()
    interests = InterestsField()
    support_roles = CodeListField(codes=tuple(SupportRole.values))
    location = LocationSerializer()
    max_distance_km = serializers.IntegerField(min_value=1, max_value=100)
    availability = AvailabilitySerializer()
    capacity = serializers.IntegerField(min_value=1, max_value=5)
    bio = serializers.CharField(max_length=1000, allow_blank=True)
    status = serializers.CharField(read_only=True)
    trained = serializers.BooleanField(read_only=True, source="is_trained")
    active_matches = serializers.IntegerField(read_only=True)

    include_address = True

    def to_representation(self, profile: VolunteerProfile) -> dict[str, Any]:
        return {
            "id": profile.pk,
            "full_name": profile.user.full_name,
            "program": profile.program.slug,
            "languages": LanguagesField().to_representation(profile.languages),
            "skills": profile.skills,
            "interests": profile.interests,
            "support_roles": profile.support_roles,
            "location": location_of(profile, include_address=self.include_address),
            "max_distance_km": profile.max_distance_km,
            "availability": {
                "hours_per_week": profile.hours_per_week,
                "days": profile.days,
                "modes": profile.modes,
            },
            "capacity": profile.capacity,
            "bio": profile.bio,
            "status": profile.status,
            "trained": profile.is_trained,
            "active_matches": profile.active_matches,
        }

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        values = super().to_internal_value(data)
        flat: dict[str, Any] = {}
        for key, value in values.items():
            if key == "user":
                flat["full_name"] = value["full_name"]
            elif key == "availability":
                flat.update(value)
            else:
                flat[key] = value
        return flat


class AvailabilityRead(AvailabilitySerializer):
    """Availability as read back: a volunteer who has not filled it in has no modes yet (one
    is required when they are written)."""

    modes = modes_field()


class VolunteerProfileRead(VolunteerProfileSerializer):
    """The profile as answered (the schema of GET and PATCH answers)."""

    availability = AvailabilityRead()


class VolunteerForCoordinatorSerializer(VolunteerProfileRead):
    """What a coordinator sees: everything but the street address."""

    include_address = False

    def to_representation(self, profile: VolunteerProfile) -> dict[str, Any]:
        return {**super().to_representation(profile), "email": profile.user.email}


@extend_schema_view(
    get=extend_schema(responses=VolunteerProfileRead),
    patch=extend_schema(request=VolunteerProfileSerializer, responses=VolunteerProfileRead),
)
class MyVolunteerProfileView(OwnProfileView):
    permission_classes = [IsAuthenticated, IsVolunteer]
    serializer_class = VolunteerProfileSerializer
    load_profile = staticmethod(services.volunteer_profile_get_or_create)
    update_profile = staticmethod(services.volunteer_profile_update)


class VolunteerViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[VolunteerProfile]
):
    """Coordinators browse their programmes' volunteers; other programmes' are 404."""

    permission_classes = [IsAuthenticated, IsCoordinator]
    serializer_class = VolunteerForCoordinatorSerializer
    filterset_class = VolunteerFilter

    def get_queryset(self) -> QuerySet[VolunteerProfile]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no caller
            return VolunteerProfile.objects.none()
        return selectors.volunteers_for_coordinator(self.request.user)

    @extend_schema(responses={200: TRAINING_OVERVIEW_SCHEMA})
    @action(detail=True, methods=["get"])
    def training(self, request: Request, pk: str) -> Response:
        """The volunteer's completions with expiry, missing modules and safeguarding checks."""
        return Response(training_overview_data(training_overview(self.get_object())))

    @extend_schema(
        request=CheckSerializer, responses={200: CheckSerializer(many=True), 201: CheckSerializer}
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="safeguarding-checks",
        pagination_class=None,  # a volunteer has a handful of checks: the list as it is
    )
    def safeguarding_checks(self, request: Request, pk: str) -> Response:
        """GET the recorded checks; POST `{kind, checked_on, expires_on?}` records one seen."""
        volunteer = self.get_object()
        if request.method == "GET":
            checks = volunteer.safeguarding_checks.select_related("verified_by")
            return Response(CheckSerializer(checks, many=True).data)
        if volunteer.program_id not in set(
            coordinated_programs(request.user).values_list("pk", flat=True)
        ):
            raise NotFound
        data = CheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            check = safeguarding.safeguarding_check_record(
                volunteer=volunteer, by=cast(User, request.user), **data.validated_data
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(CheckSerializer(check).data, status=status.HTTP_201_CREATED)
