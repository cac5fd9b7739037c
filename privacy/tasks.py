"""The daily retention sweep. Its task name keeps the `matching.` prefix it had before the
privacy app: it is what the beat schedule and queued messages know it by."""

from __future__ import annotations

from datetime import date

from django_scopes import scopes_disabled

from core import clock
from core.tasks import durable_task
from privacy.retention import retention_sweep


@durable_task("matching.retention_sweep")
def retention_sweep_task(as_of: str | None = None) -> dict[str, int]:
    """The daily retention sweep (beat); a second run finds nothing left to anonymise."""
    day = date.fromisoformat(as_of) if as_of else clock.today()
    with scopes_disabled():
        return retention_sweep(today=day).as_dict()
