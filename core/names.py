"""People's names as the platform shows them."""

from __future__ import annotations


def first_name_of(full_name: str) -> str:
    """The first word of a name as written ("Anna Maria Kowalska" -> "Anna"); the pair in a
    match learn only each other's first names from us."""
    words = full_name.split()
    return words[0] if words else ""
