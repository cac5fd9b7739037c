"""API fields for the shared vocabulary and places, used by volunteers and newcomers alike."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.locations import POSTAL_CODE_PATTERN
from core.vocabulary import (
    DAYS,
    LANGUAGE_CODES,
    LEVELS,
    MAX_INTEREST_LENGTH,
    MAX_INTERESTS,
    MODES,
    SKILL_CODES,
    normalise_interests,
)


class LanguageLevelSerializer(serializers.Serializer[dict[str, str]]):
    code = serializers.ChoiceField(choices=LANGUAGE_CODES)
    level = serializers.ChoiceField(choices=LEVELS)


@extend_schema_field(LanguageLevelSerializer(many=True))
class LanguagesField(serializers.Field):  # type: ignore[type-arg]
    """`[{code, level}]` in the API, `{code: level}` in the database; each language once."""

    def __init__(self, *, allow_empty: bool = False, **kwargs: Any) -> None:
        self.allow_empty = allow_empty
        super().__init__(**kwargs)

    def to_representation(self, value: dict[str, str]) -> list[dict[str, str]]:
        return [{"code": code, "level": level} for code, level in value.items()]

    def to_internal_value(self, data: Any) -> dict[str, str]:
        if not isinstance(data, list):
            raise serializers.ValidationError(_("Expected a list of {code, level} objects."))
        if not data and not self.allow_empty:
            raise serializers.ValidationError(_("Give at least one language."))
        items = LanguageLevelSerializer(data=data, many=True)
        items.is_valid(raise_exception=True)
        languages: dict[str, str] = {}
        for item in items.validated_data:
            if item["code"] in languages:
                raise serializers.ValidationError(
                    _("Language %(code)s is listed twice.") % {"code": item["code"]}
                )
            languages[item["code"]] = item["level"]
        return languages


class CodeListField(serializers.ListField):  # type: ignore[type-arg]
    """A list of vocabulary codes, each once, in the order given."""

    def __init__(self, *, codes: tuple[str, ...] | frozenset[str], **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.ChoiceField(choices=sorted(codes)))
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[str]:
        values: list[str] = super().to_internal_value(data)
        return list(dict.fromkeys(values))


def skills_field(**kwargs: Any) -> CodeListField:
    return CodeListField(codes=SKILL_CODES, **kwargs)


def days_field(**kwargs: Any) -> CodeListField:
    return CodeListField(codes=DAYS, **kwargs)


def modes_field(**kwargs: Any) -> CodeListField:
    return CodeListField(codes=MODES, **kwargs)


class InterestsField(serializers.ListField):  # type: ignore[type-arg]
    """Vocabulary codes or free words, normalised (labels in any language become codes)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.CharField(max_length=MAX_INTEREST_LENGTH))
        kwargs.setdefault("max_length", MAX_INTERESTS)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[str]:
        return normalise_interests(super().to_internal_value(data))


class LocationSerializer(serializers.Serializer[dict[str, Any]]):
    """Where someone is; coordinates are found from the rest when not given."""

    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    district = serializers.CharField(max_length=100, required=False, allow_blank=True)
    postal_code = serializers.RegexField(
        POSTAL_CODE_PATTERN,
        required=False,
        allow_blank=True,
        error_messages={"invalid": _("Use the Polish form NN-NNN.")},
    )
    place_name = serializers.CharField(read_only=True)
    # Null until the place is found; what the API answers may be sent back, so null reads as
    # "not given".
    lat = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    lon = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = {
            key: value
            for key, value in attrs.items()
            if not (key in ("lat", "lon") and value is None)
        }
        if ("lat" in attrs) != ("lon" in attrs):
            raise serializers.ValidationError(_("Give both lat and lon, or neither."))
        return attrs


def location_of(profile: Any, *, include_address: bool) -> dict[str, Any]:
    location = {
        "city": profile.city,
        "district": profile.district,
        "postal_code": profile.postal_code,
        "place_name": profile.place_name,
        "lat": profile.lat,
        "lon": profile.lon,
    }
    if include_address:
        location = {"address": profile.address, **location}
    return location
