"""Filters of the training sessions' list."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter
from training.models import TrainingSession


class SessionFilter(django_filters.FilterSet):
    """`?module=<id>` and `?upcoming=true` on the training sessions' list."""

    module = IdFilter(label=_("Module"), field_name="module_id")
    upcoming = django_filters.BooleanFilter(label=_("Upcoming only"), method="only_upcoming")

    class Meta:
        model = TrainingSession
        fields = ["module", "upcoming"]

    def only_upcoming(
        self, queryset: QuerySet[TrainingSession], name: str, value: bool | None
    ) -> QuerySet[TrainingSession]:
        return queryset.filter(starts_at__gte=timezone.now()) if value else queryset
