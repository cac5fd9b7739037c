"""Names in Cyrillic read and found in Latin letters (Ukrainian National transliteration)."""

from __future__ import annotations

import pytest

from accounts.models import Program, User
from core.names import latin, latin_beside
from newcomers.models import NewcomerProfile
from newcomers.selectors import newcomer_named
from newcomers.services import newcomer_profile_update, newcomer_register_on_behalf

# Examples from the 2010 table (resolution No. 55) and passports.
OFFICIAL = [
    ("Олена Шевченко", "Olena Shevchenko"),
    ("Юлія Яковенко", "Yuliia Yakovenko"),
    ("Згурський", "Zghurskyi"),
    ("Мар'яна Їжакевич", "Mariana Yizhakevych"),
    ("Євген Йосипенко", "Yevhen Yosypenko"),
    ("Ганна Ґудзь", "Hanna Gudz"),
    ("Щербухи", "Shcherbukhy"),
    ("Анна-Марія Ющенко", "Anna-Mariia Yushchenko"),
    ("Знам'янка", "Znamianka"),
    ("Феодосія Хорошківська", "Feodosiia Khoroshkivska"),
    ("Олексій Чорнобай", "Oleksii Chornobai"),
    ("Розгон", "Rozghon"),
]


@pytest.mark.parametrize(("cyrillic", "expected"), OFFICIAL)
def test_a_cyrillic_name_reads_by_the_official_table(cyrillic: str, expected: str) -> None:
    assert latin(cyrillic) == expected


def test_a_latin_name_has_nothing_beside_it() -> None:
    assert latin_beside("Tomasz Nowak") == ""
    assert latin("Tomasz Nowak") == "Tomasz Nowak"
    assert latin_beside("Олена Шевченко") == "Olena Shevchenko"


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["Шевченко", "shevchenko", "Olena Shev", "олена"])
def test_a_newcomer_is_found_by_either_form_of_the_name(
    program: Program, coordinator: User, typed: str
) -> None:
    olena = newcomer_register_on_behalf(
        program=program, data={"full_name": "Олена Шевченко"}, by=coordinator
    )
    tomasz = newcomer_register_on_behalf(
        program=program, data={"full_name": "Tomasz Nowak"}, by=coordinator
    )

    found = NewcomerProfile.objects.filter(newcomer_named(typed))

    assert list(found) == [olena]
    assert tomasz.full_name_latin == ""


@pytest.mark.django_db
def test_a_renamed_newcomer_is_found_by_the_new_name_in_latin(
    program: Program, coordinator: User
) -> None:
    profile = newcomer_register_on_behalf(
        program=program, data={"full_name": "Олена Шевченко"}, by=coordinator
    )

    newcomer_profile_update(profile=profile, data={"full_name": "Оксана Шевченко"})

    assert list(NewcomerProfile.objects.filter(newcomer_named("oksana"))) == [profile]
    assert not NewcomerProfile.objects.filter(newcomer_named("olena")).exists()
