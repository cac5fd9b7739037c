from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_verification_rate_limit() -> Iterator[None]:
    """The public check is rate-limited per address in the cache: each test starts afresh."""
    cache.clear()
    yield
    cache.clear()
