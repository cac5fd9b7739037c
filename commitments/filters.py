"""Filters of the coordinators' morning page."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from matching.models import Attention, Match, MatchHealth


class CommitmentFilter(django_filters.FilterSet):
    """The morning page's filters over active matches."""

    health = django_filters.ChoiceFilter(
        label=_("Health"), choices=MatchHealth.choices, empty_label=_("All")
    )
    attention = django_filters.ChoiceFilter(
        label=_("Needs a look"), choices=Attention.choices, empty_label=_("All")
    )
    program = django_filters.CharFilter(
        label=_("Programme"), field_name="program__slug", max_length=50
    )
    search = django_filters.CharFilter(label=_("Name"), method="by_name", max_length=100)

    class Meta:
        model = Match
        fields = ["health", "attention", "program"]

    def by_name(self, matches: QuerySet[Match], name: str, value: str) -> QuerySet[Match]:
        return matches.filter(
            Q(volunteer__user__full_name__icontains=value)
            | Q(newcomer__full_name__icontains=value)
            | Q(newcomer__user__full_name__icontains=value)
        )
