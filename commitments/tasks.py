"""The daily commitment sweep (fanned out in chunks) and the weekly coordinators' digest.

The task names keep their `matching.` prefix from before the app was split: they are what
the beat schedule, queued messages and the metrics know them by.
"""

from __future__ import annotations

from datetime import date

from django_scopes import scopes_disabled

from accounts.models import Program
from commitments.digest import coordinator_digests_send
from commitments.sweep import CHUNK_SIZE, chunk_process, commitments_sweep
from core import clock
from core.tasks import durable_task


def _enqueue_chunk(kind: str, program_id: int, match_ids: list[int], as_of: date) -> None:
    monitor_commitments_chunk.delay(kind, program_id, match_ids, as_of.isoformat())


@durable_task("matching.monitor_commitments")
def monitor_commitments(as_of: str | None = None, chunk_size: int = CHUNK_SIZE) -> dict[str, int]:
    """The daily sweep (beat): select what is due and fan it out in chunks.

    Safe to run twice: a chunk re-checks its matches under lock, and every e-mail has a key.
    """
    day = date.fromisoformat(as_of) if as_of else clock.today()
    with scopes_disabled():
        return commitments_sweep(as_of=day, chunk_size=chunk_size, enqueue=_enqueue_chunk).as_dict()


@durable_task("matching.monitor_commitments_chunk")
def monitor_commitments_chunk(
    kind: str, program_id: int, match_ids: list[int], as_of: str
) -> dict[str, int]:
    """One chunk of the sweep, in one transaction; a second delivery finds nothing due."""
    with scopes_disabled():
        program = Program.directory.get(pk=program_id)
        return chunk_process(
            kind=kind, program=program, match_ids=match_ids, as_of=date.fromisoformat(as_of)
        ).as_dict()


@durable_task("matching.coordinator_digest")
def coordinator_digest(as_of: str | None = None) -> int:
    """The weekly digest (beat, Mondays); one per coordinator and ISO week, however often."""
    day = date.fromisoformat(as_of) if as_of else clock.today()
    with scopes_disabled():
        return coordinator_digests_send(as_of=day)
