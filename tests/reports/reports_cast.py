"""The reports tests' cast: a programme's 2025 written row by row, with known answers.

Rows are written directly (statuses, dates and timestamps as the other services would have
left them) so that every figure of `reports.statistics` can be computed by hand; the
expected values are in `KNOWN_2025` with the reasoning beside each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import count
from typing import Any

from django.utils import timezone

from accounts.models import Program, Role
from certificates.models import Certificate
from commitments.models import CheckIn
from matching.models import Match
from newcomers.models import NewcomerProfile, SupportRequest
from tests.factories import member
from training.models import TrainingCompletion, TrainingModule
from volunteers.models import VolunteerProfile

_serials = count(1)


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12, 0))


def volunteer_of(
    program: Program, full_name: str, *, created_on: date, **fields: Any
) -> VolunteerProfile:
    user = member(program, Role.VOLUNTEER, full_name=full_name)
    volunteer = VolunteerProfile.objects.create(user=user, program=program, **fields)
    VolunteerProfile.objects.filter(pk=volunteer.pk).update(created_at=moment(created_on))
    return volunteer


def newcomer_of(program: Program, full_name: str, **fields: Any) -> NewcomerProfile:
    return NewcomerProfile.objects.create(program=program, full_name=full_name, **fields)


def request_of(
    newcomer: NewcomerProfile,
    needs: list[str],
    *,
    created_on: date,
    status: str = "open",
    waiting_since: date | None = None,
) -> SupportRequest:
    request = SupportRequest.objects.create(
        program=newcomer.program,
        newcomer=newcomer,
        needs=needs,
        modes=["in_person"],
        status=status,
        waiting_since=moment(waiting_since or created_on),
    )
    SupportRequest.objects.filter(pk=request.pk).update(created_at=moment(created_on))
    return request


def match_of(
    request: SupportRequest,
    volunteer: VolunteerProfile,
    *,
    status: str,
    started_on: date | None,
    ends_on: date | None = None,
    ended_on: date | None = None,
) -> Match:
    return Match.objects.create(
        program=request.program,
        request=request,
        volunteer=volunteer,
        newcomer=request.newcomer,
        status=status,
        started_on=started_on,
        commitment_ends_on=ends_on,
        ended_on=ended_on,
    )


def check_in(match: Match, day: date, minutes: int) -> CheckIn:
    return CheckIn.objects.create(
        program=match.program, match=match, date=day, duration_minutes=minutes
    )


def certificate_of(
    volunteer: VolunteerProfile, *, issued_on: date, kind: str = "commitment", revoked: bool = False
) -> Certificate:
    number = next(_serials)
    serial = f"T{number:08d}"
    return Certificate.objects.create(
        program=volunteer.program,
        volunteer=volunteer,
        kind=kind,
        subject_key=f"test:{serial}",
        serial=serial,
        holder_name=volunteer.user.full_name,
        program_name=volunteer.program.name,
        program_city=volunteer.program.city,
        issuer_name="Agnieszka Wiśniewska",
        issued_on=issued_on,
        issued_at=moment(issued_on),
        key_id="test",
        signature="test",
        status_index=number,
        revoked_at=moment(issued_on) if revoked else None,
        revocation_reason="Issued by mistake." if revoked else "",
    )


@dataclass
class Year2025:
    anna: VolunteerProfile
    piotr: VolunteerProfile
    ewa: VolunteerProfile
    jan: VolunteerProfile
    matches: dict[str, Match]


def year_2025(program: Program) -> Year2025:
    """The programme's story; see KNOWN_2025 for what it adds up to."""
    basics = TrainingModule.objects.create(program=program, title="Podstawy", is_required=True)
    optional = TrainingModule.objects.create(program=program, title="Kultura", is_required=False)

    anna = volunteer_of(program, "Anna Kowalska", created_on=date(2024, 5, 1))
    piotr = volunteer_of(program, "Piotr Nowak", created_on=date(2025, 3, 1))
    ewa = volunteer_of(program, "Ewa Lis", created_on=date(2025, 11, 1))
    jan = volunteer_of(program, "Jan Wójcik", created_on=date(2026, 1, 15))
    TrainingCompletion.objects.create(
        program=program, volunteer=anna, module=basics, completed_on=date(2024, 6, 1)
    )
    TrainingCompletion.objects.create(
        program=program,
        volunteer=piotr,
        module=basics,
        completed_on=date(2025, 4, 1),
        expires_on=date(2025, 10, 1),
    )
    TrainingCompletion.objects.create(
        program=program, volunteer=ewa, module=optional, completed_on=date(2025, 11, 2)
    )

    olena = newcomer_of(program, "Олена", first_language="uk", place_name="Mokotów")
    minh = newcomer_of(program, "Minh", first_language="vi", place_name="Wola")
    taras = newcomer_of(program, "Тарас", first_language="uk", place_name="Mokotów")
    igor = newcomer_of(program, "Игорь", first_language="ru")
    alesia = newcomer_of(program, "Алеся", first_language="be")

    r1 = request_of(
        olena, ["admin_procedures", "housing"], created_on=date(2024, 10, 1), status="closed"
    )
    r2 = request_of(minh, ["job_search"], created_on=date(2025, 2, 1), status="matched")
    r3 = request_of(taras, ["housing"], created_on=date(2025, 6, 1), waiting_since=date(2025, 7, 1))
    r4 = request_of(igor, ["healthcare"], created_on=date(2025, 12, 20), status="matched")
    r5 = request_of(alesia, ["education"], created_on=date(2026, 1, 10))
    r6 = request_of(alesia, ["local_customs"], created_on=date(2023, 12, 1), status="closed")
    request_of(minh, ["legal_residence"], created_on=date(2025, 9, 1))
    request_of(igor, ["housing"], created_on=date(2025, 3, 3), status="cancelled")

    matches = {
        # Ran Nov 2024 - May 2025 and was completed in May 2025.
        "completed": match_of(
            r1, anna, status="completed", started_on=date(2024, 11, 1),
            ends_on=date(2025, 5, 1), ended_on=date(2025, 5, 1),
        ),
        # Started February 2025 and still running.
        "active": match_of(
            r2, piotr, status="active", started_on=date(2025, 2, 10), ends_on=date(2025, 8, 10)
        ),
        # Started June 2025, ended early in July (the request re-opened).
        "ended": match_of(
            r3, anna, status="ended", started_on=date(2025, 6, 15),
            ends_on=date(2025, 12, 15), ended_on=date(2025, 7, 1),
        ),
        # Starts after the year.
        "next_year": match_of(
            r4, piotr, status="active", started_on=date(2026, 1, 5), ends_on=date(2026, 7, 5)
        ),
        # A proposal never counts.
        "proposed": match_of(r5, ewa, status="proposed", started_on=None),
        # Ran and ended in 2024.
        "last_year": match_of(
            r6, anna, status="ended", started_on=date(2024, 1, 1),
            ends_on=date(2024, 7, 1), ended_on=date(2024, 6, 1),
        ),
    }  # fmt: skip
    check_in(matches["completed"], date(2024, 12, 10), 30)  # the year before
    check_in(matches["completed"], date(2025, 1, 10), 60)
    check_in(matches["completed"], date(2025, 3, 10), 90)
    check_in(matches["active"], date(2025, 2, 20), 48)
    check_in(matches["active"], date(2025, 12, 31), 12)
    check_in(matches["next_year"], date(2026, 1, 10), 60)  # the year after

    certificate_of(anna, issued_on=date(2025, 5, 10))
    certificate_of(anna, issued_on=date(2024, 7, 1), kind="training")  # the year before
    certificate_of(piotr, issued_on=date(2025, 6, 1), kind="training", revoked=True)
    return Year2025(anna=anna, piotr=piotr, ewa=ewa, jan=jan, matches=matches)


