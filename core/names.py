"""People's names as the platform shows them, and their Latin form.

Names are kept as written. A name in Cyrillic is also shown (and found) in Latin letters,
by the Ukrainian National transliteration (Cabinet of Ministers resolution No. 55 of
27 January 2010), the table Ukrainian passports use: a Polish coordinator can read
"Олена Шевченко" as "Olena Shevchenko" and find her by typing either (the Latin form is
stored beside the name, `NewcomerProfile.full_name_latin`, written with the name).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Letters whose Latin form differs at the start of a word (є, ї, й, ю, я).
_WORD_START = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia",
    # Russian letters a Ukrainian table lacks, so a name written in Russian still reads.
    "ё": "io", "ы": "y", "э": "e", "ъ": "",
}  # fmt: skip
# "зг" is written "zgh" so it is not read as "ж" (Згурський -> Zghurskyi).
_PAIRS = {"зг": "zgh"}
# The apostrophe inside a Ukrainian word is not written in Latin.
_APOSTROPHES = ("'", "ʼ", "’")

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[\u0400-\u04ffʼ’']+")


def first_name_of(full_name: str) -> str:
    """The first word of a name as written ("Anna Maria Kowalska" -> "Anna"); the pair in a
    match learn only each other's first names from us."""
    words = full_name.split()
    return words[0] if words else ""


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def _cased(latin: str, original: str) -> str:
    """`latin` in the case of the Cyrillic it came from: Ж -> Zh, ЖУК -> ZHUK's letters."""
    if not original.isupper():
        return latin
    return latin.capitalize()


def _word_to_latin(word: str) -> str:
    out: list[str] = []
    letters = [ch for ch in word if ch not in _APOSTROPHES]
    index = 0
    while index < len(letters):
        char = letters[index]
        lower = char.lower()
        pair = "".join(letters[index : index + 2]).lower()
        if pair in _PAIRS:
            out.append(_cased(_PAIRS[pair], char))
            index += 2
            continue
        if index == 0 and lower in _WORD_START:
            out.append(_cased(_WORD_START[lower], char))
        elif lower in _LETTERS:
            out.append(_cased(_LETTERS[lower], char))
        else:
            out.append(char)
        index += 1
    return "".join(out)


@lru_cache(maxsize=4096)  # the same names fill every list a coordinator opens
def latin(name: str) -> str:
    """The Latin form of a name written in Cyrillic; any other name as it is."""
    if not has_cyrillic(name):
        return name
    return _WORD.sub(lambda match: _word_to_latin(match.group(0)), name)


def latin_beside(name: str) -> str:
    """The Latin form to show beside a name, or "" when the name is in Latin already."""
    return latin(name) if has_cyrillic(name) else ""
