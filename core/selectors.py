"""Reads of the vocabulary, shaped for the API and the pages in the reader's language."""

from __future__ import annotations

from typing import Any

from core.collation import sorted_for_reader
from core.vocabulary import (
    INTERESTS,
    LANGUAGE_CODES,
    LEVEL_LABELS,
    LEVELS,
    SKILLS,
    language_name,
)


def taxonomy_in_language(language: str) -> dict[str, Any]:
    """The whole vocabulary with labels in `language` (pl, uk or en; anything else: en);
    languages, skills and interests in that language's alphabet, as a form lists them."""
    return {
        "languages": sorted_for_reader(
            ({"code": code, "name": language_name(code, language)} for code in LANGUAGE_CODES),
            key=lambda row: row["name"],
            language=language,
        ),
        "levels": list(LEVELS),
        "level_labels": [
            {"code": code, "label": LEVEL_LABELS[code].in_language(language)} for code in LEVELS
        ],
        "skills": sorted_for_reader(
            (
                {
                    "code": term.code,
                    "label": term.label.in_language(language),
                    "description": (
                        term.description.in_language(language) if term.description else ""
                    ),
                }
                for term in SKILLS
            ),
            key=lambda row: row["label"],
            language=language,
        ),
        "interests": sorted_for_reader(
            ({"code": term.code, "label": term.label.in_language(language)} for term in INTERESTS),
            key=lambda row: row["label"],
            language=language,
        ),
    }
