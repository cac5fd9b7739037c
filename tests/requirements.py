"""Tests that need a real service say so once, here: locally they are skipped with the reason
and how to run them; in CI (which sets the REQUIRE_* variables) a missing service fails."""

from __future__ import annotations

import os
import shutil
import socket
from typing import NoReturn
from urllib.parse import urlparse

import pytest
from django.db import connection

RUN_ON_POSTGRESQL = "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/test as CI does"


def _required(variable: str) -> bool:
    return os.environ.get(variable, "").lower() not in ("", "0", "false", "no")


def unavailable(problem: str, *, required_by: str) -> NoReturn:
    """A service or tool the test needs is missing: skip with `problem` (what and how to get
    it), or fail when CI set `required_by`, so CI can never pass by skipping."""
    if _required(required_by):
        pytest.fail(f"{required_by} is set but {problem}")
    pytest.skip(f"{problem} (CI sets {required_by}=1, so there this fails instead)")


def require_postgresql(why: str, *tools: str) -> None:
    """Skip (or, under REQUIRE_POSTGRES_TESTS, fail) unless the test database is PostgreSQL
    and the named command-line tools are installed; `why` says what SQLite cannot do."""
    problem = ""
    if connection.vendor != "postgresql":
        problem = f"needs PostgreSQL: {why}; {RUN_ON_POSTGRESQL}"
    elif missing := [tool for tool in tools if shutil.which(tool) is None]:
        problem = f"needs {', '.join(missing)} on PATH (Debian: postgresql-client)"
    if problem:
        unavailable(f"this test {problem}", required_by="REQUIRE_POSTGRES_TESTS")


def redis_reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), 1):
            return True
    except OSError:
        return False


def require_redis(url: str, why: str) -> None:
    """Skip (or, under REQUIRE_WORKER_TESTS, which CI sets, fail) unless Redis answers at
    `url`; `why` says what the test does with it."""
    if not redis_reachable(url):
        unavailable(
            f"Redis is not reachable at {url}: {why}; start redis-server",
            required_by="REQUIRE_WORKER_TESTS",
        )
