"""Personal-data rights: a person's export (GDPR Art. 15 and 20) and erasure (Art. 17).

Each app registers its part (`accounts.personal_data`); this module puts the parts together:
the account itself, every registered section, the audit trail about the person.

Erasure anonymises, it never deletes a counted row: a programme's statistics for past years
stay exactly the same (dates, statuses, needs, languages, district and durations are kept).
A person with open business (an open request, a proposed or active match) is not erased until
a coordinator has closed it: closing is a decision of its own, and it would move the figures.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import ERASED, SUBJECT_KEYS, audit_record, trail_values_erase
from accounts.models import ApiToken, Membership, Notification, Role, User
from accounts.permissions import coordinated_programs
from accounts.personal_data import Person, registered_sections, subject_row
from accounts.services import access_revoke
from accounts.verification import is_email_confirmed


class ErasureRefused(Exception):
    """The person still has open business; the messages say what (HTTP 409)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


# Export -------------------------------------------------------------------------------------


def json_safe(data: Any) -> Any:
    """Dates, times, decimals and lazy strings as JSON has them."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))


def subjects_of(person: Person) -> dict[str, list[int]]:
    """Every id the audit trail may file this person's entries under."""
    found: dict[str, set[int]] = {key: set() for key in SUBJECT_KEYS if key != "program"}
    if person.user is not None:
        found["user"].add(person.user.pk)
    if person.newcomer is not None:
        found["newcomer"].add(person.newcomer.pk)
    for section in registered_sections():
        if section.subjects is None:
            continue
        for key, ids in section.subjects(person).items():
            found.setdefault(key, set()).update(ids)
    return {key: sorted(ids) for key, ids in found.items() if ids}


def _filed_under(subjects: dict[str, list[int]], *, keys: Iterable[str]) -> Q:
    condition = Q(pk__in=[])
    for key in keys:
        if subjects.get(key):
            condition |= Q(**{f"additional_data__{key}__in": subjects[key]})
    return condition


def audit_entries_about(person: Person) -> list[dict[str, Any]]:
    """The trail of the person's own rows (not of matches' other sides), oldest first."""
    subjects = subjects_of(person)
    entries = (
        LogEntry.objects.filter(_filed_under(subjects, keys=("user", "volunteer", "newcomer")))
        .select_related("content_type")
        .order_by("timestamp", "pk")
    )
    own_id = person.user.pk if person.user is not None else None
    return [
        {
            "when": entry.timestamp,
            "what": entry.content_type.model,
            "action": entry.get_action_display(),
            "event": (entry.additional_data or {}).get("event", ""),
            "by": _actor_label(entry.actor_id, own_id),
            "changes": entry.changes or {},
        }
        for entry in entries
    ]


def _actor_label(actor_id: int | None, own_id: int | None) -> str:
    if actor_id is None:
        return "system"
    return "you" if actor_id == own_id else "programme staff"


def _account_export(person: Person) -> dict[str, Any]:
    user = person.user
    if user is None:
        return {}
    memberships = Membership.objects.filter(user=user).select_related("program")
    notifications = Notification.objects.filter(user=user).order_by("created_at", "pk")
    return {
        "account": {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "preferred_language": user.preferred_language,
            "is_active": user.is_active,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": list(
                EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
            ),
            "second_factors": list(
                Authenticator.objects.filter(user=user).values("type", "created_at", "last_used_at")
            ),
            "api_tokens": list(
                ApiToken.objects.filter(user=user).values(
                    "created",
                    "expiry",
                    last_used=F("record__last_used"),
                    second_factor=F("record__second_factor"),
                )
            ),
        },
        "memberships": [
            {
                "program": membership.program.slug,
                "program_name": membership.program.name,
                "role": membership.role,
                "since": membership.created_at,
            }
            for membership in memberships
        ],
        "notifications": list(
            notifications.values("kind", "subject", "body", "status", "created_at", "sent_at")
        ),
    }


def person_export(person: Person | User) -> dict[str, Any]:
    """Everything the platform holds about the person, as JSON-safe data."""
    if isinstance(person, User):
        person = Person(user=person)
    export: dict[str, Any] = {
        "generated_at": timezone.now(),
        "format": "welcome-ambassador personal data export v1",
    }
    export.update(_account_export(person))
    for section in registered_sections():
        export[section.name] = section.exporter(person)
    export["audit_trail"] = audit_entries_about(person)
    return dict(json_safe(export))


