"""Argon2id with the cost this platform can afford on a small city server."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class TunedArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane).

    Django's default (100 MiB, 8 lanes) costs 250-400 ms on two cores, and every web worker
    hashing at once needs its memory. Hashes of Django's default Argon2 parameters (and of
    PBKDF2) are rehashed with these at the person's next sign-in.
    """

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19456
    parallelism = 1
