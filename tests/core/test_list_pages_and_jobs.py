"""Rules every app's list pages and background jobs share (core.pagination, core.tasks)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from accounts.models import Program, User
from core.tasks import job_claim, job_fail
from matching.models import MatchingRun, RunStatus
from tests.clients import signed_in


@pytest.mark.parametrize(
    "path",
    [
        "/coordinators/volunteers/",
        "/coordinators/requests/",
        "/coordinators/matches/",
        "/coordinators/commitments/",
    ],
)
def test_a_list_pages_links_keep_its_filters_and_drop_the_page(
    coordinator: User, program: Program, path: str
) -> None:
    response = signed_in(coordinator).get(path, {"language": "uk", "page": "2"})

    assert response.status_code == 200
    assert response.context["query"] == "language=uk"


@time_machine.travel("2027-04-01T10:00:00+02:00", tick=False)
def test_a_job_is_claimed_once_unless_its_worker_was_lost(program: Program) -> None:
    limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    pending = MatchingRun.objects.create(program=program)
    busy = MatchingRun.objects.create(
        program=program, status=RunStatus.RUNNING, started_at=timezone.now() - limit / 2
    )
    lost = MatchingRun.objects.create(
        program=program, status=RunStatus.RUNNING, started_at=timezone.now() - limit * 2
    )
    runs = MatchingRun.objects.all()

    claims = [job_claim(runs, run.pk, progress=10) for run in (pending, busy, lost, pending)]

    assert claims == [True, False, True, False]
    assert sorted(runs.filter(progress=10).values_list("pk", flat=True)) == [pending.pk, lost.pk]
    lost.refresh_from_db()
    assert (lost.status, lost.started_at) == (RunStatus.RUNNING, timezone.now())


def test_a_failed_job_keeps_its_error_and_is_never_claimed_again(program: Program) -> None:
    run = MatchingRun.objects.create(program=program)
    runs = MatchingRun.objects.all()
    job_claim(runs, run.pk)

    job_fail(runs, run.pk, RuntimeError("min-cost flow failed"))

    run.refresh_from_db()
    assert (run.status, run.error) == (RunStatus.FAILED, "RuntimeError: min-cost flow failed")
    assert run.finished_at is not None
    assert job_claim(runs, run.pk) is False
