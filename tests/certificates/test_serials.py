"""Serials: at least 96 random bits, URL-safe, with a check character for typing off paper."""

from __future__ import annotations

import math
import re

from certificates.serials import (
    ALPHABET,
    RANDOM_CHARACTERS,
    serial_display,
    serial_new,
    serial_normalize,
)


def test_a_serial_carries_at_least_96_random_bits_and_a_check_character() -> None:
    serial = serial_new()

    assert RANDOM_CHARACTERS * math.log2(len(ALPHABET)) >= 96
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{21}", serial)
    assert serial_normalize(serial) == serial


def test_serials_do_not_repeat() -> None:
    assert len({serial_new() for _ in range(2000)}) == 2000


def test_the_printed_form_is_three_groups_of_seven_and_reads_back() -> None:
    serial = serial_new()

    printed = serial_display(serial)

    assert re.fullmatch(r"[0-9A-Z]{7}-[0-9A-Z]{7}-[0-9A-Z]{7}", printed)
    assert serial_normalize(printed.lower()) == serial
    assert serial_normalize(printed.replace("-", " ")) == serial


def test_letters_that_look_like_digits_read_as_the_digits() -> None:
    body = "0111" + "A" * 16
    serial = body + _check(body)

    assert serial_normalize("OIL1" + serial[4:]) == serial


def test_every_single_mistyped_character_is_caught() -> None:
    serial = serial_new()

    for position in range(len(serial)):
        for replacement in ALPHABET:
            if replacement != serial[position]:
                typo = serial[:position] + replacement + serial[position + 1 :]
                assert serial_normalize(typo) is None


def test_swapping_any_two_different_neighbours_is_caught() -> None:
    base = serial_new()[:RANDOM_CHARACTERS]

    for position in range(0, RANDOM_CHARACTERS - 1, 3):
        for first in ALPHABET:
            for second in ALPHABET:
                if first == second:
                    continue
                body = base[:position] + first + second + base[position + 2 :]
                serial = body + _check(body)
                swapped = serial[:position] + second + first + serial[position + 2 :]
                assert serial_normalize(swapped) is None


def test_swapping_the_last_character_with_the_check_is_caught() -> None:
    serial = serial_new()

    swapped = serial[:-2] + serial[-1] + serial[-2]

    assert serial[-1] == serial[-2] or serial_normalize(swapped) is None


def test_anything_else_is_not_a_serial() -> None:
    assert serial_normalize("") is None
    assert serial_normalize("../../etc/passwd") is None
    assert serial_normalize(serial_new()[:-2]) is None


def _check(body: str) -> str:
    from certificates.serials import check_character

    return check_character(body)
