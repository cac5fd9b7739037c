"""The programme's child-protection and safeguarding policy: leads write it in the three
languages, volunteers confirm they have read it (date and version) before a first match."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from accounts.audit import audited_update
from accounts.models import Program, User
from core import clock
from safeguarding.models import PolicyReading, SafeguardingPolicy
from volunteers.models import VolunteerProfile


def policy_of(program: Program) -> SafeguardingPolicy | None:
    """The programme's policy: public, so read whatever the caller's scope."""
    with scopes_disabled():
        return SafeguardingPolicy.objects.filter(program=program).first()


@transaction.atomic
def policy_save(
    *, program: Program, by: User, text_pl: str, text_uk: str, text_en: str
) -> SafeguardingPolicy:
    """Publish a new version (leads only: the caller checks). Every change is a new version,
    which volunteers who have not yet had a match confirm again."""
    texts = {"text_pl": text_pl.strip(), "text_uk": text_uk.strip(), "text_en": text_en.strip()}
    if not any(texts.values()):
        raise ValidationError({"text_pl": [_("Write the policy in at least one language.")]})
    policy = SafeguardingPolicy.objects.select_for_update().filter(program=program).first()
    if policy is None:
        policy = SafeguardingPolicy.objects.create(program=program, updated_by=by, **texts)
    else:
        for name, value in texts.items():
            setattr(policy, name, value)
        policy.version = F("version") + 1
        policy.updated_by = by
        policy.save()
        policy.refresh_from_db()
    audited_update(
        Program.directory.filter(pk=program.pk),
        event="safeguarding_policy",
        actor=by,
        safeguarding_policy_version=policy.version,
    )
    return policy


@transaction.atomic
def policy_confirm(*, volunteer: VolunteerProfile, by: User) -> PolicyReading:
    """The volunteer has read the current version: recorded with today's date."""
    policy = policy_of(volunteer.program)
    if policy is None:
        raise ValidationError({"policy": [_("This programme has not published a policy yet.")]})
    reading, _created = PolicyReading.objects.get_or_create(
        volunteer=volunteer,
        version=policy.version,
        defaults={"program": volunteer.program, "read_on": clock.today()},
    )
    audited_update(
        VolunteerProfile.objects.filter(pk=volunteer.pk, policy_read_version__lt=policy.version),
        event="safeguarding_policy_read",
        actor=by,
        policy_read_version=policy.version,
    )
    return reading
