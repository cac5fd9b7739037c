"""Lists of languages, skills and interests a person reads come in their alphabet (#18,
point 1), whatever order they were stored or ticked in."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Program, User
from core.collation import collation_key
from core.selectors import taxonomy_in_language
from core.vocabulary import language_levels, skill_labels
from tests.clients import signed_in
from volunteers.models import VolunteerProfile


def in_alphabet(words: list[str], language: str) -> bool:
    return words == sorted(words, key=lambda word: collation_key(word, language))


def test_skill_labels_are_in_the_reader_s_alphabet_not_the_stored_order() -> None:
    stored = ["social_contacts", "admin_procedures", "healthcare", "housing"]

    assert skill_labels(stored, "uk") == [
        "Житло",
        "Здоров'я",
        "Нові знайомства",
        "Справи в установах",
    ]
    assert skill_labels(stored, "pl") == [
        "Mieszkanie",
        "Nowe znajomości",
        "Sprawy urzędowe",
        "Zdrowie",
    ]
    assert skill_labels([*stored, "no_such_skill"], "en")[0] == "Healthcare"


def test_a_person_s_languages_are_in_the_reader_s_alphabet() -> None:
    languages = {"uk": "C2", "it": "A2", "en": "B2", "es": "A1"}

    # "і" is a Ukrainian letter between "и" and "ї", not something after "я".
    assert language_levels(languages, "uk") == [
        ("англійська", "B2"),
        ("іспанська", "A1"),
        ("італійська", "A2"),
        ("українська", "C2"),
    ]


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_the_vocabulary_api_lists_in_the_reader_s_alphabet(language: str) -> None:
    taxonomy = taxonomy_in_language(language)

    assert in_alphabet([row["name"] for row in taxonomy["languages"]], language)
    assert in_alphabet([row["label"] for row in taxonomy["skills"]], language)
    assert in_alphabet([row["label"] for row in taxonomy["interests"]], language)


def test_the_taxonomy_endpoint_answers_in_the_alphabet_of_accept_language(
    api: APIClient, db: None
) -> None:
    body = api.get("/api/v1/taxonomy/", HTTP_ACCEPT_LANGUAGE="uk").json()
    names = [row["name"] for row in body["languages"]]

    assert names.index("англійська") < names.index("іспанська") < names.index("казахська")


def test_the_landing_page_lists_what_ambassadors_help_with_in_the_reader_s_alphabet(
    client: object, db: None
) -> None:
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="uk").content.decode()  # type: ignore[attr-defined]

    positions = [
        page.index(f"<strong>{label}</strong>") for label in ("Житло", "Освіта", "Пошук роботи")
    ]
    assert positions == sorted(positions)


def test_a_coordinator_reads_a_volunteer_s_languages_and_skills_in_their_alphabet(
    program: Program, coordinator: User, volunteer: User
) -> None:
    VolunteerProfile.objects.create(
        user=volunteer,
        program=program,
        languages={"uk": "native", "es": "B1", "en": "C1"},
        skills=["social_contacts", "housing", "admin_procedures"],
    )

    page = signed_in(coordinator, language="uk").get("/coordinators/volunteers/").content.decode()

    assert "англійська (C1), іспанська (B1), українська (native)" in page
    assert "Житло, Нові знайомства, Справи в установах" in page
