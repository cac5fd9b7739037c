"""Published reports in a person's export and erasure (see accounts.personal_data).

A published report is a snapshot: its figures never change, but the ambassadors it names
(first name and district, with consent) do lose an erased volunteer.
"""

from __future__ import annotations

from typing import Any

from django_scopes import scopes_disabled

from accounts.personal_data import Person
from reports.models import PublishedReport
from volunteers.models import VolunteerProfile


def _volunteer_ids(person: Person) -> set[int]:
    if person.user is None:
        return set()
    return set(VolunteerProfile.objects.filter(user=person.user).values_list("pk", flat=True))


def _naming(volunteer_ids: set[int]) -> list[PublishedReport]:
    if not volunteer_ids:
        return []
    return [
        report
        for report in PublishedReport.objects.select_related("program").order_by("year", "pk")
        if any(
            row.get("volunteer") in volunteer_ids for row in report.figures.get("ambassadors", [])
        )
    ]


def reports_export(person: Person) -> dict[str, Any]:
    with scopes_disabled():
        volunteer_ids = _volunteer_ids(person)
        return {
            "named_as_ambassador_in": [
                {"program": report.program.slug, "year": report.year}
                for report in _naming(volunteer_ids)
            ]
        }


def reports_erase(person: Person) -> None:
    with scopes_disabled():
        volunteer_ids = _volunteer_ids(person)
        for report in _naming(volunteer_ids):
            figures = dict(report.figures)
            figures["ambassadors"] = [
                row for row in figures["ambassadors"] if row.get("volunteer") not in volunteer_ids
            ]
            PublishedReport.objects.filter(pk=report.pk).update(figures=figures)
