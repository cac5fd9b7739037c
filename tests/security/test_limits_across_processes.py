"""Limits hold across processes (issue #20, point 7): two web processes sharing one Redis
cache (CACHE_URL) count one person's sign-in failures together.

Each process is a real Python process of the project with production settings
(config.settings), CACHE_URL pointing at Redis and DATABASE_URL at the test database, sending
requests to its own copy of the application; they share nothing but Redis and PostgreSQL, as
two gunicorn workers (or two hosts) do. Needs PostgreSQL (CI) and Redis.
"""

from __future__ import annotations

import json
import os
import uuid

import pytest

from tests.ops.postgres import database_url, project_python, require_postgres
from tests.requirements import require_redis

CACHE_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
# The worker tests use the same Redis database: in their xdist process (tests/conftest.py).
pytestmark = pytest.mark.xdist_group("redis")

WEB_PROCESS = """
import json, sys
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
email, attempts = sys.argv[1], int(sys.argv[2])
client = Client()
codes = [
    client.post("/api/v1/auth/token/", {"email": email, "password": "not-it"},
                content_type="application/json").status_code
    for _ in range(attempts)
]
print(json.dumps(codes))
"""


def failures_in_another_process(email: str, attempts: int) -> list[int]:
    done = project_python(
        "-c",
        WEB_PROCESS,
        email,
        str(attempts),
        DATABASE_URL=database_url(),
        CACHE_URL=CACHE_URL,
        SIGN_IN_FAILURES_ALLOWED="5",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.django_db  # the other processes read the test database's tables, none of its rows
def test_two_web_processes_count_sign_in_failures_together() -> None:
    require_postgres()
    require_redis(CACHE_URL, "two processes share it as their cache")
    email = f"zgadywana-{uuid.uuid4().hex[:12]}@example.org"  # keys no earlier run left

    first = failures_in_another_process(email, 3)
    second = failures_in_another_process(email, 3)

    # Five failures allowed in all: alone, each process would have answered 400 three times.
    assert first == [400, 400, 400]
    assert second == [400, 400, 429]
