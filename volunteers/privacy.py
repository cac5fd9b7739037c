"""A volunteer's part of a person's export and erasure (see accounts.personal_data).

Erasure keeps what programme statistics count (when the profile was made, languages, skills,
the district) and removes the rest: the about-me text,
the address and coordinates, free-word interests. The person is withdrawn, so the engine
never proposes them again.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Now
from django_scopes import scopes_disabled

from accounts.audit import audited_update
from accounts.personal_data import Person
from accounts.services import program_pool_changed
from volunteers.models import VolunteerAgreement, VolunteerProfile, VolunteerStatus
from volunteers.selectors import confirmed_volunteers

PROFILE_EXPORT = (
    "id", "program__slug", "languages", "skills", "interests", "support_roles",
    "max_distance_km", "hours_per_week", "days", "modes", "capacity", "bio", "status",
    "is_trained", "minors_check_valid_until", "address", "city", "postal_code", "place_name",
    "lat", "lon", "created_at", "updated_at",
)  # fmt: skip


AGREEMENT_EXPORT = (
    "id", "program__slug", "version", "language", "content", "made_at", "document_sha256",
    "status", "signed_on", "signed_how", "signed_for_program_by", "signer_name",
    "signer_trusted",
)  # fmt: skip


def profiles_of(person: Person) -> QuerySet[VolunteerProfile]:
    if person.user is None:
        return VolunteerProfile.objects.none()
    return VolunteerProfile.objects.filter(user=person.user)


def volunteer_row(pk: int) -> VolunteerProfile | None:
    """The volunteer a coordinator's page names, if coordinators may see them at all: like
    every list, never someone who has not confirmed their address."""
    with scopes_disabled():
        return confirmed_volunteers().filter(pk=pk).first()


def volunteer_subjects(person: Person) -> dict[str, list[int]]:
    with scopes_disabled():
        return {"volunteer": list(profiles_of(person).values_list("pk", flat=True))}


def volunteer_export(person: Person) -> dict[str, Any]:
    with scopes_disabled():
        profiles = profiles_of(person)
        return {
            "profiles": list(profiles.values(*PROFILE_EXPORT)),
            # The PDFs themselves are on the volunteer's agreement page.
            "agreements": list(
                VolunteerAgreement.objects.filter(volunteer__in=profiles).values(*AGREEMENT_EXPORT)
            ),
        }


def volunteer_erase(person: Person) -> None:
    with scopes_disabled():
        profiles = profiles_of(person)
        program_ids = set(profiles.values_list("program_id", flat=True))
        # The agreement keeps its dates and how it was signed (that there was one); the text,
        # the PDFs and the names go.
        audited_update(
            VolunteerAgreement.objects.filter(volunteer__in=profiles),
            event="erased",
            hide_values=True,
            content={},
            document=b"",
            signed_document=None,
            signer_name="",
        )
        profiles.update(
            bio="",
            interests=[],
            address="",
            city="",
            postal_code="",
            lat=None,
            lon=None,
            status=VolunteerStatus.WITHDRAWN,
            updated_at=Now(),
        )
    for program_id in sorted(program_ids):
        program_pool_changed(program_id=program_id)