def _months(**values: dict[int, Any]) -> list[dict[str, Any]]:
    return [
        {
            "month": f"2025-{month:02d}",
            "matches_started": values["started"].get(month, 0),
            "commitments_completed": values["completed"].get(month, 0),
            "requests_received": values["received"].get(month, 0),
            "check_in_hours": values["hours"].get(month, 0),
        }
        for month in range(1, 13)
    ]


KNOWN_2025 = {
    "year": 2025,
    "volunteers_registered": 3,  # Anna, Piotr, Ewa; Jan joined in 2026
    "volunteers_trained": 1,  # Anna; Piotr's completion expired in October; Ewa's is optional
    "volunteers_mentoring": 2,  # Anna (completed, ended), Piotr (active)
    "newcomers_supported": 3,  # Olena, Minh, Taras
    "requests_open": 2,  # Taras's re-opened request and Minh's second; Alesia's waits since 2026
    "requests_received": 5,  # Feb, Mar (cancelled), Jun, Sep, Dec
    "matches_active": 1,  # Piotr and Minh on 31 December
    "matches_started": 2,  # February and June
    "commitments_completed": 1,  # May
    "certificates_issued": 1,  # the revoked one and the 2024 one do not count
    "check_in_hours": 3.5,  # 60 + 90 + 48 + 12 minutes
    "by_need": {"housing": 2, "admin_procedures": 1, "job_search": 1},
    "by_language": {"uk": 2, "vi": 1},
    "by_district": {"Mokotów": 2, "Wola": 1},
    "by_month": _months(
        started={2: 1, 6: 1},
        completed={5: 1},
        received={2: 1, 3: 1, 6: 1, 9: 1, 12: 1},
        hours={1: 1.0, 2: 0.8, 3: 1.5, 12: 0.2},
    ),
}
