"""Links that leave the site: in e-mails, PDFs, QR codes and credentials."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse


def site_url(view_name: str, *args: Any, **kwargs: Any) -> str:
    """The absolute address of a named page on this deployment (`SITE_URL`)."""
    return settings.SITE_URL + reverse(view_name, args=args or None, kwargs=kwargs or None)


# Stands for the variable part while a page's address is reversed once: digits, which both
# `<int:...>` and `<str:...>` accept and `reverse` leaves as they are (as it leaves every id and
# signed token: digits, and URL-safe base64 with ":" and "." between its parts).
_SAMPLE = "918273645"


def site_urls(view_name: str, name: str | None = None) -> Callable[[str | int], str]:
    """`site_url(view_name, value)` (or `name=value`) for many values, reversed once: a sweep
    writes links into 200,000 e-mails, and `reverse` costs about 80 microseconds a call
    (bench/README.md)."""
    sample = site_url(view_name, **{name: _SAMPLE}) if name else site_url(view_name, _SAMPLE)
    head, _sample, tail = sample.rpartition(_SAMPLE)
    return lambda value: f"{head}{value}{tail}"


def signed_site_urls(view_name: str, *, salt: str) -> Callable[[dict[str, Any]], str]:
    """`site_url(view_name, token=signing.dumps(payload, salt=salt, compress=True))` for many
    payloads: the address reversed and the signer made once. The tokens are the ones
    `signing.dumps` makes (and `signing.loads` reads)."""
    url_of = site_urls(view_name, "token")
    signer = signing.TimestampSigner(salt=salt)
    return lambda payload: url_of(signer.sign_object(payload, compress=True))