# Erasure ------------------------------------------------------------------------------------


def erasure_blockers(person: Person) -> list[str]:
    messages: list[str] = []
    for section in registered_sections():
        if section.blockers is not None:
            messages.extend(section.blockers(person))
    return messages


def _account_erase(user: User) -> None:
    access_revoke(user=user)
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).update(subject=ERASED, body="")
    user.email = f"erased-{user.pk}@invalid"
    user.full_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "full_name", "is_active", "password"])


def _trail_erase(person: Person, subjects: dict[str, list[int]]) -> int:
    """Remove the person's values from the trail; who did what, and when, stays."""
    changed = trail_values_erase(
        LogEntry.objects.filter(_filed_under(subjects, keys=SUBJECT_KEYS[1:]))
    )
    if person.user is not None:
        LogEntry.objects.filter(actor=person.user).update(
            actor_email=None, remote_addr=None, remote_port=None
        )
    return changed


@dataclass
class Erasure:
    """What an erasure did, for the confirmation and the trail (no erased values)."""

    user_id: int | None
    newcomer_id: int | None
    trail_entries: int = 0
    sections: list[str] = field(default_factory=list)


def person_erase(*, person: Person, by: User) -> Erasure:
    """Anonymise the person everywhere, atomically; ErasureRefused while business is open.

    Runs with auditlog off (the erasers' own saves would log the values being removed),
    then cleans the trail, then records the erasure itself: who erased whom, nothing else.
    """
    with transaction.atomic():
        blockers = erasure_blockers(person)
        if blockers:
            raise ErasureRefused(blockers)
        subjects = subjects_of(person)
        erasure = Erasure(user_id=person.user.pk if person.user else None,
                          newcomer_id=person.newcomer_id)  # fmt: skip
        with disable_auditlog():
            for section in registered_sections():
                if section.eraser is not None:
                    section.eraser(person)
                erasure.sections.append(section.name)
            if person.user is not None:
                _account_erase(person.user)
            erasure.trail_entries = _trail_erase(person, subjects)
        instance = person.user if person.user is not None else person.newcomer
        assert instance is not None  # noqa: S101 - a Person names someone
        instance.refresh_from_db()  # its name as stored now: erased
        audit_record(
            instance=instance,
            event="erased",
            changes={},
            actor=by,
            subjects={
                key: ids[0]
                for key, ids in subjects.items()
                if key in ("user", "volunteer", "newcomer") and len(ids) == 1
            },
        )
    return erasure


# Who may erase whom ------------------------------------------------------------------------


def person_for_coordinator(
    coordinator: User, *, user_id: int | None = None, newcomer_id: int | None = None
) -> Person:
    """The person a coordinator names for erasure; Http404 when not theirs to see.

    A volunteer or newcomer of a programme the coordinator coordinates (staff: any); a
    newcomer may be named by profile (one registered on behalf has no account). Someone who
    also belongs to a programme the coordinator does not coordinate, or who coordinates
    themselves, is refused (an operator erases them).
    """
    program_ids = set(coordinated_programs(coordinator).values_list("pk", flat=True))
    if newcomer_id is not None:
        row = subject_row("newcomer", newcomer_id)
        if row is None or getattr(row, "program_id", None) not in program_ids:
            raise Http404
        user = getattr(row, "user", None)
        person = Person(user=user, newcomer=row)
    else:
        user = User.objects.filter(pk=user_id or 0).first()
        if (
            user is None
            # Unconfirmed sign-ups are on no coordinator's page (accounts.verification).
            or not is_email_confirmed(user)
            or not Membership.objects.filter(
                user=user, program_id__in=program_ids, role__in=(Role.VOLUNTEER, Role.NEWCOMER)
            ).exists()
        ):
            raise Http404
        person = Person(user=user)
    if person.user is not None:
        elsewhere = Membership.objects.filter(user=person.user).exclude(program_id__in=program_ids)
        if person.user.is_staff or elsewhere.exists():
            raise ErasureRefused(
                [_("This person also belongs to another programme: an operator erases them.")]
            )
        if Membership.objects.filter(user=person.user, role=Role.COORDINATOR).exists():
            raise ErasureRefused([_("Coordinators' accounts are closed by an operator.")])
    return person


def person_label(person: Person) -> str:
    """How the confirmation page names the person (before erasure)."""
    if person.user is not None:
        return f"{person.user.full_name} <{person.user.email}>"
    return str(getattr(person.newcomer, "full_name", ""))
