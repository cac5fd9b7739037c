"""How long POST /api/v1/auth/token/ takes with each password hasher, in the same run.

    .venv/bin/python bench/token_bench.py              # 30 sign-ins per hasher
    .venv/bin/python bench/token_bench.py --requests 100

A person signs in through the whole stack (Django's test Client: middleware, DRF, the
sign-in limit, `authenticate`, a knox token and its record) once per request, with the hash
stored by each hasher in turn: the baseline is the hasher the platform used before (PBKDF2 at
Django's cost), then Django's default Argon2 and the tuned Argon2id now first in
PASSWORD_HASHERS. Hashing one password alone is timed too. Like bench/http_bench.py it works in
a throwaway test database next to the configured one and drops it at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

from accounts.models import User  # noqa: E402

PASSWORD = "bench-password-2027"  # noqa: S105 - a throwaway database
HASHERS = {
    "PBKDF2 (baseline: Django's default)": "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "Argon2 at Django's default cost": "django.contrib.auth.hashers.Argon2PasswordHasher",
    "Argon2id as configured (tuned)": "accounts.hashers.TunedArgon2PasswordHasher",
}


def milliseconds(samples: list[float]) -> str:
    ordered = sorted(sample * 1000 for sample in samples)
    p90 = ordered[int(len(ordered) * 0.9) - 1]
    return f"median {statistics.median(ordered):7.1f} ms   p90 {p90:7.1f} ms"


def sign_ins(user: User, requests: int) -> list[float]:
    client = Client()
    durations = []
    for _ in range(requests):
        cache.clear()  # the sign-in limit is not what is measured
        started = time.perf_counter()
        response = client.post(
            "/api/v1/auth/token/",
            {"email": user.email, "password": PASSWORD},
            content_type="application/json",
        )
        durations.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content
    return durations


def hashing(hasher_path: str, rounds: int) -> list[float]:
    durations = []
    with override_settings(PASSWORD_HASHERS=[hasher_path]):
        for _ in range(rounds):
            started = time.perf_counter()
            make_password(PASSWORD)
            durations.append(time.perf_counter() - started)
    return durations


def run(requests: int) -> None:
    user = User.objects.create_user(email="bench@example.org", password=PASSWORD)
    print(f"POST /api/v1/auth/token/, {requests} sign-ins each (hash alone: 10 rounds)\n")
    medians = {}
    for label, hasher_path in HASHERS.items():
        with override_settings(PASSWORD_HASHERS=[hasher_path]):
            User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD))
            durations = sign_ins(user, requests)
        medians[label] = statistics.median(durations)
        print(f"{label:40} sign-in {milliseconds(durations)}")
        print(f"{'':40} hash    {milliseconds(hashing(hasher_path, 10))}")
    baseline = medians["PBKDF2 (baseline: Django's default)"]
    tuned = medians["Argon2id as configured (tuned)"]
    print(f"\nconfigured / baseline: {tuned / baseline:.2f}x  (target: under 300 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    arguments = parser.parse_args()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(arguments.requests)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
