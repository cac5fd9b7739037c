"""The signed link in every e-mail about a match that opens the concern form without a password.

It lives with the match (not in `safeguarding`, which sits higher) because e-mails about a
match are written on this floor and the one above. It names the match and the person it was
sent to, signed with SECRET_KEY under its own salt, and is refused after CONCERN_LINK_MAX_AGE:
each later e-mail brings a fresh one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

from core.links import signed_site_urls

CONCERN_SALT = "safeguarding.concern-link"
CONCERN_LINK_MAX_AGE = timedelta(days=60)


class ConcernLinkInvalid(Exception):
    """Altered, expired or not a concern link."""


@dataclass(frozen=True)
class ConcernLink:
    match_id: int
    user_id: int


def concern_token(*, match_id: int, user_id: int) -> str:
    return signing.dumps({"m": match_id, "u": user_id}, salt=CONCERN_SALT, compress=True)


def concern_url(*, match_id: int, user_id: int) -> str:
    """The absolute address of the concern form for this person about this match."""
    return concern_urls()(match_id, user_id)


def concern_urls() -> Callable[[int, int], str]:
    """`concern_url(match_id=..., user_id=...)` for many pairs: the address is reversed and
    the signer made once (a sweep writes one into every e-mail)."""
    url_of = signed_site_urls("concern-link-page", salt=CONCERN_SALT)
    return lambda match_id, user_id: url_of({"m": match_id, "u": user_id})


def concern_link_read(token: str) -> ConcernLink:
    """What a token names; raises ConcernLinkInvalid (expired links too)."""
    try:
        payload = signing.loads(token, salt=CONCERN_SALT, max_age=CONCERN_LINK_MAX_AGE)
        return ConcernLink(match_id=int(payload["m"]), user_id=int(payload["u"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise ConcernLinkInvalid from error
