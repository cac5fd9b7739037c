"""Ranked candidates for one support request: the API endpoint and the coordinator's page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsCoordinator, coordinator_page
from core.languages import reader_language
from core.vocabulary import skill_labels
from matching.candidates import (
    MAX_LIMIT,
    RankedCandidate,
    candidates_for,
    request_for_candidates,
)
from matching.models import MatchStatus
from matching.reason_text import reason_sentences
from matching.selectors import current_match_of
from newcomers.models import RequestStatus
from newcomers.selectors import request_summary
from volunteers.agreements import agreement_states

PAGE_LIMIT = 10


class CandidatesQuery(serializers.Serializer[Any]):
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=10)


class CandidateVolunteerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="volunteer_id")
    full_name = serializers.CharField()


class BreakdownSerializer(serializers.Serializer[Any]):
    """Each component in [0, 1] (`load`: a small preference for volunteers with room)."""

    language = serializers.FloatField()
    skills = serializers.FloatField()
    distance = serializers.FloatField()
    interests = serializers.FloatField()
    availability = serializers.FloatField()
    load = serializers.FloatField()


class ReasonCodeSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    params = serializers.DictField()


class CandidateSerializer(serializers.Serializer[Any]):
    volunteer = CandidateVolunteerSerializer(source="*")
    score = serializers.FloatField()
    distance_km = serializers.FloatField(allow_null=True)
    breakdown = BreakdownSerializer()
    reasons = serializers.SerializerMethodField()
    reason_codes = ReasonCodeSerializer(many=True)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reasons(self, candidate: RankedCandidate) -> list[str]:
        return reason_sentences(candidate.reason_codes)

    def to_representation(self, candidate: RankedCandidate) -> dict[str, Any]:
        # The fields above describe the schema; writing the plain values directly is several
        # times faster than DRF's field-by-field walk, which counts at 50 candidates a call.
        return {
            "volunteer": {"id": candidate.volunteer_id, "full_name": candidate.full_name},
            "score": candidate.score,
            "distance_km": candidate.distance_km,
            "breakdown": dict(candidate.breakdown),
            "reasons": reason_sentences(candidate.reason_codes),
            "reason_codes": candidate.reason_codes,
        }


class RequestCandidatesView(APIView):
    """Volunteers for one support request, best first, with why in the caller's language."""

    permission_classes = [IsAuthenticated, IsCoordinator]

    @extend_schema(parameters=[CandidatesQuery], responses=CandidateSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        query = CandidatesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        support_request = request_for_candidates(request.user, pk)
        candidates = candidates_for(support_request, limit=query.validated_data["limit"])
        return Response(CandidateSerializer(candidates, many=True).data)


def _need_labels(codes: list[str], lang: str) -> list[str]:
    return skill_labels(codes, lang)


@coordinator_page
def request_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """A request and its ranked candidates; each can be proposed (and approved) from here."""
    support_request = request_for_candidates(request.user, pk)
    candidates = candidates_for(support_request, limit=PAGE_LIMIT)
    lang = reader_language()
    newcomer = support_request.newcomer
    # Before "propose and approve": whose agreement is not signed (one query).
    agreement_of = (
        agreement_states([candidate.volunteer_id for candidate in candidates])
        if support_request.status == RequestStatus.OPEN
        else {}
    )
    current = current_match_of(support_request)
    context = {
        "support_request": support_request,
        "first_name": newcomer.first_name,
        "summary": request_summary(support_request, lang),
        # One proposal or match at a time: while one stands, it is what the page offers.
        "current": current,
        "current_is_proposed": current is not None and current.status == MatchStatus.PROPOSED,
        "is_open": support_request.status == RequestStatus.OPEN and current is None,
        "candidates": [
            {
                "volunteer_id": candidate.volunteer_id,
                "agreement": agreement_of.get(candidate.volunteer_id),
                "full_name": candidate.full_name,
                "score_percent": round(candidate.score * 100),
                "distance_km": candidate.distance_km,
                # "online" only when the engine says both meet online (a reason).
                "meets_online": any(
                    reason["code"] == "online" for reason in candidate.reason_codes
                ),
                "reasons": reason_sentences(candidate.reason_codes),
            }
            for candidate in candidates
        ],
    }
    return render(request, "coordinators/request_candidates.html", context)
