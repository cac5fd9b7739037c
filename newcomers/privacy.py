"""A newcomer's part of a person's export and erasure (see accounts.personal_data).

A newcomer is found by their account, or by the profile a coordinator registered for them
(never claimed: no account). Erasure keeps what programme statistics count (first language,
spoken languages, the district, requests' needs, dates and statuses) and removes the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Now
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from accounts.models import Notification
from accounts.personal_data import Person
from newcomers.models import NewcomerProfile, RequestStatus, SupportRequest
from newcomers.selectors import newcomer_confirmed
from newcomers.services import claim_email_key

PROFILE_EXPORT = (
    "id", "program__slug", "full_name", "full_name_latin", "country_of_origin", "languages",
    "first_language", "interests", "arrived_on", "contact_email", "contact_phone",
    "contact_channel", "address", "city", "postal_code", "place_name", "lat", "lon",
    "created_at", "updated_at",
)  # fmt: skip
# What erasure and retention clear of a newcomer's profile: everything but what programme
# statistics count (first language, spoken languages, the district).
PROFILE_CLEARED: dict[str, Any] = {
    "full_name": "", "full_name_latin": "", "country_of_origin": "", "interests": [],
    "arrived_on": None,
    "contact_email": "", "contact_phone": "", "contact_channel": "", "address": "", "city": "",
    "postal_code": "", "lat": None, "lon": None,
}  # fmt: skip
REQUEST_EXPORT = (
    "id", "needs", "modes", "days", "urgency", "notes", "involves_minors", "status",
    "waiting_since", "created_at",
)  # fmt: skip


def _profiles(person: Person) -> QuerySet[NewcomerProfile]:
    condition = Q(pk__in=[])
    if person.user is not None:
        condition |= Q(user=person.user)
    if person.newcomer_id is not None:
        condition |= Q(pk=person.newcomer_id)
    return NewcomerProfile.objects.filter(condition)


def newcomer_row(pk: int) -> NewcomerProfile | None:
    """The newcomer a coordinator's page names, if coordinators may see them at all (the rule
    of every list: `newcomer_confirmed`)."""
    with scopes_disabled():
        return NewcomerProfile.objects.filter(newcomer_confirmed(), pk=pk).first()


def newcomer_subjects(person: Person) -> dict[str, list[int]]:
    with scopes_disabled():
        return {"newcomer": list(_profiles(person).values_list("pk", flat=True))}


def newcomer_blockers(person: Person) -> list[str]:
    with scopes_disabled():
        waiting = SupportRequest.objects.filter(
            newcomer__in=_profiles(person), status__in=(RequestStatus.OPEN, RequestStatus.MATCHED)
        )
        if waiting.exists():
            return [_("Cancel or close the person's open support requests first.")]
    return []


def newcomer_export(person: Person) -> dict[str, Any]:
    with scopes_disabled():
        profiles = _profiles(person)
        return {
            "profiles": list(profiles.values(*PROFILE_EXPORT)),
            "support_requests": list(
                SupportRequest.objects.filter(newcomer__in=profiles)
                .order_by("created_at", "pk")
                .values(*REQUEST_EXPORT)
            ),
            # Sent before they had an account (their account's e-mails are under "account").
            "emails_to_contact_address": list(
                Notification.objects.filter(
                    key__in=[claim_email_key(pk) for pk in profiles.values_list("pk", flat=True)]
                ).values("address", "subject", "body", "status", "created_at", "sent_at")
            ),
        }


def claim_emails_delete(profile_ids: Iterable[int]) -> int:
    """Forget the claim-link e-mails sent to these newcomers' addresses (erasure, retention)."""
    keys = [claim_email_key(profile_id) for profile_id in profile_ids]
    deleted = 0
    for start in range(0, len(keys), 5000):
        deleted += Notification.objects.filter(key__in=keys[start : start + 5000]).delete()[0]
    return deleted


def newcomer_erase(person: Person) -> None:
    with scopes_disabled():
        profiles = _profiles(person)
        claim_emails_delete(profiles.values_list("pk", flat=True))
        SupportRequest.objects.filter(newcomer__in=profiles).update(notes="", updated_at=Now())
        profiles.update(**PROFILE_CLEARED, updated_at=Now())
