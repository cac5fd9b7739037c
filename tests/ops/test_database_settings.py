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


@pytest.mark.django_db
def test_a_statement_run_again_on_a_connection_is_planned_once() -> None:
    """Server-side parameters and prepared statements: a query the application repeats is
    planned once per connection (a participant's match query planned 3.7 ms for 0.6 ms of
    work each time; bench/README.md, issue 23 point 5)."""
    require_postgresql("prepared statements are PostgreSQL's")
    from accounts.models import Program

    for _ in range(6):
        list(Program.directory.filter(slug="nowhere").values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%accounts_program%nowhere%"],
        )
        (by_text,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "accounts_program" WHERE%slug" = $1%'],
        )
        (prepared,) = cursor.fetchone()

    assert by_text == 0  # the value travels apart from the statement
    assert prepared == 1
