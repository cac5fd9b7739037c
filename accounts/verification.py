"""Confirmed e-mail addresses: a person who signs up is visible to others only once confirmed.

A self-registered volunteer or newcomer can sign in and fill in a profile at once, but no
coordinator list, candidate ranking, matching run or attendance list shows them until they
followed the link mailed to them (allauth's e-mail confirmation). Lower floors ask
`email_confirmed()` in their querysets; `accounts.services.email_confirmation_done` bumps the
pool version of the person's programmes so matching's snapshots pick them up.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.db.models import Exists, OuterRef

from accounts.models import User
from core.links import site_url


def email_confirmed(user_id_field: str = "user_id") -> Exists:
    """True for rows whose user (named by `user_id_field`) has a confirmed e-mail address."""
    return Exists(EmailAddress.objects.filter(user_id=OuterRef(user_id_field), verified=True))


def is_email_confirmed(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return EmailAddress.objects.filter(user_id=user.pk, verified=True).exists()


def confirmation_url(user: User) -> str | None:
    """The link that confirms the user's address, or None when there is nothing to confirm.

    HMAC-based (allauth's default): nothing is stored, the link is valid for
    ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS, and a second use finds the address confirmed.
    """
    address = EmailAddress.objects.filter(user=user, email=user.email, verified=False).first()
    if address is None:
        return None
    key = EmailConfirmationHMAC(address).key
    return site_url("account_confirm_email", key)


def password_set_url(user: User) -> str:
    """Where a person without a password chooses one (allauth's reset-from-key, fresh token)."""
    # allauth's forms module loads our sign-up form, which needs accounts.services: import late.
    from allauth.account.forms import default_token_generator

    return site_url(
        "account_reset_password_from_key",
        uidb36=user_pk_to_url_str(user),
        key=default_token_generator.make_token(user),
    )
