"""The certificate tests' cast: trained residents, completed matches, issued certificates.

Rows are written directly (training status and match status as the other services would
leave them), so each test changes only what it is about.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

from django.db import connection
from django_scopes import scopes_disabled

from accounts.models import Program, Role, User
from certificates.models import Certificate
from certificates.services import (
    certificate_issue,
    opinion_issue,
    opinion_request,
    service_confirmation_issue,
)
from commitments.models import CheckIn
from core import clock
from matching.models import Match
from newcomers.models import NewcomerProfile, SupportRequest
from tests.clients import signed_in
from tests.factories import member
from training.models import TrainingCompletion, TrainingModule
from volunteers.models import VolunteerProfile


def days_ago(days: int) -> date:
    return clock.today() - timedelta(days=days)


def resident(
    program: Program, full_name: str = "Zażółć Gęślą", *, language: str = "pl", **fields: object
) -> VolunteerProfile:
    user = member(program, Role.VOLUNTEER, full_name=full_name, preferred_language=language)
    return VolunteerProfile.objects.create(user=user, program=program, **fields)


def required_module(program: Program, title: str = "Podstawy pracy z migrantami") -> TrainingModule:
    module, _created = TrainingModule.objects.get_or_create(
        program=program,
        title=title,
        defaults={
            "is_required": True,
            "translations": {"uk": {"title": f"{title} (uk)"}, "en": {"title": f"{title} (en)"}},
        },
    )
    return module


def complete(volunteer: VolunteerProfile, module: TrainingModule, on: date | None = None) -> None:
    TrainingCompletion.objects.create(
        program=volunteer.program,
        volunteer=volunteer,
        module=module,
        completed_on=on or days_ago(10),
    )


def trained(volunteer: VolunteerProfile, *modules: TrainingModule) -> VolunteerProfile:
    """Complete `modules` (or a new required one) and derive `is_trained` as training would."""
    for module in modules or (required_module(volunteer.program),):
        complete(volunteer, module)
    volunteer.is_trained = True
    volunteer.status = "ready"
    volunteer.save()
    return volunteer


def trained_resident(
    program: Program, full_name: str = "Zażółć Gęślą", *, language: str = "pl"
) -> VolunteerProfile:
    return trained(resident(program, full_name, language=language))


def match_of(
    volunteer: VolunteerProfile,
    *,
    status: str = "completed",
    started_on: date | None = None,
    ends_on: date | None = None,
) -> Match:
    program = volunteer.program
    newcomer = NewcomerProfile.objects.create(
        program=program, full_name="Andrij Melnyk", first_language="uk"
    )
    request = SupportRequest.objects.create(
        program=program, newcomer=newcomer, needs=["admin_procedures"], modes=["in_person"]
    )
    started_on = started_on or date(2026, 9, 1)
    return Match.objects.create(
        program=program,
        request=request,
        volunteer=volunteer,
        newcomer=newcomer,
        status=status,
        started_on=started_on,
        commitment_ends_on=ends_on or date(2027, 3, 1),
    )


def issued(
    volunteer: VolunteerProfile, by: User, kind: str = "training", **extra: object
) -> Certificate:
    certificate, _created = certificate_issue(volunteer=volunteer, kind=kind, by=by, **extra)  # type: ignore[arg-type]
    return certificate


def checked_in(match: Match, *minutes: int) -> None:
    """Check-ins of `minutes` each, a week apart from the match's start."""
    for week, duration in enumerate(minutes):
        CheckIn.objects.create(
            program=match.program,
            match=match,
            date=(match.started_on or date(2026, 9, 1)) + timedelta(days=7 * week),
            duration_minutes=duration,
        )


def service_confirmation_of(volunteer: VolunteerProfile) -> Certificate:
    """The volunteer's confirmation of service: a completed pairing with check-ins first."""
    if not Match.objects.filter(volunteer=volunteer).exists():
        checked_in(match_of(volunteer), 60, 90)
    certificate, _created = service_confirmation_issue(volunteer=volunteer)
    return certificate


def opinion_of(
    volunteer: VolunteerProfile, by: User, text: str = "Rzetelna, cierpliwa i życzliwa."
) -> Certificate:
    if not Match.objects.filter(volunteer=volunteer).exists():
        checked_in(match_of(volunteer), 45)
    request, _created = opinion_request(volunteer=volunteer)
    return opinion_issue(request=request, text=text, by=by)


def of_kind(volunteer: VolunteerProfile, by: User, kind: str) -> Certificate:
    """A certificate of `kind` for `volunteer`, with what that kind needs."""
    if kind == "service_confirmation":
        return service_confirmation_of(volunteer)
    if kind == "opinion":
        return opinion_of(volunteer, by)
    extras: dict[str, dict[str, Any]] = {
        "training": {},
        "commitment": {"match": match_of(volunteer)},
        "recognition": {"title": "Ambasadorka roku 2027"},
    }
    return issued(volunteer, by, kind, **extras[kind])


def credential_of(certificate: Certificate) -> dict[str, Any]:
    """The certificate's Open Badges credential, as its holder downloads it."""
    response = signed_in(certificate.volunteer.user, language="en").get(
        f"/api/v1/certificates/{certificate.pk}/credential/"
    )
    assert response.status_code == 200
    result: dict[str, Any] = json.loads(response.content)
    return result


_Result = TypeVar("_Result")


def at_once(actions: list[Callable[[], _Result]]) -> list[_Result]:
    """Run `actions` in threads released together, each on its own connection (the tests'
    transactions are real here); their results in order of the actions."""
    barrier = threading.Barrier(len(actions), timeout=30)
    results: dict[int, _Result] = {}
    errors: list[BaseException] = []

    def run(position: int, action: Callable[[], _Result]) -> None:
        try:
            barrier.wait()
            with scopes_disabled():  # what each action needs, it scopes itself (requests do)
                results[position] = action()
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(position, action))
        for position, action in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return [results[position] for position in range(len(actions))]
