from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from accounts.permissions import IsCoordinator, IsVolunteer
from core.api_views import OwnProfileView
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
from volunteers import selectors, services
from volunteers.filters import VolunteerFilter
from volunteers.models import SupportRole, VolunteerProfile


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
