"""Filters of the match list, shared by the API and the coordinators' page."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter
from matching.models import Match, MatchHealth, MatchStatus


class MatchFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MatchStatus.choices, empty_label=_("All")
    )
    health = django_filters.ChoiceFilter(
        label=_("Health"), choices=MatchHealth.choices, empty_label=_("All")
    )
    run = IdFilter(label=_("Matching run"), field_name="run_id")
    program = django_filters.CharFilter(
        label=_("Programme"), field_name="program__slug", max_length=50
    )

    class Meta:
        model = Match
        fields = ["status", "health", "run", "program"]
