"""Tests that need a real service say so once, here: locally they are skipped with the reason
and how to run them; in CI (which sets the REQUIRE_* variables) a missing service fails."""

from __future__ import annotations

import os
import shutil

import pytest
from django.db import connection

RUN_ON_POSTGRESQL = (
    "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/test as CI does "
    "(CI sets REQUIRE_POSTGRES_TESTS=1, so there it fails instead of skipping)"
)


def _required(variable: str) -> bool:
    return os.environ.get(variable, "").lower() not in ("", "0", "false", "no")


def require_postgresql(why: str, *tools: str) -> None:
    """Skip (or, under REQUIRE_POSTGRES_TESTS, fail) unless the test database is PostgreSQL
    and the named command-line tools are installed; `why` says what SQLite cannot do."""
    problem = ""
    if connection.vendor != "postgresql":
        problem = f"needs PostgreSQL: {why}; {RUN_ON_POSTGRESQL}"
    elif missing := [tool for tool in tools if shutil.which(tool) is None]:
        problem = f"needs {', '.join(missing)} on PATH (Debian: postgresql-client)"
    if not problem:
        return
    if _required("REQUIRE_POSTGRES_TESTS"):
        pytest.fail(f"REQUIRE_POSTGRES_TESTS is set but this test {problem}")
    pytest.skip(problem)
