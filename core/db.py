"""Database helpers every floor may use."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, connection

_Result = TypeVar("_Result")

LOCKED_RETRIES = 50
LOCKED_PAUSE_SECONDS = 0.02


def retry_when_locked(work: Callable[[], _Result]) -> _Result:
    """Run `work` (a read, or its own transaction) again while SQLite reports a lock race.

    SQLite fails a statement that meets another connection's lock instead of waiting for
    it (always so for the tests' shared-cache database, even for reads); PostgreSQL waits,
    so there this is a plain call. Inside an outer transaction nothing can be retried, so
    the error goes up unchanged.
    """
    for attempt in range(LOCKED_RETRIES):
        try:
            return work()
        except OperationalError as error:
            is_lock_race = connection.vendor == "sqlite" and "locked" in str(error)
            if not is_lock_race or connection.in_atomic_block or attempt == LOCKED_RETRIES - 1:
                raise
            # Jitter, so two racing writers do not retry in lockstep.
            time.sleep(LOCKED_PAUSE_SECONDS * (1 + random.random()))  # noqa: S311
    raise AssertionError("unreachable")
