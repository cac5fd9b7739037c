"""How the application's PostgreSQL connections are set up."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.requirements import require_postgresql


@pytest.mark.django_db
def test_queries_are_planned_without_jit_compilation() -> None:
    """The request queue's count over 12,000 open requests crossed the JIT's cost threshold
    and spent 25 ms of a 40 ms query compiling (bench/README.md, issue 23 point 5)."""
    require_postgresql("JIT compilation is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        (setting,) = cursor.fetchone()

    assert setting == "off"
