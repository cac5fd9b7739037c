"""Confirmed e-mail addresses: a person who signs up is visible to others only once confirmed.

A self-registered volunteer or newcomer can sign in and fill in a profile at once, but no
coordinator list, candidate ranking, matching run or attendance list shows them until they
followed the link mailed to them (allauth's e-mail confirmation). Lower floors ask
`email_confirmed()` in their querysets; when a person's flag changes (the receivers in
`accounts.services`), `email_confirmation_changed` bumps the pool version of the programmes where
they volunteer, so matching's snapshots take them in or leave them out.

allauth keeps the addresses; `User.email_confirmed` mirrors whether one of them is verified,
kept by receivers on every save and delete of an address (allauth's views, the admin, an
erasure and the tests' factories all write them, outside our services: the flag must follow
each); `User.save` never writes it from a possibly stale object. Lists then leave
out "the unconfirmed", a few users read once from a partial index, where asking every row's
addresses or user cost 30-40 ms over a programme's 12,000 open requests.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.db.models import Q, QuerySet

from accounts.models import User
from core.links import site_url


def unconfirmed_users() -> QuerySet[User]:
    """Users none of whose e-mail addresses is confirmed (few: read from a partial index)."""
    return User.objects.filter(email_confirmed=False)


def email_confirmed(user_path: str = "user") -> Q:
    """Rows whose user (at `user_path`, non-null) has a confirmed e-mail address."""
    return ~Q(**{f"{user_path}__in": unconfirmed_users().values("pk")})


def is_email_confirmed(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.email_confirmed)


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
