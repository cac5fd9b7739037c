"""Which of the platform's languages a reader gets: one resolver, one order."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language

# Everything a person sees exists in these (pages, e-mails, PDFs, coordinators' labels).
SUPPORTED_LANGUAGES = ("pl", "uk", "en")


def _supported(code: str | None) -> str | None:
    language = (code or "").split("-")[0].lower()
    return language if language in SUPPORTED_LANGUAGES else None


def reader_language(preferred: str | None = None) -> str:
    """The person's preferred language when it is one of ours, then the language of the page
    being read (the request's), then the programme's (the deployment's `LANGUAGE_CODE`)."""
    return (
        _supported(preferred)
        or _supported(get_language())
        or _supported(settings.LANGUAGE_CODE)
        or SUPPORTED_LANGUAGES[0]
    )
