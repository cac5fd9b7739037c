"""Everything that writes volunteer profiles."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Greatest, Now
from django.utils.translation import gettext as _

from accounts.audit import audited_update
from accounts.models import Membership, Role, User
from accounts.services import program_pool_changed
from core.locations import location_fields
from volunteers.models import VolunteerProfile, VolunteerStatus

PROFILE_FIELDS = {
    "languages", "skills", "interests", "support_roles", "max_distance_km", "hours_per_week",
    "days", "modes", "capacity", "bio",
}  # fmt: skip


def volunteer_profile_get_or_create(*, user: User) -> VolunteerProfile:
    """The profile of a resident registered as a volunteer; made empty on first visit."""
    membership = Membership.objects.filter(user=user, role=Role.VOLUNTEER).first()
    if membership is None:
        raise ValidationError(_("This account is not registered as a volunteer."))
    profile, _created = VolunteerProfile.objects.get_or_create(
        user=user, defaults={"program_id": membership.program_id}
    )
    return profile


def volunteer_profile_update(
    *, profile: VolunteerProfile, data: dict[str, Any]
) -> VolunteerProfile:
    """Apply validated changes; all of them or, on any error, none.

    The place is geocoded before the transaction: it may be a network call in production.
    """
    changes = {field: value for field, value in data.items() if field in PROFILE_FIELDS}
    changes.update(location_fields(data))
    if "full_name" in data:
        profile.user.full_name = data["full_name"].strip()
    with transaction.atomic():
        if "full_name" in data:
            profile.user.save(update_fields=["full_name"])
        for field, value in changes.items():
            setattr(profile, field, value)
        profile.save()
        program_pool_changed(program_id=profile.program_id, volunteer_ids=[profile.pk])
    return profile


# Statuses a volunteer or coordinator sets by hand; the others follow training and matches.
CHOSEN_STATUSES = (VolunteerStatus.PAUSED, VolunteerStatus.WITHDRAWN)
STATUS_DERIVED = "status_derived"


def volunteer_statuses_derive(*, volunteers: QuerySet[VolunteerProfile]) -> int:
    """Set `registered` / `ready` / `active` from `is_trained` and `active_matches` (set-based);
    returns how many volunteers changed status.

    Every write here sets `updated_at`, which matching's pool snapshot uses to find changed
    volunteers. Paused and withdrawn volunteers keep their status. Someone who is mentoring
    stays `active` when a completion expires; they only stop being offered new matches.
    """
    derived = volunteers.exclude(status__in=CHOSEN_STATUSES)
    idle = derived.filter(active_matches=0)
    changed = 0
    for rows, status in (
        (derived.filter(active_matches__gt=0), VolunteerStatus.ACTIVE),
        (idle.filter(is_trained=True), VolunteerStatus.READY),
        (idle.filter(is_trained=False), VolunteerStatus.REGISTERED),
    ):
        changed += audited_update(
            rows.exclude(status=status), event=STATUS_DERIVED, status=status, updated_at=Now()
        )
    return changed


def volunteer_active_matches_add(*, volunteer: VolunteerProfile, delta: int) -> None:
    """A match of `volunteer` started (+1) or finished (-1); their status follows.

    The caller (matching) holds the volunteer's row lock and owns the transaction.
    """
    audited_update(
        VolunteerProfile.objects.filter(pk=volunteer.pk),
        event="match_started" if delta > 0 else "match_finished",
        active_matches=Greatest(F("active_matches") + delta, Value(0)),
        updated_at=Now(),
    )
    volunteer_statuses_derive(volunteers=VolunteerProfile.objects.filter(pk=volunteer.pk))
    volunteer.refresh_from_db(fields=["active_matches", "status"])
    program_pool_changed(program_id=volunteer.program_id, volunteer_ids=[volunteer.pk])
