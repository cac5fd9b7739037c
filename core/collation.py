"""Sorting words the way a reader's alphabet orders them.

Python compares code points, which puts Polish "ł" after "z" and Ukrainian "і", "ї", "є", "ґ"
after "я" (they sit outside the basic Cyrillic block). ICU is not a dependency, and the
system's locales are not something a deployment can rely on, so the three alphabets the
platform speaks are written out here: a letter sorts by its place in the reader's alphabet,
then anything else by code point; case and the marks of letters outside the alphabet do not
count first (the word's own text breaks ties, so the order is total).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from core.languages import reader_language

T = TypeVar("T")

_LATIN = "aąbcćdeęfghijklłmnńoóprsśtuvwxyzźż"
ALPHABETS = {
    "pl": "aąbcćdeęfghijklłmnńoóprsśtuwyzźż",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "en": "abcdefghijklmnopqrstuvwxyz",
}


def _order(language: str) -> dict[str, int]:
    # The reader's alphabet first, then the other script, so a mixed list stays grouped.
    own = ALPHABETS[language]
    other = ALPHABETS["uk"] if language != "uk" else _LATIN
    letters = own + "".join(letter for letter in other + _LATIN if letter not in own)
    return {letter: place for place, letter in enumerate(dict.fromkeys(letters))}


_ORDERS = {language: _order(language) for language in ALPHABETS}


def collation_key(text: str, language: str | None = None) -> tuple[tuple[int, ...], str]:
    """A sort key for `text` in `language` (the reader's by default)."""
    order = _ORDERS[reader_language(language)]
    places = []
    for character in text.casefold():
        if character in order:
            places.append(order[character])
            continue
        if not character.isalpha():
            # Spaces, punctuation and digits come before letters ("rower" before "rowerek").
            places.append(-1000 + ord(character) if character.isdigit() else -2000)
            continue
        # A letter with a mark the alphabet does not know ("é", "ü") sorts with its base.
        base = unicodedata.normalize("NFD", character)[0]
        places.append(order.get(base, len(order) + ord(character)))
    return tuple(places), text


def sorted_for_reader(
    items: Iterable[T], key: Callable[[T], str], language: str | None = None
) -> list[T]:
    """`items` sorted by `key(item)` in the reader's alphabet."""
    return sorted(items, key=lambda item: collation_key(key(item), language))
