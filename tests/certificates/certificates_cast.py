"""The certificate tests' cast: trained residents, completed matches, issued certificates.

Rows are written directly (training status and match status as the other services would
leave them), so each test changes only what it is about.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import Program, Role, User
from certificates.models import Certificate
from certificates.services import certificate_issue
from matching.models import Match
from newcomers.models import NewcomerProfile, SupportRequest
from tests.factories import member
from training.models import TrainingCompletion, TrainingModule
from volunteers.models import VolunteerProfile


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


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
