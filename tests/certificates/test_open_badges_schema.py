"""Every kind of credential validates against 1EdTech's Open Badges 3.0 AchievementCredential
JSON schema, and the issuer profile against the Profile schema (vendored in `schemas/`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from jsonschema import Draft201909Validator
from rest_framework.test import APIClient

from accounts.models import Program, User
from certificates.kinds import KINDS
from certificates.models import Certificate, CertificateKind
from tests.certificates.certificates_cast import (
    credential_of,
    issued,
    match_of,
    of_kind,
    resident,
    trained_resident,
)

SCHEMAS = Path(__file__).resolve().parent / "schemas"


def _validator(name: str) -> Draft201909Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


ACHIEVEMENT_CREDENTIAL = _validator("ob_v3p0_achievementcredential.json")
PROFILE = _validator("ob_v3p0_profile.json")


def _errors(validator: Draft201909Validator, document: dict[str, Any]) -> list[str]:
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(document)]


def _issue(kind: str, program: Program, coordinator: User, language: str) -> Certificate:
    volunteer = trained_resident(program, "Олена Ковальчук", language=language)
    return of_kind(volunteer, coordinator, kind)


def test_every_kind_has_an_achievement_definition() -> None:
    assert set(KINDS) == set(CertificateKind)


@pytest.mark.parametrize("kind", list(CertificateKind))
def test_every_kind_of_credential_validates_against_the_achievement_credential_schema(
    kind: str, program: Program, coordinator: User
) -> None:
    credential = credential_of(_issue(kind, program, coordinator, "uk"))

    assert _errors(ACHIEVEMENT_CREDENTIAL, credential) == []
    assert isinstance(credential["proof"], list)
    assert credential["credentialSubject"]["achievement"]["description"]


@pytest.mark.parametrize("kind", list(CertificateKind))
def test_every_achievement_is_described_in_polish_and_in_the_holders_language(
    kind: str, program: Program, coordinator: User
) -> None:
    certificate = _issue(kind, program, coordinator, "uk")
    description = credential_of(certificate)["credentialSubject"]["achievement"]["description"]

    polish, ukrainian = description.split("\n\n")
    for language, text in (("pl", polish), ("uk", ukrainian)):
        with translation.override(language):
            assert text == KINDS[kind].description(certificate, language)
    assert ukrainian != polish


def test_a_polish_holder_gets_the_description_once_in_polish(
    program: Program, coordinator: User
) -> None:
    volunteer = resident(program, language="pl")
    certificate = issued(volunteer, coordinator, "commitment", match=match_of(volunteer))

    achievement = credential_of(certificate)["credentialSubject"]["achievement"]

    assert achievement["description"] == (
        "Mentoring osoby nowo przybyłej jako ambasador powitania przez 6 miesięcy, "
        "od 1 września 2026 do 1 marca 2027."
    )
    assert achievement["name"] == "Mentoring osoby nowo przybyłej jako ambasador powitania"
    assert achievement["inLanguage"] == "pl"


def test_the_schema_refuses_a_proof_that_is_not_an_array(
    program: Program, coordinator: User
) -> None:
    credential = credential_of(_issue("training", program, coordinator, "pl"))

    credential["proof"] = credential["proof"][0]

    assert _errors(ACHIEVEMENT_CREDENTIAL, credential) == ["$.proof: " + _not_array(credential)]


def _not_array(credential: dict[str, Any]) -> str:
    return f"{credential['proof']!r} is not of type 'array'"


def test_the_issuer_profile_validates_against_the_profile_schema(
    program: Program, api: APIClient
) -> None:
    profile = json.loads(api.get("/api/v1/issuers/warszawa/").content)

    assert _errors(PROFILE, profile) == []
