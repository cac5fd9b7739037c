"""For the operations tests that need the real PostgreSQL (CI runs them; SQLite skips them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

from tests.requirements import require_postgresql

PROJECT = Path(__file__).resolve().parents[2]


def require_postgres(*tools: str) -> None:
    require_postgresql(
        "a second process (restore, another web process) must open the test database, and "
        "the test hands it over as a PostgreSQL URL",
        *tools,
    )


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
