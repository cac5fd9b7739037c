"""One module owns "today, here" and "days between" (#16): `core.clock`.

Anywhere else, `date.today()` is the server's date, `timezone.localdate()` and
`datetime.now()` are "today" written twice, and `(later - earlier).days` counts 24-hour
periods, not the calendar days a person counts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
APPS = (
    "core", "accounts", "volunteers", "newcomers", "training", "matching", "commitments",
    "safeguarding", "certificates", "reports", "privacy", "demo", "config",
)  # fmt: skip
OWNER = PROJECT / "core" / "clock.py"
FORBIDDEN = {
    "date.today()": re.compile(r"\bdate\.today\(\)"),
    "datetime.now()": re.compile(r"\bdatetime\.now\("),
    "timezone.localdate()": re.compile(r"\btimezone\.localdate\("),
    "timezone.now().date()": re.compile(r"\bnow\(\)\.date\(\)"),
    "(a - b).days": re.compile(r"\)\.days\b"),
}


def _sources() -> list[Path]:
    return [
        path
        for app in APPS
        for path in sorted((PROJECT / app).rglob("*.py"))
        if path != OWNER and "migrations" not in path.parts
    ]


@pytest.mark.parametrize("what", list(FORBIDDEN))
def test_only_core_clock_knows_today_and_counts_days(what: str) -> None:
    pattern = FORBIDDEN[what]
    found = [
        f"{path.relative_to(PROJECT)}:{number}"
        for path in _sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]

    assert found == [], f"{what} outside core.clock: {found}"
