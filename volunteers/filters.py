"""Filters of the volunteer pool, shared by the coordinators' API and page."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import holding_code
from core.forms import language_choices, skill_choices
from volunteers.models import VolunteerProfile, VolunteerStatus


class VolunteerFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label=_("Search by name"), method="filter_search", max_length=100
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=lambda: language_choices()[1:],
        method="filter_language",
        empty_label=_("All"),
    )
    skill = django_filters.ChoiceFilter(
        label=_("Skill"), choices=skill_choices, method="filter_skill", empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=VolunteerStatus.choices, empty_label=_("All")
    )
    trained = django_filters.BooleanFilter(label=_("Trained"), field_name="is_trained")

    class Meta:
        model = VolunteerProfile
        fields = ["search", "language", "skill", "status", "trained"]

    def filter_language(
        self, queryset: QuerySet[VolunteerProfile], name: str, value: str
    ) -> QuerySet[VolunteerProfile]:
        return queryset.filter(languages__has_key=value)

    def filter_skill(
        self, queryset: QuerySet[VolunteerProfile], name: str, value: str
    ) -> QuerySet[VolunteerProfile]:
        return queryset.filter(holding_code("skills", value))

    def filter_search(
        self, queryset: QuerySet[VolunteerProfile], name: str, value: str
    ) -> QuerySet[VolunteerProfile]:
        return queryset.filter(
            Q(user__full_name__icontains=value)
            | Q(user__email__icontains=value)
            | Q(place_name__icontains=value)
            | Q(bio__icontains=value)
        )
