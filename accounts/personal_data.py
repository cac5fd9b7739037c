"""The registry of where a person's data lives, filled by every app that holds some.

Accounts sits below the apps that hold most of a person's data, so it keeps a small registry
instead of importing them: each app registers, in its `AppConfig.ready()`, a section with an
exporter (what it holds about a person, JSON-safe), an eraser (anonymises it in place), the
ids it knows the person by (`volunteer`, `newcomer`, `match`: how the audit trail files
entries), and what stands in the way of an erasure (open business). Apps also register how
to load a row named in a request (`register_subject`), so the privacy pages can check a
volunteer's, newcomer's or match's programme without importing those apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from accounts.models import User


@dataclass(frozen=True)
class Person:
    """Whom an export or erasure is about: an account, or a newcomer's profile (which may
    have no account: registered on behalf and never claimed)."""

    user: User | None = None
    newcomer: models.Model | None = None

    @property
    def newcomer_id(self) -> int | None:
        return self.newcomer.pk if self.newcomer is not None else None


Exporter = Callable[[Person], dict[str, Any]]
Eraser = Callable[[Person], None]
SubjectIds = Callable[[Person], dict[str, list[int]]]
Blockers = Callable[[Person], list[str]]


@dataclass(frozen=True)
class Section:
    name: str
    exporter: Exporter
    eraser: Eraser | None
    subjects: SubjectIds | None = None
    blockers: Blockers | None = None


_sections: dict[str, Section] = {}
_subject_loaders: dict[str, Callable[[int], models.Model | None]] = {}


def register_personal_data(
    *,
    section: str,
    exporter: Exporter,
    eraser: Eraser | None = None,
    subjects: SubjectIds | None = None,
    blockers: Blockers | None = None,
) -> None:
    """An app's part of every export and erasure (called from its `AppConfig.ready()`)."""
    _sections[section] = Section(section, exporter, eraser, subjects, blockers)


def register_subject(key: str, load: Callable[[int], models.Model | None]) -> None:
    """How to load the row behind `?<key>=<id>` (across programmes; it has a `program_id`)."""
    _subject_loaders[key] = load


def registered_sections() -> list[Section]:
    return [_sections[name] for name in sorted(_sections)]


def subject_row(key: str, pk: int) -> models.Model | None:
    load = _subject_loaders.get(key)
    return load(pk) if load is not None else None
