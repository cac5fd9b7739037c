"""A person's check-ins and survey answers in their export and erasure (see accounts.personal_data).

Erasure clears the free text of every check-in and survey answer of the person's matches,
the other person's too (they speak of this person); dates, durations, topics and ratings
stay for the programme's statistics.
"""

from __future__ import annotations

from typing import Any

from django_scopes import scopes_disabled

from accounts.personal_data import Person
from commitments.models import CheckIn, SurveyResponse
from matching.privacy import matches_of


def commitments_export(person: Person) -> dict[str, Any]:
    if person.user is None:
        return {"check_ins_you_logged": [], "survey_answers": []}
    with scopes_disabled():
        check_ins = list(
            CheckIn.objects.filter(by_id=person.user.pk)
            .order_by("date", "pk")
            .values(
                "match_id",
                "date",
                "duration_minutes",
                "mode",
                "topics",
                "note",
                "satisfaction",
                "created_at",
            )
        )
        surveys = list(
            SurveyResponse.objects.filter(respondent_id=person.user.pk)
            .order_by("created_at", "pk")
            .values("match_id", "number", "rating", "note", "created_at")
        )
    return {"check_ins_you_logged": check_ins, "survey_answers": surveys}


def commitments_erase(person: Person) -> None:
    with scopes_disabled():
        match_ids = list(matches_of(person).values_list("pk", flat=True))
        CheckIn.objects.filter(match_id__in=match_ids).update(note="")
        SurveyResponse.objects.filter(match_id__in=match_ids).update(note="")
