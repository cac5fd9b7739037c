"""For the operations tests that need the real PostgreSQL (CI runs them; SQLite skips them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

PROJECT = Path(__file__).resolve().parents[2]


def require_postgres(*tools: str) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...; CI does)")
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} on PATH")


def database_url(name: str | None = None) -> str:
    """A postgres:// URL of the test database (or another database on the same server)."""
    values = connection.settings_dict
    credentials = values["USER"] + (f":{values['PASSWORD']}" if values["PASSWORD"] else "")
    host = f"{values['HOST'] or '127.0.0.1'}:{values['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{name or values['NAME']}"


def project_python(
    *arguments: str, timeout: float = 300, **environment: str
) -> subprocess.CompletedProcess[str]:
    """Run the project's Python in a fresh process with the given environment on top."""
    inherited = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    return subprocess.run(  # noqa: S603 - the project's own interpreter and files
        [sys.executable, *arguments],
        cwd=PROJECT,
        env={**inherited, "DJANGO_SETTINGS_MODULE": "config.settings", **environment},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
