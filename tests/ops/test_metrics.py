"""/metrics: staff or the configured token only; web metrics by view; Celery's from Redis."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import Program, User
from config.metrics import PREFIX, metric_names
from core.health import broker_redis
from matching.models import MatchingRun
from tests.clients import signed_in
from tests.matching.matches_cast import open_request, ready_volunteer
from tests.worker import real_worker, wait_until


@pytest.mark.django_db
def test_an_anonymous_caller_is_refused(client: Client) -> None:
    response = client.get("/metrics")

    assert response.status_code == 403
    assert response.content == b""


def test_a_coordinator_is_refused(coordinator: User) -> None:
    assert signed_in(coordinator).get("/metrics").status_code == 403


def test_staff_read_request_latency_by_view(staff: User) -> None:
    client = signed_in(staff)
    client.get("/api/v1/taxonomy/")

    response = client.get("/metrics")

    assert response.status_code == 200
    text = response.content.decode()
    assert (
        'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="taxonomy"}'
        in text
    )


@pytest.mark.django_db
def test_the_configured_token_reads_the_metrics(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = "a-long-random-token-for-prometheus"

    right = client.get("/metrics", HTTP_AUTHORIZATION="Bearer a-long-random-token-for-prometheus")
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer guessed")

    assert right.status_code == 200
    names = set(metric_names(right.content.decode()))
    assert "django_http_requests_latency_seconds_by_view_method_count" in names
    assert wrong.status_code == 403


@pytest.mark.django_db
def test_without_a_configured_token_no_token_is_accepted(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = ""

    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_matching_run_in_the_worker_is_counted_with_its_solve_time(
    coordinator: User, staff: User, program: Program
) -> None:
    ready_volunteer(program)
    open_request(program)

    with real_worker():
        redis = broker_redis()
        assert redis is not None
        for key in redis.scan_iter(f"{PREFIX}*"):
            redis.delete(key)
        run_id = signed_in(coordinator).post("/api/v1/matching-runs/", {}).json()["id"]
        assert wait_until(lambda: MatchingRun.objects.filter(pk=run_id, status="done").exists())
        assert wait_until(lambda: bool(redis.hgetall(f"{PREFIX}matching_run_solve_seconds")))
        text = signed_in(staff).get("/metrics").content.decode()

    assert (
        'welcome_ambassador_celery_tasks_total{state="succeeded",task="matching.run_execute"} 1.0'
        in text
    )
    assert (
        'welcome_ambassador_celery_task_duration_seconds_count{task="matching.run_execute"} 1.0'
        in text
    )
    assert (
        'welcome_ambassador_matching_run_solve_seconds_count{task="matching.run_execute"} 1.0'
        in text
    )
    assert 'welcome_ambassador_celery_queue_length{queue="celery"} 0.0' in text
