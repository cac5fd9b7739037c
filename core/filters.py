"""Query-string filters every app's lists share."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

# The largest id a bigint column holds: a larger number is a 400 naming the parameter, never
# an OverflowError from the database driver (a 500).
LARGEST_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A parameter that is a row's id: a whole number from 1 to LARGEST_ID, or a 400 naming
    it (`?module=²` and `?module=99999999999999999999` included)."""

    field_class = forms.IntegerField

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_ID)
        super().__init__(*args, **kwargs)


def holding_code(field: str, code: str) -> Q:
    """Rows whose JSON list `field` holds `code`. JSON text search works on SQLite and
    PostgreSQL alike; the quotes keep codes whole (`law` does not find `family_law`)."""
    return Q(**{f"{field}__icontains": f'"{code}"'})
