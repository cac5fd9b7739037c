"""Everything that writes newcomer profiles and support requests."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from accounts.audit import audited_update
from accounts.models import Language, Membership, Program, Role, User, normalize_email
from accounts.notifications import notification_queue_to_address
from accounts.services import member_join
from core.languages import reader_language
from core.links import site_url
from core.locations import location_fields
from core.names import latin_beside
from newcomers.models import NewcomerProfile, RequestStatus, SupportRequest

PROFILE_FIELDS = {
    "full_name", "country_of_origin", "languages", "first_language", "interests", "arrived_on",
    "contact_email", "contact_phone", "contact_channel",
}  # fmt: skip
REQUEST_FIELDS = {"needs", "modes", "days", "urgency", "notes", "involves_minors"}
CLAIM_SALT = "newcomers.claim"
CLAIM_VALID_DAYS = 60


def newcomer_profile_get_or_create(*, user: User) -> NewcomerProfile:
    """The profile of a person registered as a newcomer; made on first visit."""
    membership = Membership.objects.filter(user=user, role=Role.NEWCOMER).first()
    if membership is None:
        raise ValidationError(_("This account is not registered as a newcomer."))
    profile, _created = NewcomerProfile.objects.get_or_create(
        user=user,
        defaults={
            "program_id": membership.program_id,
            "full_name": user.full_name,
            "full_name_latin": latin_beside(user.full_name),
            "contact_email": user.email,
            "contact_channel": "email",
        },
    )
    return profile


def _profile_changes(data: dict[str, Any]) -> dict[str, Any]:
    """The profile fields in `data`, the place found for the address, and the name's Latin form."""
    changes = {field: value for field, value in data.items() if field in PROFILE_FIELDS}
    changes.update(location_fields(data))
    if "full_name" in changes:
        changes["full_name_latin"] = latin_beside(changes["full_name"])
    return changes


def newcomer_profile_update(*, profile: NewcomerProfile, data: dict[str, Any]) -> NewcomerProfile:
    """Apply validated changes: all of them or none. Geocoding happens before the transaction."""
    changes = _profile_changes(data)
    with transaction.atomic():
        if "full_name" in changes and profile.user is not None:
            profile.user.full_name = changes["full_name"]
            profile.user.save(update_fields=["full_name"])
        for field, value in changes.items():
            setattr(profile, field, value)
        profile.save()
    return profile


def newcomer_register_on_behalf(
    *, program: Program, data: dict[str, Any], by: User
) -> NewcomerProfile:
    """A coordinator registers someone at an integration point; they may claim it later."""
    changes = _profile_changes(data)
    if changes.get("contact_email"):
        changes["contact_email"] = normalize_email(changes["contact_email"])
    with transaction.atomic():
        profile = NewcomerProfile.objects.create(program=program, registered_by=by, **changes)
        if profile.contact_email:
            _claim_link_send(profile)
    return profile


def _claim_link_send(profile: NewcomerProfile) -> None:
    """E-mail the claim link to a newcomer registered with an address, in their language."""
    language = reader_language(profile.preferred_language)
    notification_queue_to_address(
        address=profile.contact_email,
        language=language,
        kind="newcomer-claim",
        key=claim_email_key(profile.pk),
        template="newcomer_claim",
        context={
            "name": profile.first_name,
            "program": profile.program,
            "claim_url": claim_url(profile),
            "valid_days": CLAIM_VALID_DAYS,
        },
    )


def claim_email_key(profile_id: int) -> str:
    return f"newcomer-claim:{profile_id}"


def claim_url(profile: NewcomerProfile) -> str:
    return site_url("newcomer-claim-page", claim_token(profile))


def claim_token(profile: NewcomerProfile) -> str:
    """A signed, expiring token that lets the person take over a profile made for them."""
    return signing.dumps({"profile": profile.pk}, salt=CLAIM_SALT, compress=True)


def newcomer_claim(
    *, token: str, email: str, password: str, preferred_language: str = Language.POLISH
) -> User:
    """The newcomer sets up their own account for a profile a coordinator made for them."""
    try:
        payload = signing.loads(token, salt=CLAIM_SALT, max_age=CLAIM_VALID_DAYS * 86400)
    except signing.BadSignature:
        raise ValidationError({"token": _("This link is not valid or has expired.")}) from None
    email = normalize_email(email)
    # The signed token is the authority here, not a programme scope: the claimant has none yet.
    with transaction.atomic(), scopes_disabled():
        profile = NewcomerProfile.objects.select_for_update().filter(pk=payload["profile"]).first()
        if profile is None or profile.user_id is not None:
            raise ValidationError({"token": _("This profile has already been claimed.")})
        if User.objects.filter(email=email).exists():
            raise ValidationError(
                {"email": _("An account with this e-mail address already exists.")}
            )
        user = User(email=email, full_name=profile.full_name, preferred_language=preferred_language)
        try:
            validate_password(password, user=user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from None
        user.set_password(password)
        user.save()
        member_join(user=user, program=profile.program, role=Role.NEWCOMER)
        profile.user = user
        if not profile.contact_email:
            profile.contact_email = email
        profile.save(update_fields=["user", "contact_email", "updated_at"])
    return user


@transaction.atomic
def request_open(*, newcomer: NewcomerProfile, data: dict[str, Any], by: User) -> SupportRequest:
    """A newcomer, or a coordinator on their behalf, asks for support."""
    fields = {field: value for field, value in data.items() if field in REQUEST_FIELDS}
    return SupportRequest.objects.create(
        program_id=newcomer.program_id, newcomer=newcomer, created_by=by, **fields
    )


def request_cancel(*, support_request: SupportRequest) -> bool:
    """Cancel an open request; False when it is no longer open (nothing changes)."""
    changed = audited_update(
        SupportRequest.objects.filter(pk=support_request.pk, status=RequestStatus.OPEN),
        event="cancelled",
        status=RequestStatus.CANCELLED,
    )
    return bool(changed)
