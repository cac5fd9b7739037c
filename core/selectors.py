"""Reads of the vocabulary, shaped for the API and the pages in the reader's language."""

from __future__ import annotations

from typing import Any

from core.vocabulary import (
    INTERESTS,
    LANGUAGE_CODES,
    LEVEL_LABELS,
    LEVELS,
    SKILLS,
    language_name,
)


def taxonomy_in_language(language: str) -> dict[str, Any]:
    """The whole vocabulary with labels in `language` (pl, uk or en; anything else: en)."""
    return {
        "languages": [
            {"code": code, "name": language_name(code, language)} for code in LANGUAGE_CODES
        ],
        "levels": list(LEVELS),
        "level_labels": [
            {"code": code, "label": LEVEL_LABELS[code].in_language(language)} for code in LEVELS
        ],
        "skills": [
            {
                "code": term.code,
                "label": term.label.in_language(language),
                "description": term.description.in_language(language) if term.description else "",
            }
            for term in SKILLS
        ],
        "interests": [
            {"code": term.code, "label": term.label.in_language(language)} for term in INTERESTS
        ],
    }
