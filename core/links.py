"""Links that leave the site: in e-mails, PDFs, QR codes and credentials."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def site_url(view_name: str, *args: Any, **kwargs: Any) -> str:
    """The absolute address of a named page on this deployment (`SITE_URL`)."""
    return settings.SITE_URL + reverse(view_name, args=args or None, kwargs=kwargs or None)
