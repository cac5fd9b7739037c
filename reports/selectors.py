"""Reads for reports' pages and endpoints: whose programme, which published report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled
from rest_framework import serializers

from accounts.models import Program
from accounts.permissions import coordinated_programs
from certificates.models import PublicRecognitionConsent
from reports.models import ImportBatch, PublishedReport


def program_of_coordinator(user: Any, slug: str | None) -> Program:
    """The programme `slug` when `user` coordinates it (else 404, so existence does not
    leak); without a slug the coordinator's only programme, else a 400 on `program`."""
    programs = coordinated_programs(user)
    if slug:
        program = programs.filter(slug=slug).first()
        if program is None:
            raise Http404
        return program
    only = list(programs.order_by("name")[:2])
    if len(only) != 1:
        raise serializers.ValidationError({"program": [_("Say which programme.")]})
    return only[0]


def import_batch_of_coordinator(user: Any, pk: int) -> ImportBatch:
    """An upload the user staged, in a programme they still coordinate; 404 otherwise."""
    batch = (
        ImportBatch.objects.filter(pk=pk, created_by=user, program__in=coordinated_programs(user))
        .select_related("program")
        .first()
    )
    if batch is None:
        raise Http404
    return batch


def published_reports_of(program: Program) -> dict[int, PublishedReport]:
    """The programme's published reports by year; one query."""
    return {report.year: report for report in PublishedReport.objects.filter(program=program)}


@dataclass(frozen=True)
class PublicReport:
    program: Program
    year: int
    figures: dict[str, Any]
    published_at: Any
    ambassadors: list[dict[str, Any]]


def public_report(slug: str, year: int) -> PublicReport:
    """A published impact report for anyone; 404 when not published. Two queries.

    Named ambassadors are re-checked against today's consents: a withdrawn consent (or an
    erased person) takes them off the published report at once.
    """
    report = (
        PublishedReport.public.filter(program__slug=slug, year=year)
        .select_related("program")
        .first()
    )
    if report is None:
        raise Http404
    named = report.figures.get("ambassadors", [])
    with scopes_disabled():  # public by design; the report names its programme
        consenting = set(
            PublicRecognitionConsent.objects.filter(
                program=report.program,
                withdrawn_at__isnull=True,
                volunteer_id__in=[person["volunteer"] for person in named],
            ).values_list("volunteer_id", flat=True)
        )
    return PublicReport(
        program=report.program,
        year=report.year,
        figures=report.figures,
        published_at=report.published_at,
        ambassadors=[person for person in named if person["volunteer"] in consenting],
    )
