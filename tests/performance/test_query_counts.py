"""Every list a coordinator (or a participant) reads costs the same queries for 3 rows or 12.

One world grows by the same rows of every kind (trained residents with certificates and
consent, newcomers with open requests, proposed and active matches, check-ins, training
modules, sessions and sign-ups, completions, safeguarding checks about to lapse, matching runs,
API tokens, audit entries as the services write them); each list endpoint and page is read at
3 and at 12 rows and must run the same number of queries. A list that grew a query per row
(an N+1) fails here with the two counts and the queries of the larger read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, Program, Role, User
from certificates.services import recognition_consent_set
from commitments.models import CheckIn
from matching.models import Match, MatchingRun, RunStatus
from newcomers.models import SupportRequest
from tests.certificates.certificates_cast import (
    issued,
    match_of,
    required_module,
    trained_resident,
)
from tests.factories import member
from tests.matching.matches_cast import active, open_request, proposed, ready_volunteer
from training.models import (
    CheckKind,
    SafeguardingCheck,
    SessionSignup,
    TrainingCompletion,
    TrainingModule,
    TrainingSession,
)
from volunteers.models import VolunteerProfile

FEW, MANY = 3, 12


@dataclass
class World:
    program: Program
    coordinator: User
    volunteer: VolunteerProfile  # a resident with a match per row, completions, checks
    newcomer: User  # the newcomer of the resident's first match
    match: Match  # the resident's first match: its check-ins grow
    session: TrainingSession  # its sign-ups grow
    size: int = 0
    batches: list[int] = field(default_factory=list)


def _world(program: Program, coordinator: User) -> World:
    volunteer = ready_volunteer(program, "Anna Kowalska")
    required_module(program)
    newcomer = member(program, Role.NEWCOMER, full_name="Олена Ковальчук", preferred_language="uk")
    match = active(open_request(program, user=newcomer), volunteer, coordinator)
    module = TrainingModule.objects.create(program=program, title="Sesje", is_required=False)
    session = TrainingSession.objects.create(
        program=program,
        module=module,
        starts_at=timezone.now() + timedelta(days=7),
        place="Centrum Wielokulturowe",
        capacity=100,
    )
    return World(program, coordinator, volunteer, newcomer, match, session)


def _grow(world: World, rows: int) -> None:
    """`rows` more of every kind a list shows."""
    program, coordinator = world.program, world.coordinator
    today = timezone.localdate()
    for index in range(world.size, world.size + rows):
        resident = trained_resident(program, f"Wolontariusz{index} Nowak")
        issued(resident, coordinator)
        recognition_consent_set(volunteer=resident, is_given=True)
        SafeguardingCheck.objects.create(
            program=program,
            volunteer=resident,
            kind=CheckKind.CRIMINAL_RECORD,
            checked_on=today - timedelta(days=355),
            expires_on=today + timedelta(days=10),
        )
        SessionSignup.objects.create(session=world.session, volunteer=resident)
        open_request(program, f"Nowoprzybyły{index}", user=member(program, Role.NEWCOMER))
        proposed(
            open_request(program, f"Proponowany{index}"),
            ready_volunteer(program, f"Kandydat{index} Wiśniewski"),
            coordinator,
        )
        active(
            open_request(program, f"Aktywny{index}"),
            ready_volunteer(program, f"Mentor{index} Zieliński"),
            coordinator,
        )
        match_of(world.volunteer, status="completed")  # the resident's list of matches
        CheckIn.objects.create(
            program=program,
            match=world.match,
            date=today - timedelta(days=index + 1),
            duration_minutes=60,
            by=coordinator,
        )
        module = TrainingModule.objects.create(
            program=program, title=f"Moduł {index}", is_required=False
        )
        TrainingSession.objects.create(
            program=program,
            module=module,
            starts_at=timezone.now() + timedelta(days=index + 1),
            place="Centrum Wielokulturowe",
            capacity=20,
        )
        TrainingCompletion.objects.create(
            program=program, volunteer=world.volunteer, module=module, completed_on=today
        )
        SafeguardingCheck.objects.create(
            program=program,
            volunteer=world.volunteer,
            kind=CheckKind.OFFENDER_REGISTER,
            checked_on=today - timedelta(days=index + 1),
            expires_on=today + timedelta(days=400 + index),
        )
        MatchingRun.objects.create(program=program, started_by=coordinator, status=RunStatus.DONE)
        ApiToken.objects.create(user=coordinator)
    world.size += rows


# (who reads, the address, rows the response must show at 12) - `{match}`, `{volunteer}`,
# `{session}`, `{request}`, `{slug}` are the world's.
COORDINATOR_API = [
    "/api/v1/programs/",
    "/api/v1/auth/tokens/",
    "/api/v1/certificates/",
    "/api/v1/matches/",
    "/api/v1/matching-runs/",
    "/api/v1/matches/{match}/check-ins/",
    "/api/v1/requests/{request}/candidates/?limit=50",
    "/api/v1/newcomers/",
    "/api/v1/requests/",
    "/api/v1/training/modules/",
    "/api/v1/training/sessions/",
    "/api/v1/training/lapses/",
    "/api/v1/volunteers/{volunteer}/training/",
    "/api/v1/volunteers/{volunteer}/safeguarding-checks/",
    "/api/v1/volunteers/",
    "/api/v1/programs/{slug}/stats/",
    "/api/v1/programs/{slug}/gaps/",
    "/api/v1/exports/volunteers.csv",
    "/api/v1/exports/requests.csv",
    "/api/v1/exports/matches.csv",
    "/api/v1/exports/certificates.csv",
]
COORDINATOR_PAGES = [
    "/coordinators/requests/",
    "/coordinators/requests/{request}/candidates/",
    "/coordinators/matches/",
    "/coordinators/runs/",
    "/coordinators/commitments/",
    "/coordinators/certificates/",
    "/coordinators/volunteers/",
    "/coordinators/volunteers/{volunteer}/training/",
    "/coordinators/training/",
    "/coordinators/training/sessions/",
    "/coordinators/training/sessions/{session}/",
    "/coordinators/training/lapses/",
    "/coordinators/history/?volunteer={volunteer}",
    "/coordinators/history/?match={match}",
    "/coordinators/dashboard/",
    "/home/",
]
RESIDENT = [
    "/api/v1/matches/",
    "/api/v1/matches/{match}/check-ins/",
    "/api/v1/volunteers/me/training/",
    "/matches/",
    "/matches/{match}/",
    "/residents/training/",
    "/residents/certificates/",
]
NEWCOMER = ["/matches/{match}/", "/newcomers/requests/"]
ANONYMOUS = ["/programs/{slug}/ambassadors/"]

# What reads the programme's pool (matching's snapshot): candidates, and the supply in the gaps.
POOL_READERS = ("candidates", "/gaps/", "/dashboard/")

READS = (
    [("coordinator", path) for path in COORDINATOR_API + COORDINATOR_PAGES]
    + [("resident", path) for path in RESIDENT]
    + [("newcomer", path) for path in NEWCOMER]
    + [("anonymous", path) for path in ANONYMOUS]
)


def _read(world: World, who: str, path: str) -> tuple[int, list[str]]:
    client = APIClient()
    reader = {
        "coordinator": world.coordinator,
        "resident": world.volunteer.user,
        "newcomer": world.newcomer,
    }.get(who)
    if reader is not None:
        client.force_login(reader)
    request = SupportRequest.objects.filter(program=world.program, status="open").first()
    assert request is not None
    address = path.format(
        match=world.match.pk,
        volunteer=world.volunteer.pk,
        session=world.session.pk,
        request=request.pk,
        slug=world.program.slug,
    )
    if any(reader in address for reader in POOL_READERS):
        client.get(address)  # the programme's snapshot follows the grown pool first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
        if response.streaming:
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert response.status_code == 200, (address, response.status_code)
    return len(queries), [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize(("who", "path"), READS, ids=[f"{who}:{path}" for who, path in READS])
def test_a_list_costs_the_same_queries_for_3_or_12_rows(
    program: Program, coordinator: User, who: str, path: str
) -> None:
    world = _world(program, coordinator)
    _grow(world, FEW)
    few, _ = _read(world, who, path)
    _grow(world, MANY - FEW)

    many, sql = _read(world, who, path)

    assert many == few, "\n".join([f"{few} queries at {FEW} rows, {many} at {MANY}:", *sql])
