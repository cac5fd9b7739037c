"""Everything that writes users, programmes and memberships."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audited_update
from accounts.models import (
    ApiToken,
    ApiTokenRecord,
    Language,
    Membership,
    PoolChange,
    Program,
    Role,
    User,
    normalize_email,
)
from accounts.notifications import notification_queue
from accounts.permissions import is_coordinator
from accounts.security import needs_second_factor, second_factor_valid
from accounts.verification import confirmation_url
from core import clock

SELF_REGISTERING_ROLES = (Role.VOLUNTEER, Role.NEWCOMER)


@transaction.atomic
def user_register(
    *,
    email: str,
    password: str,
    full_name: str,
    role: str,
    program: Program,
    preferred_language: str = Language.POLISH,
) -> User | None:
    """A resident or newcomer signs up for a programme; raises ValidationError per field.

    An address that already has an account gets no second one and no error either (the
    answer would tell anyone whether the address is registered): the owner is e-mailed that
    someone tried, at most once a day, and None is returned. Both paths validate and hash
    the password, so neither answers faster.
    """
    if role not in SELF_REGISTERING_ROLES:
        raise ValidationError({"role": _("Only volunteers and newcomers can sign up.")})
    email = normalize_email(email)
    user = User(email=email, full_name=full_name.strip(), preferred_language=preferred_language)
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    owner = User.objects.filter(email=email).first()
    if owner is None:
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # a concurrent sign-up with the same address won the race
            owner = User.objects.get(email=email)
    if owner is not None:
        registration_attempted(owner=owner)
        return None
    member_join(user=user, program=program, role=role)
    return user


def registration_attempted(*, owner: User) -> None:
    """Tell the owner of an address that someone tried to register it (once a day)."""
    notification_queue(
        user=owner,
        kind="registration_attempt",
        key=f"registration-attempt:{owner.pk}:{clock.today().isoformat()}",
        template="registration_attempt",
    )


def member_join(*, user: User, program: Program, role: str) -> Membership:
    """A new member joins a programme and is welcomed by e-mail (once, whatever happens)."""
    membership = membership_grant(user=user, program=program, role=role)
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": False}
    )
    member_welcome(user=user, membership=membership, confirmation_url=confirmation_url(user))
    return membership


def member_welcome(*, user: User, membership: Membership, confirmation_url: str | None) -> None:
    """The welcome e-mail; it carries the link that confirms the address when there is one.

    Until they follow it, nobody else sees them (accounts.verification).
    """
    notification_queue(
        user=user,
        kind="welcome",
        key=f"welcome:{user.pk}",
        template="welcome",
        context={
            "program": membership.program,
            "role": membership.role,
            "confirmation_url": confirmation_url,
        },
    )


def membership_grant(*, user: User, program: Program, role: str) -> Membership:
    """Give `user` the `role` in `program`; a second call with the same role changes nothing."""
    membership, created = Membership.objects.get_or_create(
        user=user, program=program, defaults={"role": role}
    )
    if not created and membership.role != role:
        raise ValidationError(
            {"role": _("This person already has another role in this programme.")}
        )
    return membership


def email_confirmation_changed(*, user_id: int) -> None:
    """A person's address became confirmed, or no longer is: where they volunteer, they join
    or leave the matching pool."""
    volunteering = Membership.objects.filter(user_id=user_id, role=Role.VOLUNTEER)
    for program_id in volunteering.values_list("program_id", flat=True):
        program_pool_changed(program_id=program_id)


def email_address_owner_remembered(sender: Any, instance: EmailAddress, **kwargs: Any) -> None:
    """Before an address is saved: whose it was (staff can move one to another person)."""
    instance._owner_before = (  # type: ignore[attr-defined]
        EmailAddress.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first()
        if instance.pk
        else None
    )


def email_confirmed_mirror(sender: Any, instance: EmailAddress, **kwargs: Any) -> None:
    """After an address is saved or deleted: its owners' flags say whether one is verified."""
    for user_id in {instance.user_id, getattr(instance, "_owner_before", None)} - {None}:
        confirmed = _mirrored(user_id)
        owner_in_hand = user_id == instance.user_id and EmailAddress.user.is_cached(instance)
        if confirmed is not None and owner_in_hand:  # the caller's object says so too
            instance.user.email_confirmed = confirmed


def email_confirmations_mirror_all() -> int:
    """Every user's flag set from their addresses again (`manage.py mirror_email_confirmations`,
    after a deploy: the previous release confirmed addresses without the receivers); returns
    how many changed."""
    verified = EmailAddress.objects.filter(user_id=OuterRef("pk"), verified=True)
    stale = User.objects.exclude(email_confirmed=Exists(verified)).values_list("pk", flat=True)
    return sum(_mirrored(user_id) is not None for user_id in list(stale))


def _mirrored(user_id: int) -> bool | None:
    """Set the user's flag from their addresses in one statement; the new value when it
    changed (and their programmes' pools were told), else None."""
    verified = EmailAddress.objects.filter(user_id=OuterRef("pk"), verified=True)
    user = User.objects.filter(pk=user_id)
    if not user.exclude(email_confirmed=Exists(verified)).update(email_confirmed=Exists(verified)):
        return None
    email_confirmation_changed(user_id=user_id)
    return bool(user.values_list("email_confirmed", flat=True).first())


# How many versions of a programme's pool changes are kept: a snapshot further behind
# compares every volunteer instead.
POOL_CHANGES_KEPT = 1000


