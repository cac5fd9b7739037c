"""Settings come from the environment and a wrong value stops the start-up, naming it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x7Qp9LmZ2vR8sT4wY6uB1nC5dF0gH3jK" * 2,
    "ALLOWED_HOSTS": "ambasadorzy.example.gov.pl",
    "DATABASE_URL": "sqlite:////tmp/welcome-ambassador-check.sqlite3",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CERTIFICATE_SIGNING_KEY": "nrOMuV0HBJrecyTsqIZKvBV_qqkJbr5rKBakq4aQ9G8",
}


def manage(*arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if key not in PRODUCTION}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(  # noqa: S603 - fixed arguments, the project's own manage.py
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mysqlish://nowhere"),
        ("CONN_MAX_AGE", "forever"),
        ("TIME_ZONE", "Mars/Olympus"),
        ("LANGUAGE_CODE", "xx"),
        ("CELERY_TASK_ALWAYS_EAGER", "perhaps"),
    ],
)
def test_a_malformed_value_stops_start_up_naming_the_variable(variable: str, value: str) -> None:
    result = manage("check", **{variable: value})

    assert result.returncode != 0
    assert f"{variable}:" in result.stderr


def test_production_needs_a_secret_key() -> None:
    result = manage("check", DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY: required when DEBUG is false" in result.stderr


def test_production_needs_its_own_certificate_signing_key() -> None:
    without_key = {
        key: value for key, value in PRODUCTION.items() if key != "CERTIFICATE_SIGNING_KEY"
    }

    result = manage("check", **without_key)

    assert result.returncode != 0
    assert "CERTIFICATE_SIGNING_KEY: required when DEBUG is false" in result.stderr


def test_the_deployment_check_is_clean_with_production_settings() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_embedded_default_needs_no_environment_at_all() -> None:
    result = manage("check")

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        ("redis://127.0.0.1:6379/1", "django.contrib.sessions.backends.cached_db"),
        # A process's own memory: a session ended in one process would live on in the others.
        ("locmemcache://", "django.contrib.sessions.backends.db"),
    ],
)
def test_sessions_are_cached_only_in_a_shared_cache(cache_url: str, engine: str) -> None:
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SESSION_ENGINE)",
        **PRODUCTION,
        CACHE_URL=cache_url,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == engine
