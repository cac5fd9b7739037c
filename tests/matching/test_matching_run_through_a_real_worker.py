"""A matching run started over the API crosses Redis and runs in a real Celery worker."""

from __future__ import annotations

import pytest

from accounts.models import Program, User
from matching.models import Match, MatchingRun
from matching.snapshot import snapshot_clear
from tests.clients import signed_in
from tests.matching.matches_cast import open_request, ready_volunteer
from tests.worker import real_worker, wait_until


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_matching_run_is_executed_by_the_worker(coordinator: User, program: Program) -> None:
    snapshot_clear()
    volunteer = ready_volunteer(program)
    request = open_request(program)
    client = signed_in(coordinator)

    with real_worker():
        response = client.post("/api/v1/matching-runs/", {}, format="json")
        assert response.status_code == 202
        run_id = response.json()["id"]

        assert wait_until(
            lambda: MatchingRun.objects.filter(pk=run_id, status="done").exists(), seconds=60
        )

    body = client.get(f"/api/v1/matching-runs/{run_id}/").json()
    assert (body["status"], body["proposals"], body["progress"]) == ("done", 1, 100)
    match = Match.objects.get(run_id=run_id)
    assert (match.request, match.volunteer, match.status) == (request, volunteer, "proposed")
