from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.languages import reader_language
from core.selectors import taxonomy_in_language


class LanguageNameSerializer(serializers.Serializer[dict[str, str]]):
    code = serializers.CharField()
    name = serializers.CharField()


class CodeLabelSerializer(serializers.Serializer[dict[str, str]]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # shadows Field.label


class SkillSerializer(CodeLabelSerializer):
    description = serializers.CharField()


class TaxonomySerializer(serializers.Serializer[dict[str, object]]):
    languages = LanguageNameSerializer(many=True)
    levels = serializers.ListField(child=serializers.CharField())
    level_labels = CodeLabelSerializer(many=True)
    skills = SkillSerializer(many=True)
    interests = CodeLabelSerializer(many=True)


class TaxonomyView(APIView):
    """The vocabulary, labelled in the language of `Accept-Language`."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(responses=TaxonomySerializer)
    def get(self, request: Request) -> Response:
        return Response(taxonomy_in_language(reader_language()))
