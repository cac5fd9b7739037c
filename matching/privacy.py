"""A person's matches in their export and erasure (see accounts.personal_data).

The export shows the other person of a match by first name only. Coordinators' free-text
notes about a match (why it ended, what needs attention) are left out of the export: they
are the programme's safeguarding record and may speak of the other person (GDPR Art. 15(4));
erasure removes them. Erasure keeps every date, status, duration and topic that programme
statistics count, and clears the free text of the person's matches: decision notes and
reasons (check-in and survey notes: `commitments.privacy`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Now
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from accounts.personal_data import Person
from matching.models import (
    OPEN_MATCH_STATUSES,
    Match,
    MatchDecision,
    PairExclusion,
)


def matches_of(person: Person) -> QuerySet[Match]:
    condition = Q(pk__in=[])
    if person.user is not None:
        condition |= Q(volunteer__user=person.user) | Q(newcomer__user=person.user)
    if person.newcomer_id is not None:
        condition |= Q(newcomer_id=person.newcomer_id)
    return Match.objects.filter(condition)


def match_row(pk: int) -> Match | None:
    with scopes_disabled():
        return Match.objects.filter(pk=pk).first()


def matching_subjects(person: Person) -> dict[str, list[int]]:
    with scopes_disabled():
        return {"match": list(matches_of(person).values_list("pk", flat=True))}


def matching_blockers(person: Person) -> list[str]:
    with scopes_disabled():
        if matches_of(person).filter(status__in=OPEN_MATCH_STATUSES).exists():
            return [_("Reject or end the person's proposed and active matches first.")]
    return []


def matching_export(person: Person) -> dict[str, Any]:
    user_id = person.user.pk if person.user is not None else None
    with scopes_disabled():
        matches = list(
            matches_of(person)
            .select_related("program", "volunteer__user", "newcomer__user")
            .order_by("proposed_at", "pk")
        )
        rows = []
        for match in matches:
            is_volunteer = user_id is not None and match.volunteer.user_id == user_id
            other = match.newcomer.first_name if is_volunteer else match.volunteer.user.first_name
            rows.append(
                {
                    "id": match.pk,
                    "program": match.program.slug,
                    "your_role": "volunteer" if is_volunteer else "newcomer",
                    "with": other,
                    "status": match.status,
                    "proposed_at": match.proposed_at,
                    "started_on": match.started_on,
                    "commitment_ends_on": match.commitment_ends_on,
                    "ended_on": match.ended_on,
                    "end_reason": match.end_reason,
                    "last_check_in_on": match.last_check_in_on,
                }
            )
        return {"matches": rows}


def matching_erase(person: Person) -> None:
    with scopes_disabled():
        matches = matches_of(person)
        match_ids = list(matches.values_list("pk", flat=True))
        Match.objects.filter(pk__in=match_ids).update(
            reason="", attention_note="", reasons=[], updated_at=Now()
        )
        MatchDecision.objects.filter(match_id__in=match_ids).update(note="")
        exclusions = Q(pk__in=[])
        if person.user is not None:
            exclusions |= Q(volunteer__user=person.user) | Q(newcomer__user=person.user)
        if person.newcomer_id is not None:
            exclusions |= Q(newcomer_id=person.newcomer_id)
        PairExclusion.objects.filter(exclusions).update(reason="")
