"""Text people type, held to one rule: no control characters.

A control character (Unicode category Cc) in a stored value can break what is built from it
later: an e-mail header ("Ola\\nBcc: ..."), a CSV cell, a PDF line, a log entry. Tab and the
line breaks are allowed in multi-line text (notes) only; names and other one-line values take
none. The API (core.parsers), every form (`PlainTextFormMixin`) and the CSV import use these.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Tab, line feed and carriage return (a browser sends a textarea's line breaks as CR LF).
MULTI_LINE_ALLOWED = frozenset("\t\n\r")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # exactly Unicode category Cc


def control_characters(text: str, *, multi_line: bool) -> list[str]:
    """The control characters in `text` that its kind of field refuses."""
    allowed = MULTI_LINE_ALLOWED if multi_line else frozenset()
    return [found for found in _CONTROL.findall(text) if found not in allowed]


@deconstructible
class NoControlCharacters:
    """A validator: refuses control characters (in one-line text even tab and line breaks)."""

    def __init__(self, *, multi_line: bool = False) -> None:
        self.multi_line = multi_line

    def __call__(self, value: Any) -> None:
        if isinstance(value, str) and control_characters(value, multi_line=self.multi_line):
            raise ValidationError(message_for(multi_line=self.multi_line), code="control")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoControlCharacters) and other.multi_line == self.multi_line

    def __hash__(self) -> int:
        return hash(self.multi_line)


def message_for(*, multi_line: bool) -> Any:
    if multi_line:
        return _("Remove the control characters (only tabs and line breaks may stay).")
    return _("Remove the line breaks and control characters: this is one line of text.")


one_line = NoControlCharacters(multi_line=False)
multi_line = NoControlCharacters(multi_line=True)


def single_line(text: str) -> str:
    """`text` on one line, every run of whitespace and control characters as one space: for
    an e-mail subject or header, which must not break whatever a stored value holds."""
    return " ".join(_CONTROL.sub(" ", text).split())


def is_ascii_number(text: str) -> bool:
    """Digits 0-9 only: `str.isdigit()` also accepts "²" and other digits `int()` refuses."""
    return text.isascii() and text.isdigit()


class PlainTextFormMixin:
    """Every text field of the form refuses control characters, at the field: one-line
    inputs refuse line breaks too, textareas keep them."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                textarea = isinstance(field.widget, forms.Textarea)
                field.validators.append(multi_line if textarea else one_line)
