"""What the match and matching-run endpoints read and answer."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.languages import reader_language
from core.names import latin_beside
from matching.models import EndReason, Match, MatchDecision, MatchingRun
from matching.reason_text import reason_sentences
from newcomers.api import RequestDetailsSerializer
from newcomers.models import SupportRequest
from newcomers.selectors import request_summary, requests_for_coordinator
from volunteers.models import VolunteerProfile
from volunteers.selectors import volunteers_for_coordinator


def _caller(field: serializers.Field[Any, Any, Any, Any]) -> Any:
    request = field.context.get("request")
    return getattr(request, "user", None)


@extend_schema_field(OpenApiTypes.INT)
class CoordinatedRequestField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A request of the caller's programmes; any other id reads as unknown."""

    def get_queryset(self) -> QuerySet[SupportRequest]:
        user = _caller(self)
        if user is None or not user.is_authenticated:
            return SupportRequest.objects.none()
        return requests_for_coordinator(user)


@extend_schema_field(OpenApiTypes.INT)
class CoordinatedVolunteerField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A volunteer of the caller's programmes; any other id reads as unknown."""

    def get_queryset(self) -> QuerySet[VolunteerProfile]:
        user = _caller(self)
        if user is None or not user.is_authenticated:
            return VolunteerProfile.objects.none()
        return volunteers_for_coordinator(user)


class ProposeInput(serializers.Serializer[Any]):
    request = CoordinatedRequestField()
    volunteer = CoordinatedVolunteerField()


class ApproveInput(serializers.Serializer[Any]):
    started_on = serializers.DateField(required=False, allow_null=True)


class ReasonInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=1000)


class RunInput(serializers.Serializer[Any]):
    program = serializers.SlugField(required=False)
    exact = serializers.BooleanField(
        default=False, help_text=_("Solve over every feasible pair instead of the best ones.")
    )


class ConflictSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()


class DecisionSerializer(serializers.ModelSerializer[MatchDecision]):
    by_name = serializers.SerializerMethodField()

    class Meta:
        model = MatchDecision
        fields = ["action", "by", "by_name", "at", "note"]

    def get_by_name(self, decision: MatchDecision) -> str:
        return decision.by.full_name if decision.by else ""


def name_as_seen(
    *, full_name: str, first_name: str, person_id: int | None, caller: Any, coordinates: bool
) -> str:
    """A participant reads the other one's first name only (as on the match page); the
    programme's coordinators and the person themself read the full name."""
    if coordinates or (caller is not None and person_id is not None and caller.pk == person_id):
        return full_name
    return first_name


class MatchSerializer(serializers.ModelSerializer[Match]):
    """A match as its volunteer, newcomer and coordinators see it.

    Never the request's notes. `reason` (why it was rejected or ended) and `decisions` only
    for the programme's coordinators: the view puts the programmes the caller coordinates in the
    context as `coordinated_program_ids` (None: every programme). The volunteer and the
    newcomer read each other's first name only.
    """

    program: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    volunteer_name = serializers.SerializerMethodField()
    newcomer_name = serializers.SerializerMethodField()
    needs = serializers.SerializerMethodField()
    breakdown = serializers.DictField(child=serializers.FloatField(), read_only=True)
    reasons = serializers.SerializerMethodField()
    reason_codes = serializers.ListField(
        source="reasons", child=serializers.DictField(), read_only=True
    )
    reason = serializers.SerializerMethodField()
    attention = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    last_satisfaction = serializers.SerializerMethodField()
    newcomer_name_latin = serializers.SerializerMethodField()
    request_details = serializers.SerializerMethodField()
    # Blank until the match ends: declared, since a read-only model field loses `allow_blank`.
    end_reason = serializers.ChoiceField(
        choices=EndReason.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Match
        fields = [
            "id", "program", "request", "volunteer", "volunteer_name", "newcomer",
            "newcomer_name", "needs", "status", "score", "breakdown", "reasons", "reason_codes",
            "run", "proposed_at", "decided_at", "started_on", "commitment_ends_on",
            "last_check_in_on", "health", "ended_on", "end_reason", "reason", "decisions",
            "last_satisfaction", "attention", "newcomer_name_latin", "request_details",
        ]  # fmt: skip
        read_only_fields = fields

    def get_volunteer_name(self, match: Match) -> str:
        volunteer = match.volunteer.user
        return name_as_seen(
            full_name=volunteer.full_name,
            first_name=volunteer.first_name,
            person_id=volunteer.pk,
            caller=_caller(self),
            coordinates=self.coordinates(match),
        )

    def get_newcomer_name(self, match: Match) -> str:
        return name_as_seen(
            full_name=match.newcomer.display_name,
            first_name=match.newcomer.first_name,
            person_id=match.newcomer.user_id,
            caller=_caller(self),
            coordinates=self.coordinates(match),
        )

    def get_newcomer_name_latin(self, match: Match) -> str:
        """The newcomer's name (as `newcomer_name` shows it) in Latin letters when written in
        Cyrillic, else blank."""
        return latin_beside(self.get_newcomer_name(match))

    @extend_schema_field(RequestDetailsSerializer(allow_null=True))
    def get_request_details(self, match: Match) -> dict[str, Any] | None:
        """The whole request (note, district, modes, days, urgency, children, languages, days
        waited) for the programme's coordinators; null for the pair."""
        if not self.coordinates(match):
            return None
        return request_summary(match.request, reader_language(), newcomer=match.newcomer).as_json()

    def get_needs(self, match: Match) -> list[str]:
        return list(match.request.needs)

    def get_reasons(self, match: Match) -> list[str]:
        return reason_sentences(match.reasons or [])

    def coordinates(self, match: Match) -> bool:
        program_ids = self.context.get("coordinated_program_ids", set())
        return program_ids is None or match.program_id in program_ids

    def get_reason(self, match: Match) -> str:
        return match.reason if self.coordinates(match) else ""

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_last_satisfaction(self, match: Match) -> int | None:
        """The latest rating (a survey answer or a check-in's): coordinators only, the
        other person must never read how they were rated (always null for participants)."""
        return match.last_satisfaction if self.coordinates(match) else None

    def get_attention(self, match: Match) -> str:
        """Why a coordinator should look (low satisfaction, a change asked for, ...)."""
        return match.attention if self.coordinates(match) else ""

    @extend_schema_field(DecisionSerializer(many=True))
    def get_decisions(self, match: Match) -> list[dict[str, Any]]:
        """Who decided what and when; empty for the match's own people (notes are internal)."""
        if not self.coordinates(match):
            return []
        return [self._decision.to_representation(decision) for decision in match.decisions.all()]

    @cached_property
    def _decision(self) -> DecisionSerializer:
        # One for the whole list: a serializer builds its fields anew each time it is made,
        # which a page of 50 matches did 50 times.
        return DecisionSerializer(context=self.context)


class MatchingRunSerializer(serializers.ModelSerializer[MatchingRun]):
    program: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    exact = serializers.BooleanField(source="is_exact", read_only=True)
    started_by_name = serializers.SerializerMethodField()

    class Meta:
        model = MatchingRun
        fields = [
            "id", "program", "status", "exact", "stage", "progress", "proposals",
            "requests_considered", "volunteers_considered", "total_score", "solver_seconds",
            "started_by", "started_by_name", "created_at", "started_at", "finished_at", "error",
        ]  # fmt: skip
        read_only_fields = fields

    def get_started_by_name(self, run: MatchingRun) -> str:
        return run.started_by.full_name if run.started_by else ""
