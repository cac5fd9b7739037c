"""Form pieces every profile page shares: language rows, vocabulary choices, places."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from core.collation import sorted_for_reader
from core.languages import reader_language
from core.locations import POSTAL_CODE_PATTERN
from core.vocabulary import (
    LANGUAGE_CODES,
    LEVEL_LABELS,
    LEVELS,
    SKILLS,
    language_name,
)

DAY_CHOICES = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]
MODE_CHOICES = [("in_person", _("In person")), ("online", _("Online"))]


def language_choices() -> list[tuple[str, Any]]:
    lang = reader_language()
    names = sorted_for_reader(
        ((code, language_name(code, lang)) for code in LANGUAGE_CODES),
        key=lambda choice: choice[1],
        language=lang,
    )
    return [("", _("Choose a language")), *names]


def level_choices() -> list[tuple[str, Any]]:
    lang = reader_language()
    return [("", _("Choose a level"))] + [
        (level, LEVEL_LABELS[level].in_language(lang)) for level in LEVELS
    ]


def skill_descriptions() -> dict[str, str]:
    """What each kind of help covers, in the reader's language (DescribedCheckboxes)."""
    lang = reader_language()
    return {term.code: term.description.in_language(lang) for term in SKILLS if term.description}


class DescribedCheckboxes(forms.CheckboxSelectMultiple):
    """Boxes whose label is a short name, with a line in smaller type saying what it covers
    (partials/described_option.html): easier to scan on a phone than "name: description"."""

    option_template_name = "partials/described_option.html"

    def __init__(
        self, *args: Any, descriptions: Callable[[], dict[str, str]] = dict, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.descriptions = descriptions
        self._described: dict[str, str] = {}

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        self._described = self.descriptions()  # once per render, in the reader's language
        return super().get_context(name, value, attrs)

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["description"] = self._described.get(str(option["value"]), "")
        return option


def skill_choices() -> list[tuple[str, str]]:
    lang = reader_language()
    return [
        (term.code, term.label.in_language(lang))
        for term in sorted_for_reader(SKILLS, key=lambda term: term.label.in_language(lang))
    ]


class LanguageRowsMixin:
    """Rows of `language_N` + `level_N` selects; empty rows are ignored, duplicates refused."""

    language_rows = 4
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_language_fields(self) -> None:
        for row in range(1, self.language_rows + 1):
            self.fields[f"language_{row}"] = forms.ChoiceField(
                label=_("Language %(number)s") % {"number": row},
                choices=language_choices(),
                required=False,
            )
            self.fields[f"level_{row}"] = forms.ChoiceField(
                label=_("Level of language %(number)s") % {"number": row},
                choices=level_choices(),
                required=False,
            )

    def language_rows_bound(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"language_{row}"], self[f"level_{row}"])  # type: ignore[index]
            for row in range(1, self.language_rows + 1)
        ]

    def more_language_rows_used(self) -> bool:
        """Whether a row after the first holds a language or an error: then a page that
        folds those rows away (partials/language_rows.html, `fold`) shows them open."""
        return any(
            bound.value() or bound.errors
            for language, level in self.language_rows_bound()[1:]
            for bound in (language, level)
        )

    @staticmethod
    def language_initial(languages: dict[str, str]) -> dict[str, str]:
        initial = {}
        for row, (code, level) in enumerate(languages.items(), start=1):
            initial[f"language_{row}"] = code
            initial[f"level_{row}"] = level
        return initial

    def clean_languages(self) -> dict[str, str]:
        languages: dict[str, str] = {}
        for row in range(1, self.language_rows + 1):
            code = self.cleaned_data.get(f"language_{row}") or ""
            level = self.cleaned_data.get(f"level_{row}") or ""
            if not code and not level:
                continue
            if not level:
                self.add_error(f"level_{row}", _("Choose how well you speak it."))  # type: ignore[attr-defined]
            elif not code:
                self.add_error(f"language_{row}", _("Choose the language."))  # type: ignore[attr-defined]
            elif code in languages:
                self.add_error(f"language_{row}", _("This language is already listed."))  # type: ignore[attr-defined]
            else:
                languages[code] = level
        if not languages and not self.errors:  # type: ignore[attr-defined]
            self.add_error("language_1", _("Give at least one language you speak."))  # type: ignore[attr-defined]
        return languages


def location_data(cleaned: dict[str, Any]) -> dict[str, str]:
    """The service's location dict, each part as the person typed it."""
    return {
        part: (cleaned.get(part) or "").strip()
        for part in ("address", "district", "city", "postal_code")
    }


class FormRenderer(TemplatesSetting):
    """Every form's fields as partials/field.html: GOV.UK's order (label, hint, error,
    input), the error linked from the error summary (partials/error_summary.html)."""

    field_template_name = "partials/field.html"


POSTAL_CODE_MESSAGE = _("Enter a postal code like 00-950.")


def postal_code_field(**kwargs: Any) -> forms.RegexField:
    return forms.RegexField(
        regex=POSTAL_CODE_PATTERN,
        max_length=6,
        error_messages={"invalid": POSTAL_CODE_MESSAGE},
        **kwargs,
    )