@transaction.atomic
def program_pool_changed(*, program_id: int, volunteer_ids: Iterable[int] | None = None) -> None:
    """Tell matching's snapshots of this programme's volunteer pool that they are stale.

    `volunteer_ids`: every volunteer whose matching data this transaction changed, when the
    caller knows them all (None: it does not, and snapshots compare every volunteer). The
    version's row lock is held to the commit, so versions commit in order and a reader of
    version V finds every change up to V in the log. Lower floors call this instead of
    signalling upwards (docs/architecture.md, "Keeping the floors").
    """
    Program.directory.filter(pk=program_id).update(pool_version=F("pool_version") + 1)
    version = Program.directory.filter(pk=program_id).values_list("pool_version", flat=True)[0]
    PoolChange.objects.create(
        program_id=program_id,
        version=version,
        volunteer_ids=None if volunteer_ids is None else sorted(set(volunteer_ids)),
    )
    if version % 100 == 0:
        PoolChange.objects.filter(
            program_id=program_id, version__lte=version - POOL_CHANGES_KEPT
        ).delete()


def program_training_changed(*, program_id: int) -> None:
    """Tell the cached trained-volunteer counts of reports that this programme's training
    completions changed: call it in the transaction that writes or deletes them."""
    Program.directory.filter(pk=program_id).update(training_version=F("training_version") + 1)


@dataclass(frozen=True)
class ProgramResult:
    program: Program
    created: bool


@transaction.atomic
def program_create(*, slug: str, name: str, city: str) -> ProgramResult:
    """Create a programme, or update the name and city of an existing one (idempotent)."""
    program, created = Program.directory.update_or_create(
        slug=slug, defaults={"name": name, "city": city}
    )
    return ProgramResult(program=program, created=created)


@transaction.atomic
def coordinator_create(*, program: Program, email: str, password: str, full_name: str = "") -> User:
    """An operator makes someone a coordinator of `program`; running it again is harmless.

    An existing account keeps its data and gets the new password; a volunteer or newcomer
    account of the same programme cannot silently become a coordinator.
    """
    email = normalize_email(email)
    user = User.objects.filter(email=email).first()
    candidate = user or User(email=email, full_name=full_name or email.split("@")[0])
    try:
        validate_password(password, user=candidate)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    if user is None:
        user = candidate
    elif full_name:
        user.full_name = full_name
    user.set_password(password)
    user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    membership_grant(user=user, program=program, role=Role.COORDINATOR)
    # A new password and perhaps a new role: whatever was open before closes (a new
    # coordinator signs in again, with a second factor where required).
    access_revoke(user=user)
    return user


def token_issue(*, email: str, password: str, code: str = "") -> str:
    """A new API token for valid credentials; ValidationError otherwise (never says which).

    Coordinators and staff, where two-factor is required, also give their current code.
    """
    user = authenticate(username=normalize_email(email), password=password)
    if user is None or not user.is_active:
        raise ValidationError(_("Unable to sign in with the e-mail and password provided."))
    if needs_second_factor(user):
        raise ValidationError({"code": _("Set up two-factor authentication on the website first.")})
    asks_second_factor = settings.TWO_FACTOR_REQUIRED_FOR_COORDINATORS and (
        user.is_staff or is_coordinator(user)
    )
    if asks_second_factor and not second_factor_valid(user, code.strip()):
        raise ValidationError({"code": _("Give the current code from your authenticator.")})
    with transaction.atomic():
        instance, token = ApiToken.objects.create(user=user)
        ApiTokenRecord.objects.create(token=instance, second_factor=asks_second_factor)
    return token


# Revoking access ------------------------------------------------------------------------------
# Whatever changes who someone is or what they may do (a new password, a new role, an
# account switched off or erased) ends every way in that was opened before: API tokens and
# browser sessions. The session in which a person changed their own password stays open.


def sessions_of(user: User) -> list[str]:
    """Keys of the database sessions signed in as `user` (a session stores only the id)."""
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            keys.append(session.session_key)
    return keys


def access_revoke(*, user: User, keep_session_key: str | None = None) -> int:
    """Delete every API token and every session of `user` but `keep_session_key`; returns
    how many tokens were revoked."""
    revoked, _by_model = ApiToken.objects.filter(user=user).delete()
    # Through the session engine, not the table: with cached sessions a row deleted alone
    # would stay readable from the cache until it expired.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = [key for key in sessions_of(user) if key != keep_session_key]
    for key in ended:
        store().delete(key)
    # A request that reads one of them before this transaction commits still finds its row
    # and caches it again: forget the cached copies once more after the commit.
    transaction.on_commit(lambda: [store().delete(key) for key in ended])
    return revoked


def password_changed(*, user: User, keep_session_key: str | None = None) -> None:
    """After a change or reset of `user`'s password (allauth's pages, the admin)."""
    access_revoke(user=user, keep_session_key=keep_session_key)


def user_deactivate(*, user: User) -> None:
    """Switch the account off: nothing it opened before works any more."""
    audited_update(User.objects.filter(pk=user.pk), event="deactivated", is_active=False)
    user.is_active = False
    access_revoke(user=user)


def privileges_raised(*, user: User) -> None:
    """`user` became a coordinator or staff: tokens and sessions opened without the checks
    of the new role (a second factor where required) end; they sign in again."""
    access_revoke(user=user)
