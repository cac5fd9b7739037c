"""The signed-in home: each role's section comes from the app that knows where the person
stands (a registry, like personal data: `accounts` imports no higher app).

A section is a template and a function building its context for one membership; the home
page shows the sections of the person's roles, in the order of their memberships.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accounts.models import Membership


@dataclass(frozen=True)
class HomeSection:
    template: str
    context: dict[str, Any]


_builders: dict[str, tuple[str, Callable[[Membership], dict[str, Any]]]] = {}


def register_home_section(
    role: str, template: str, build: Callable[[Membership], dict[str, Any]]
) -> None:
    _builders[role] = (template, build)


def home_sections(memberships: list[Membership]) -> list[HomeSection]:
    sections = []
    for membership in memberships:
        if membership.role in _builders:
            template, build = _builders[membership.role]
            sections.append(HomeSection(template, {"membership": membership, **build(membership)}))
    return sections
