"""Certificate serials: random, unguessable, URL-safe, and readable off paper.

A serial is 100 random bits written as 20 characters of Crockford's base32 (digits and
capital letters without I, L, O and U, so nothing reads as something else), followed by one
check character (Damm's algorithm over the field of 32 elements: it catches every single
mistyped character and every swap of two neighbours). On paper and in URLs it is grouped in three
sevens with hyphens: `7K3Q9XW-DM2PH4T-RABC5N7`. Reading back ignores hyphens, spaces and case
and takes O as 0 and I or L as 1, as Crockford's base32 intends.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_CHARACTERS = 20  # 100 bits
LENGTH = RANDOM_CHARACTERS + 1
GROUP = 7
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-]+")


def _times_x(value: int) -> int:
    """Multiply by x in GF(32) = GF(2)[x] / (x^5 + x^2 + 1)."""
    value <<= 1
    return value ^ 0b100101 if value & 0b100000 else value


def _damm(characters: str) -> int:
    # The quasigroup a * b = x.a + b with x != 0, 1 is totally anti-symmetric, which is what
    # makes Damm's check catch all single errors and adjacent transpositions.
    interim = 0
    for character in characters:
        interim = _times_x(interim) ^ ALPHABET.index(character)
    return interim


def check_character(body: str) -> str:
    """The character that brings Damm's interim digit of body + check to zero."""
    return ALPHABET[_times_x(_damm(body))]


def serial_new() -> str:
    """A fresh serial in its stored form: 21 characters, no hyphens."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARACTERS))
    return body + check_character(body)


def serial_normalize(text: str) -> str | None:
    """The stored form of a typed or scanned serial, or None if it cannot be one."""
    candidate = _SEPARATORS.sub("", text).upper().translate(_READ_AS)
    if len(candidate) != LENGTH or any(character not in ALPHABET for character in candidate):
        return None
    if _damm(candidate) != 0:
        return None
    return candidate


def serial_display(serial: str) -> str:
    """Grouped for people and URLs: `7K3Q9XW-DM2PH4T-RABC5N7`."""
    return "-".join(serial[start : start + GROUP] for start in range(0, len(serial), GROUP))
