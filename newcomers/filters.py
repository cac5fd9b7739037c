"""Filters of the support-request queue, shared by the coordinators' API and page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core import clock
from core.filters import holding_code
from core.forms import language_choices, skill_choices
from newcomers.models import RequestStatus, SupportRequest, Urgency
from newcomers.selectors import requests_named


class SupportRequestFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label=_("Name"),
        method="filter_name",
        max_length=150,
        help_text=_("As written or in Latin letters."),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RequestStatus.choices, empty_label=_("All")
    )
    need = django_filters.ChoiceFilter(
        label=_("Need"), choices=skill_choices, method="filter_need", empty_label=_("All")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=lambda: language_choices()[1:],
        method="filter_language",
        empty_label=_("All"),
    )
    urgency = django_filters.ChoiceFilter(
        label=_("Urgency"), choices=Urgency.choices, empty_label=_("All")
    )
    waiting_days_min = django_filters.NumberFilter(
        label=_("Waiting at least (days)"), method="filter_waiting", min_value=0, max_value=36500
    )

    class Meta:
        model = SupportRequest
        fields = ["name", "status", "need", "language", "urgency", "waiting_days_min"]

    def filter_name(
        self, queryset: QuerySet[SupportRequest], name: str, value: str
    ) -> QuerySet[SupportRequest]:
        return requests_named(queryset, value)

    def filter_need(
        self, queryset: QuerySet[SupportRequest], name: str, value: str
    ) -> QuerySet[SupportRequest]:
        return queryset.filter(holding_code("needs", value))

    def filter_language(
        self, queryset: QuerySet[SupportRequest], name: str, value: str
    ) -> QuerySet[SupportRequest]:
        return queryset.filter(newcomer__languages__has_key=value)

    def filter_waiting(
        self, queryset: QuerySet[SupportRequest], name: str, value: Any
    ) -> QuerySet[SupportRequest]:
        # Waited at least `value` calendar days: since a day on or before today - value.
        first_too_recent = clock.today() - timedelta(days=int(value) - 1)
        return queryset.filter(waiting_since__lt=clock.start_of(first_too_recent))
