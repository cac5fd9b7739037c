"""Each coordinator's weekly digest: requests waiting, matches at risk, completions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.test import TestCase

from accounts.models import Membership, Notification, Program, Role, User
from commitments.digest import coordinator_digests_send
from matching.models import Match, MatchHealth
from tests.commitments.sweep_cast import check_in, running_match, sweep
from tests.factories import member
from tests.matching.matches_cast import open_request

pytestmark = pytest.mark.django_db

MONDAY = date(2027, 7, 19)  # ISO week 2027-W29


def digests(as_of: date) -> int:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return coordinator_digests_send(as_of=as_of)


def test_the_digest_counts_requests_lists_matches_at_risk_and_counts_completions(
    program: Program, coordinator: User
) -> None:
    User.objects.filter(pk=coordinator.pk).update(preferred_language="en")
    with time_machine.travel(datetime(2027, 7, 1, 8, 0, tzinfo=UTC)):
        open_request(program, "Ірина Бондар")
    with time_machine.travel(datetime(2027, 7, 14, 8, 0, tzinfo=UTC)):
        open_request(program, "Ольга Мельник")
    quiet = running_match(program, started_on=date(2027, 6, 1), volunteer_name="Piotr Zając")
    Match.objects.filter(pk=quiet.pk).update(health=MatchHealth.AT_RISK)
    finished = running_match(program, started_on=date(2027, 1, 15), newcomer_name="Анна Шевчук")
    for month in range(1, 7):
        check_in(finished, date(2027, month, 20))
    with time_machine.travel(datetime(2027, 7, 16, 4, 0, tzinfo=UTC)):
        sweep(date(2027, 7, 16))  # completes it

    assert digests(MONDAY) == 1

    notification = Notification.objects.get(kind="coordinator_digest")
    assert (notification.user, notification.key) == (
        coordinator,
        f"coordinator-digest:{coordinator.pk}:2027-W29",
    )
    assert notification.subject == "Your week in the programme – 2027-W29"
    body = notification.body
    assert "== Ambasadorzy Powitania Warszawa ==" in body
    assert "2 requests are waiting for a volunteer (1 new in the last seven days)." in body
    assert "1 commitment was completed in the last seven days." in body
    assert "1 match is at risk:" in body
    assert "- Piotr Zając and Олена Ковальчук: no check-in for 48 days" in body
    assert "/coordinators/matches/?health=at_risk" in body
    assert [message.to for message in mail.outbox if "2027-W29" in message.subject] == [
        [coordinator.email]
    ]


def test_the_digest_goes_once_a_week_however_often_it_runs(
    program: Program, coordinator: User
) -> None:
    open_request(program)

    assert digests(MONDAY) == 1
    assert digests(date(2027, 7, 21)) == 0  # Wednesday, same week
    assert digests(date(2027, 7, 26)) == 1  # the next Monday

    assert sorted(Notification.objects.values_list("key", flat=True)) == [
        f"coordinator-digest:{coordinator.pk}:2027-W29",
        f"coordinator-digest:{coordinator.pk}:2027-W30",
    ]


def test_a_coordinator_of_two_programmes_gets_one_digest_with_both(
    program: Program, other_program: Program, coordinator: User, outsider: User
) -> None:
    Membership.objects.create(user=coordinator, program=other_program, role=Role.COORDINATOR)
    open_request(program)
    open_request(other_program)

    assert digests(MONDAY) == 2

    body = Notification.objects.get(user=coordinator).body
    assert "== Ambasadorzy Powitania Warszawa ==" in body
    assert "== Krakowscy Ambasadorzy ==" in body
    outsiders = Notification.objects.get(user=outsider).body
    assert "Warszawa" not in outsiders


def test_a_coordinator_with_nothing_to_report_gets_no_e_mail(
    program: Program, coordinator: User
) -> None:
    assert digests(MONDAY) == 0
    assert mail.outbox == []


def test_the_digest_is_written_in_each_coordinators_language(
    program: Program, coordinator: User
) -> None:
    english = member(program, Role.COORDINATOR, full_name="Jan Smith", preferred_language="en")
    ukrainian = member(program, Role.COORDINATOR, full_name="Ірина Коваль", preferred_language="uk")
    open_request(program)

    digests(MONDAY)

    subjects = {
        user: Notification.objects.get(user=user).subject
        for user in (english, coordinator, ukrainian)
    }
    assert subjects[english] == "Your week in the programme – 2027-W29"
    assert subjects[coordinator] != subjects[english]  # Polish
    assert subjects[ukrainian] not in (subjects[english], subjects[coordinator])
    assert all(subject.endswith("2027-W29") for subject in subjects.values())
