"""GET /api/v1/volunteers/{id}/training/ and the safeguarding checks a coordinator records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from rest_framework.test import APIClient

from accounts.models import Program, User
from core import clock
from tests.clients import signed_in
from tests.training.training_cast import days_ago, mentor, module, session
from training.models import SafeguardingCheck, TrainingCompletion

SignIn = Callable[[User], APIClient]


def test_the_training_record_lists_completions_with_expiry_and_what_is_missing(
    program: Program, coordinator: User
) -> None:
    basics = module(program, "Podstawy")
    boundaries = module(program, "Granice", validity_months=12)
    module(program, "Opcjonalny", required=False)
    anna = mentor(program)
    TrainingCompletion.objects.create(
        program=program, volunteer=anna, module=boundaries, completed_on=days_ago(400),
        expires_on=days_ago(35),
    )  # fmt: skip
    upcoming = session(basics)

    response = signed_in(coordinator).get(f"/api/v1/volunteers/{anna.pk}/training/")

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    assert body["results"][0]["expires_on"] == str(days_ago(35))
    assert body["results"][0]["is_expired"] is True
    assert [row["title"] for row in body["missing"]] == ["Podstawy", "Granice"]
    assert body["trained"] is False
    assert [row["id"] for row in body["next_sessions"]] == [upcoming.pk]


def test_a_volunteer_reads_their_own_training(program: Program, volunteer: User) -> None:
    module(program, "Podstawy")

    response = signed_in(volunteer).get("/api/v1/volunteers/me/training/")

    assert response.status_code == 200
    assert [row["title"] for row in response.json()["missing"]] == ["Podstawy"]


def test_other_people_cannot_read_a_volunteers_training(
    program: Program, volunteer: User, newcomer: User, outsider: User
) -> None:
    anna = mentor(program, "Anna Druga")
    url = f"/api/v1/volunteers/{anna.pk}/training/"

    assert signed_in(volunteer).get(url).status_code == 403
    assert signed_in(newcomer).get(url).status_code == 403
    assert signed_in(outsider).get(url).status_code == 404


def test_both_checks_clear_a_volunteer_for_work_with_minors(
    program: Program, coordinator: User
) -> None:
    anna = mentor(program)
    url = f"/api/v1/volunteers/{anna.pk}/safeguarding-checks/"
    client = signed_in(coordinator)

    krk = client.post(
        url,
        {
            "kind": "criminal_record",
            "checked_on": str(days_ago(10)),
            "expires_on": str(days_ago(-200)),
        },
    )
    anna.refresh_from_db()
    assert krk.status_code == 201, krk.json()
    assert anna.minors_check_valid_until is None

    register = client.post(url, {"kind": "offender_register", "checked_on": str(days_ago(5))})

    assert register.status_code == 201
    assert register.json()["expires_on"] == str(days_ago(5).replace(year=days_ago(5).year + 1))
    assert register.json()["verified_by"] == "Agnieszka Wiśniewska"
    anna.refresh_from_db()
    assert anna.minors_check_valid_until == days_ago(-200)
    record = client.get(f"/api/v1/volunteers/{anna.pk}/training/").json()
    assert record["safeguarding"]["cleared_for_minors"] is True


def test_a_check_cannot_be_in_the_future_or_expire_before_it_was_seen(
    program: Program, coordinator: User
) -> None:
    anna = mentor(program)
    url = f"/api/v1/volunteers/{anna.pk}/safeguarding-checks/"
    tomorrow = clock.today() + timedelta(days=1)
    client = signed_in(coordinator)

    future = client.post(url, {"kind": "criminal_record", "checked_on": str(tomorrow)})
    backwards = client.post(
        url,
        {"kind": "criminal_record", "checked_on": str(days_ago(5)), "expires_on": str(days_ago(6))},
    )
    unknown = client.post(url, {"kind": "horoscope", "checked_on": str(days_ago(5))})

    assert (future.status_code, list(future.json())) == (400, ["checked_on"])
    assert (backwards.status_code, list(backwards.json())) == (400, ["expires_on"])
    assert (unknown.status_code, list(unknown.json())) == (400, ["kind"])
    assert not SafeguardingCheck.objects.exists()


def test_only_the_programmes_coordinator_records_checks(
    program: Program, volunteer: User, outsider: User
) -> None:
    anna = mentor(program, "Anna Druga")
    url = f"/api/v1/volunteers/{anna.pk}/safeguarding-checks/"
    body = {"kind": "criminal_record", "checked_on": str(days_ago(1))}

    assert signed_in(volunteer).post(url, body).status_code == 403
    assert signed_in(outsider).post(url, body).status_code == 404
    assert not SafeguardingCheck.objects.exists()
