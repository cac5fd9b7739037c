"""GET /api/v1/taxonomy/: the vocabulary in the reader's language, for anyone."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.vocabulary import INTERESTS, LANGUAGE_CODES, SKILL_CODES

API_SKILLS = {
    "admin_procedures", "language_practice", "job_search", "housing", "healthcare",
    "legal_residence", "education", "local_customs", "digital_skills", "social_contacts",
}  # fmt: skip


@pytest.mark.parametrize(
    ("accept_language", "polish_name", "housing"),
    [("pl", "polski", "Mieszkanie"), ("uk", "польська", "Житло"), ("en", "Polish", "Housing")],
)
def test_labels_follow_accept_language(
    api: APIClient, db: None, accept_language: str, polish_name: str, housing: str
) -> None:
    body = api.get("/api/v1/taxonomy/", HTTP_ACCEPT_LANGUAGE=accept_language).json()

    languages = {row["code"]: row["name"] for row in body["languages"]}
    skills = {row["code"]: row["label"] for row in body["skills"]}
    assert languages["pl"] == polish_name
    assert skills["housing"] == housing


def test_an_unsupported_language_falls_back_to_polish(api: APIClient, db: None) -> None:
    body = api.get("/api/v1/taxonomy/", HTTP_ACCEPT_LANGUAGE="fr").json()

    assert {row["code"]: row["label"] for row in body["skills"]}["housing"] == "Mieszkanie"


def test_the_vocabulary_has_what_the_api_promises(api: APIClient, db: None) -> None:
    body = api.get("/api/v1/taxonomy/").json()

    assert {row["code"] for row in body["skills"]} == API_SKILLS == SKILL_CODES
    assert body["levels"] == ["A1", "A2", "B1", "B2", "C1", "C2", "native"]
    codes = {row["code"] for row in body["languages"]}
    assert {"pl", "uk", "ru", "be", "en", "de", "ka", "vi", "ar", "tr", "hy", "es", "fr"} <= codes
    assert len(body["interests"]) == len(INTERESTS) >= 40
    assert len(codes) == len(LANGUAGE_CODES)


def test_legal_residence_says_volunteers_guide_and_do_not_advise(api: APIClient, db: None) -> None:
    body = api.get("/api/v1/taxonomy/", HTTP_ACCEPT_LANGUAGE="en").json()

    description = {row["code"]: row["description"] for row in body["skills"]}["legal_residence"]
    assert "PESEL" in description
    assert "not give legal advice" in description


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_every_label_exists_in_every_language(api: APIClient, db: None, language: str) -> None:
    body = api.get("/api/v1/taxonomy/", HTTP_ACCEPT_LANGUAGE=language).json()

    for group in ("skills", "interests", "level_labels"):
        assert all(row["label"].strip() for row in body[group]), group
    assert all(row["name"] != row["code"] for row in body["languages"])
