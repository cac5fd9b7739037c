"""Every string a person sees exists in Polish and Ukrainian."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_no_message_is_left_untranslated_or_fuzzy(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as file:
        catalog = read_po(file, locale=language)

    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
            or message.fuzzy
        )
    ]
    assert untranslated == []
