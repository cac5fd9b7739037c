from __future__ import annotations

from core.tasks import durable_task
from matching.services import run_execute


@durable_task("matching.run_execute")
def run_execute_task(run_id: int) -> bool:
    """Execute a matching run; a second delivery finds it no longer pending and does nothing."""
    return run_execute(run_id=run_id)
