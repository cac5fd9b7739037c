"""Safeguarding checks: a coordinator records that they saw a result, never the document.

Work with minors needs both checks valid: the criminal-record certificate (KRK) and the check
in the register of sexual offenders that the law on preventing sexual crimes against minors
requires of everyone who works with children. The volunteer's `minors_check_valid_until` is the
earlier of the two latest expiries, so matching compares one date.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Now
from django.utils.translation import gettext as _

from accounts.audit import audited_update
from accounts.models import User
from accounts.services import program_pool_changed
from core import clock
from training.models import CheckKind, SafeguardingCheck
from volunteers.models import VolunteerProfile

# When a coordinator gives no expiry: the programme asks for a fresh check every year.
DEFAULT_VALIDITY_MONTHS = 12


@transaction.atomic
def safeguarding_check_record(
    *,
    volunteer: VolunteerProfile,
    kind: str,
    checked_on: date,
    by: User,
    expires_on: date | None = None,
) -> SafeguardingCheck:
    """Record a seen check; recording the same kind on the same day again changes nothing."""
    if checked_on > clock.today():
        raise ValidationError({"checked_on": _("A check cannot be dated in the future.")})
    expires_on = expires_on or checked_on + relativedelta(months=DEFAULT_VALIDITY_MONTHS)
    if expires_on <= checked_on:
        raise ValidationError({"expires_on": _("The expiry must come after the check.")})
    check, _created = SafeguardingCheck.objects.get_or_create(
        volunteer=volunteer,
        kind=kind,
        checked_on=checked_on,
        defaults={"program_id": volunteer.program_id, "expires_on": expires_on, "verified_by": by},
    )
    minors_clearance_refresh(volunteer=volunteer)
    return check


def minors_clearance_refresh(*, volunteer: VolunteerProfile) -> None:
    latest = dict(
        SafeguardingCheck.objects.filter(volunteer=volunteer)
        .values("kind")
        .annotate(until=Max("expires_on"))
        .values_list("kind", "until")
    )
    valid_until = min(latest.values()) if set(latest) == set(CheckKind.values) else None
    if valid_until != volunteer.minors_check_valid_until:
        audited_update(
            VolunteerProfile.objects.filter(pk=volunteer.pk),
            event="safeguarding_check",
            minors_check_valid_until=valid_until,
            updated_at=Now(),
        )
        volunteer.minors_check_valid_until = valid_until
        program_pool_changed(program_id=volunteer.program_id, volunteer_ids=[volunteer.pk])
