from __future__ import annotations

from typing import Any, cast

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import as_drf_error
from accounts.models import User
from accounts.permissions import IsCoordinator, IsVolunteer
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
from core.vocabulary import LANGUAGE_CODES, SKILL_CODES
from volunteers import selectors, services
from volunteers.models import SupportRole, VolunteerProfile, VolunteerStatus


class AvailabilitySerializer(serializers.Serializer[dict[str, Any]]):
    hours_per_week = serializers.IntegerField(min_value=1, max_value=40)
    days = days_field()
    modes = modes_field(min_length=1)


class VolunteerProfileSerializer(serializers.Serializer[VolunteerProfile]):
    """The resident's own profile (GET/PATCH /volunteers/me/)."""

    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(max_length=150, source="user.full_name")
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


class VolunteerForCoordinatorSerializer(VolunteerProfileSerializer):
    """What a coordinator sees: everything but the street address."""

    include_address = False

    def to_representation(self, profile: VolunteerProfile) -> dict[str, Any]:
        return {**super().to_representation(profile), "email": profile.user.email}


class MyVolunteerProfileView(APIView):
    permission_classes = [IsAuthenticated, IsVolunteer]

    def get_profile(self, request: Request) -> VolunteerProfile:
        return services.volunteer_profile_get_or_create(user=cast(User, request.user))

    @extend_schema(responses=VolunteerProfileSerializer)
    def get(self, request: Request) -> Response:
        return Response(VolunteerProfileSerializer(self.get_profile(request)).data)

    @extend_schema(request=VolunteerProfileSerializer, responses=VolunteerProfileSerializer)
    def patch(self, request: Request) -> Response:
        profile = self.get_profile(request)
        data = VolunteerProfileSerializer(profile, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            profile = services.volunteer_profile_update(profile=profile, data=data.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(VolunteerProfileSerializer(profile).data)


class VolunteerFilter(django_filters.FilterSet):
    language = django_filters.ChoiceFilter(
        choices=[(code, code) for code in LANGUAGE_CODES], method="filter_language"
    )
    skill = django_filters.ChoiceFilter(
        choices=[(code, code) for code in sorted(SKILL_CODES)], method="filter_skill"
    )
    trained = django_filters.BooleanFilter(field_name="is_trained")
    status = django_filters.ChoiceFilter(choices=VolunteerStatus.choices)
    search = django_filters.CharFilter(method="filter_search", max_length=100)

    class Meta:
        model = VolunteerProfile
        fields = ["language", "skill", "trained", "status", "search"]

    def filter_language(
        self, queryset: QuerySet[VolunteerProfile], name: str, value: str
    ) -> QuerySet[VolunteerProfile]:
        return queryset.filter(languages__has_key=value)

    def filter_skill(
        self, queryset: QuerySet[VolunteerProfile], name: str, value: str
    ) -> QuerySet[VolunteerProfile]:
        # JSON text search works on SQLite and PostgreSQL alike; the quotes keep codes whole.
        return queryset.filter(skills__icontains=f'"{value}"')

    def filter_search(
        self, queryset: QuerySet[VolunteerProfile], name: str, value: str
    ) -> QuerySet[VolunteerProfile]:
        return queryset.filter(
            Q(user__full_name__icontains=value)
            | Q(user__email__icontains=value)
            | Q(bio__icontains=value)
        )


class VolunteerViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[VolunteerProfile]
):
    """Coordinators browse their programmes' volunteers; other programmes' are 404."""

    permission_classes = [IsAuthenticated, IsCoordinator]
    serializer_class = VolunteerForCoordinatorSerializer
    filterset_class = VolunteerFilter

    def get_queryset(self) -> QuerySet[VolunteerProfile]:
        return selectors.volunteers_for_coordinator()
