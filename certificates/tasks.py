from __future__ import annotations

from certificates.services import batch_execute
from core.tasks import durable_task


@durable_task("certificates.batch_execute")
def batch_execute_task(batch_id: int) -> bool:
    """Issue a batch's training certificates; a second delivery finds it done and does nothing."""
    return batch_execute(batch_id=batch_id)
