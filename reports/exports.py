"""CSV exports of a programme's volunteers, requests, matches and certificates.

UTF-8 with a byte-order mark and commas: Excel (Polish locale included) opens it with the
right letters, and every other tool reads plain CSV. The columns use the import's English
headers where they mean the same thing, so an export of volunteers can be imported again.
A cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` so
that a spreadsheet shows it as text instead of running it as a formula.

Rows are streamed: one query per export whatever the size (`iterator()` over a queryset that
already joins what it shows, and annotates the matches' check-in totals). Request notes,
end and revocation reasons, bios and anything about safeguarding or children are never
exported.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce

from accounts.models import Program
from certificates.models import Certificate
from commitments.hours import hours_of
from core import clock
from matching.models import Match
from newcomers.models import SupportRequest
from newcomers.selectors import confirmed_requests
from volunteers.models import VolunteerProfile
from volunteers.selectors import confirmed_volunteers

UTF8_BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000


def neutralised(value: Any) -> Any:
    """A cell that a spreadsheet would not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _languages(languages: dict[str, str]) -> str:
    return "; ".join(f"{code}:{level}" for code, level in (languages or {}).items())


def _codes(codes: list[str]) -> str:
    return "; ".join(codes or [])


def _day(value: Any) -> str:
    return value.isoformat() if value else ""


def _district(place_name: str, city: str) -> str:
    return place_name if place_name and place_name != city else ""


VOLUNTEER_COLUMNS = [
    "id", "full name", "e-mail", "status", "trained", "languages", "skills", "capacity",
    "active matches", "city", "district", "registered on",
]  # fmt: skip


def _volunteers(program: Program) -> QuerySet[Any]:
    return confirmed_volunteers().filter(program=program).select_related("user").order_by("pk")


def _volunteer_row(volunteer: VolunteerProfile) -> list[Any]:
    return [
        volunteer.pk, volunteer.user.full_name, volunteer.user.email, volunteer.status,
        "yes" if volunteer.is_trained else "no", _languages(volunteer.languages),
        _codes(volunteer.skills), volunteer.capacity, volunteer.active_matches,
        volunteer.city, _district(volunteer.place_name, volunteer.city),
        _day(clock.local_date(volunteer.created_at)),
    ]  # fmt: skip


REQUEST_COLUMNS = [
    "id", "newcomer id", "newcomer", "needs", "modes", "urgency", "status", "waiting since",
    "created on",
]  # fmt: skip


def _requests(program: Program) -> QuerySet[Any]:
    return (
        confirmed_requests().filter(program=program).select_related("newcomer__user").order_by("pk")
    )


def _request_row(request: SupportRequest) -> list[Any]:
    return [
        request.pk, request.newcomer_id, request.newcomer.display_name, _codes(request.needs),
        _codes(request.modes), request.urgency, request.status,
        _day(clock.local_date(request.waiting_since)),
        _day(clock.local_date(request.created_at)),
    ]  # fmt: skip


MATCH_COLUMNS = [
    "id", "request id", "volunteer", "newcomer", "status", "started on", "commitment ends on",
    "ended on", "why it ended", "check-ins", "check-in hours", "check-in minutes",
]  # fmt: skip


def _matches(program: Program) -> QuerySet[Any]:
    return (
        Match.objects.filter(program=program)
        .select_related("volunteer__user", "newcomer__user")
        .annotate(
            check_in_count=Count("check_ins"),
            check_in_minutes=Coalesce(Sum("check_ins__duration_minutes"), 0),
        )
        .order_by("pk")
    )


def _match_row(match: Any) -> list[Any]:
    return [
        match.pk, match.request_id, match.volunteer.user.full_name, match.newcomer.display_name,
        match.status, _day(match.started_on), _day(match.commitment_ends_on),
        _day(match.ended_on), match.end_reason, match.check_in_count,
        hours_of(match.check_in_minutes), match.check_in_minutes,
    ]  # fmt: skip


CERTIFICATE_COLUMNS = ["serial", "kind", "title", "holder", "issued on", "revoked on"]


def _certificates(program: Program) -> QuerySet[Any]:
    return Certificate.objects.filter(program=program).order_by("issued_at", "pk")


def _certificate_row(certificate: Certificate) -> list[Any]:
    revoked_at = certificate.revoked_at
    return [
        certificate.serial_display, certificate.kind, certificate.title,
        certificate.holder_name, _day(certificate.issued_on),
        _day(clock.local_date(revoked_at) if revoked_at else None),
    ]  # fmt: skip


@dataclass(frozen=True)
class Export:
    columns: list[str]
    queryset: Callable[[Program], QuerySet[Any]]
    row: Callable[[Any], list[Any]]

    def rows(self, program: Program) -> Iterator[list[Any]]:
        """The header, then a row per object. The queryset is made now, inside the caller's
        programme scope; it runs when the stream is first read (after the view returned)."""
        queryset = self.queryset(program)

        def generate() -> Iterator[list[Any]]:
            yield self.columns
            for item in queryset.iterator(chunk_size=CHUNK_SIZE):
                yield self.row(item)

        return generate()


EXPORTS = {
    "volunteers": Export(VOLUNTEER_COLUMNS, _volunteers, _volunteer_row),
    "requests": Export(REQUEST_COLUMNS, _requests, _request_row),
    "matches": Export(MATCH_COLUMNS, _matches, _match_row),
    "certificates": Export(CERTIFICATE_COLUMNS, _certificates, _certificate_row),
}


class _Line:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list[Any]]) -> Iterator[str]:
    """The rows as CSV text, a line at a time, after a byte-order mark; cells neutralised."""
    writer = csv.writer(_Line())
    yield UTF8_BOM
    for row in rows:
        yield writer.writerow([neutralised(cell) for cell in row])
