"""The daily commitment sweep, rule by rule, with exact dates (default thresholds: a reminder
after 21 quiet days, at risk after 35; a six-month commitment tolerating one month without a
check-in)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from accounts.models import Notification, NotificationStatus, Program, Role, User
from commitments.sweep import SweepResult
from matching.models import Match, MatchDecision, MatchHealth
from newcomers.models import SupportRequest
from tests.commitments.sweep_cast import (
    check_in,
    inbox,
    keys,
    running_match,
    sweep,
)
from tests.factories import member
from volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db


def quiet_outcome(result: SweepResult) -> tuple[int, int]:
    return result.reminded, result.at_risk


def people(match: Match) -> tuple[User, User]:
    assert match.newcomer.user is not None
    return match.volunteer.user, match.newcomer.user


# Reminders ----------------------------------------------------------------------------------


def test_a_match_quiet_for_20_days_is_left_alone(program: Program) -> None:
    running_match(program, started_on=date(2027, 3, 1))

    result = sweep(date(2027, 3, 21))

    assert result == SweepResult()
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_on_the_21st_quiet_day_both_people_get_one_reminder(program: Program) -> None:
    match = running_match(program, started_on=date(2027, 3, 1))
    volunteer, newcomer = people(match)

    result = sweep(date(2027, 3, 22))

    assert (result.reminded, result.at_risk, result.notifications) == (1, 0, 2)
    match.refresh_from_db()
    assert match.health == MatchHealth.REMINDED
    assert keys("match_reminder") == sorted(
        [
            f"match-reminder:{match.pk}:{volunteer.pk}:2027-03-01",
            f"match-reminder:{match.pk}:{newcomer.pk}:2027-03-01",
        ]
    )
    assert sorted(address for address, _subject in inbox()) == sorted(
        [volunteer.email, newcomer.email]
    )
    assert not Notification.objects.exclude(status=NotificationStatus.SENT).exists()


def test_the_reminder_names_the_partner_and_the_day_in_the_recipients_language(
    program: Program,
) -> None:
    match = running_match(program, started_on=date(2027, 3, 1))
    volunteer, newcomer = people(match)

    sweep(date(2027, 3, 22))

    to_volunteer = Notification.objects.get(user=volunteer, kind="match_reminder")
    to_newcomer = Notification.objects.get(user=newcomer, kind="match_reminder")
    # The pair know each other by first name only.
    assert "Олена" in to_volunteer.subject and "Ковальчук" not in to_volunteer.subject
    assert "Anna" in to_newcomer.subject and "Kowalska" not in to_newcomer.subject
    assert "1 marca 2027" in to_volunteer.body  # Polish
    assert "1 березня 2027" in to_newcomer.body  # Ukrainian
    assert "21" in to_volunteer.body


def test_a_newcomer_without_an_account_is_not_written_to(program: Program) -> None:
    match = running_match(program, started_on=date(2027, 3, 1), newcomer_has_account=False)

    sweep(date(2027, 3, 22))

    assert keys("match_reminder") == [
        f"match-reminder:{match.pk}:{match.volunteer.user_id}:2027-03-01"
    ]


def test_a_check_in_starts_a_new_quiet_period_with_a_reminder_of_its_own(
    program: Program,
) -> None:
    match = running_match(program, started_on=date(2027, 3, 1))
    sweep(date(2027, 3, 22))
    check_in(match, date(2027, 3, 25))

    assert quiet_outcome(sweep(date(2027, 4, 14))) == (0, 0)  # 20 days

    result = sweep(date(2027, 4, 15))  # 21 days since 25 March
    assert result.reminded == 1
    volunteer = match.volunteer.user
    assert f"match-reminder:{match.pk}:{volunteer.pk}:2027-03-25" in keys("match_reminder")
    assert len(keys("match_reminder")) == 4


# At risk ------------------------------------------------------------------------------------


def test_on_the_35th_quiet_day_it_is_at_risk_and_every_coordinator_is_told(
    program: Program, coordinator: User, other_program: Program, outsider: User
) -> None:
    second = member(program, Role.COORDINATOR, full_name="Marek Nowak")
    match = running_match(program, started_on=date(2027, 3, 1))
    sweep(date(2027, 3, 22))

    assert quiet_outcome(sweep(date(2027, 4, 4))) == (0, 0)  # 34 days

    mail.outbox.clear()
    result = sweep(date(2027, 4, 5))
    assert (result.reminded, result.at_risk) == (0, 1)
    match.refresh_from_db()
    assert match.health == MatchHealth.AT_RISK
    assert keys("match_at_risk") == sorted(
        [
            f"match-at-risk:{match.pk}:{coordinator.pk}:2027-03-01",
            f"match-at-risk:{match.pk}:{second.pk}:2027-03-01",
        ]
    )
    assert sorted(address for address, _subject in inbox()) == sorted(
        [coordinator.email, second.email]
    )
    body = Notification.objects.get(user=coordinator, kind="match_at_risk").body
    assert "Anna Kowalska" in body and "Олена Ковальчук" in body and "35" in body
    assert quiet_outcome(sweep(date(2027, 4, 20))) == (0, 0)


def test_a_match_first_seen_past_both_thresholds_gets_the_reminder_and_the_flag(
    program: Program, coordinator: User
) -> None:
    match = running_match(program, started_on=date(2027, 3, 1))

    result = sweep(date(2027, 4, 10))

    assert (result.reminded, result.at_risk) == (1, 1)
    assert (len(keys("match_reminder")), len(keys("match_at_risk"))) == (2, 1)
    match.refresh_from_db()
    assert match.health == MatchHealth.AT_RISK


def test_the_programmes_own_thresholds_are_honoured(program: Program, coordinator: User) -> None:
    program.reminder_after_days, program.at_risk_after_days = 7, 10
    program.save()
    match = running_match(program, started_on=date(2027, 3, 1))

    assert quiet_outcome(sweep(date(2027, 3, 7))) == (0, 0)
    assert quiet_outcome(sweep(date(2027, 3, 8))) == (1, 0)
    assert quiet_outcome(sweep(date(2027, 3, 10))) == (0, 0)
    assert quiet_outcome(sweep(date(2027, 3, 11))) == (0, 1)
    match.refresh_from_db()
    assert match.health == MatchHealth.AT_RISK


def test_only_active_matches_are_reminded(program: Program) -> None:
    match = running_match(program, started_on=date(2027, 3, 1))
    Match.objects.filter(pk=match.pk).update(status="ended")

    assert sweep(date(2027, 4, 10)) == SweepResult()


# Completion ---------------------------------------------------------------------------------


def test_a_commitment_with_one_month_missed_is_completed_the_day_after_it_ends(
    program: Program,
) -> None:
    match = running_match(program, started_on=date(2027, 1, 15))  # ends 15 July
    volunteer, newcomer = people(match)
    # Months from the 15th: none between 15 March and 14 April (tolerated).
    for day in [date(2027, 1, 20), date(2027, 2, 16), date(2027, 4, 15), date(2027, 5, 30),
                date(2027, 6, 20), date(2027, 7, 14)]:  # fmt: skip
        check_in(match, day)

    assert sweep(date(2027, 7, 15)).completed == 0  # the end day

    mail.outbox.clear()
    result = sweep(date(2027, 7, 16))
    assert (result.completed, result.commitment_unmet, result.notifications) == (1, 0, 2)
    match.refresh_from_db()
    assert (match.status, match.ended_on, match.decided_by) == (
        "completed",
        date(2027, 7, 15),
        None,
    )
    assert list(MatchDecision.objects.filter(match=match).values_list("action", "by")) == [
        ("completed", None)
    ]
    profile = VolunteerProfile.objects.get(pk=match.volunteer_id)
    assert (profile.active_matches, profile.status) == (0, "ready")
    assert SupportRequest.objects.get(pk=match.request_id).status == "closed"
    assert keys("match_completed") == sorted(
        [f"match-completed:{match.pk}:{volunteer.pk}", f"match-completed:{match.pk}:{newcomer.pk}"]
    )
    assert sorted(address for address, _subject in inbox()) == sorted(
        [volunteer.email, newcomer.email]
    )
    assert sweep(date(2027, 7, 17)) == SweepResult()


def test_completing_frees_one_place_per_match_of_a_volunteer_with_two(
    program: Program,
) -> None:
    first = running_match(program, started_on=date(2027, 1, 15))
    second = running_match(program, started_on=date(2027, 1, 15), newcomer_name="Ірина Бондар")
    VolunteerProfile.objects.filter(pk=first.volunteer_id).update(active_matches=2, capacity=2)
    Match.objects.filter(pk=second.pk).update(volunteer=first.volunteer_id)
    for match in (first, second):
        for month in range(1, 7):
            check_in(match, date(2027, month, 20))

    assert sweep(date(2027, 7, 16)).completed == 2

    profile = VolunteerProfile.objects.get(pk=first.volunteer_id)
    assert (profile.active_matches, profile.status) == (0, "ready")


def test_a_commitment_with_two_months_missed_stays_active_for_the_coordinator(
    program: Program,
) -> None:
    match = running_match(program, started_on=date(2027, 1, 15))
    # Nothing between 15 March and 14 May: two months.
    for day in [date(2027, 1, 20), date(2027, 2, 16), date(2027, 5, 30), date(2027, 6, 20),
                date(2027, 7, 14)]:  # fmt: skip
        check_in(match, day)

    result = sweep(date(2027, 7, 16))

    assert (result.completed, result.commitment_unmet, result.notifications) == (0, 1, 0)
    match.refresh_from_db()
    assert (match.status, match.attention) == ("active", "commitment_unmet")
    assert match.attention_at is not None
    assert VolunteerProfile.objects.get(pk=match.volunteer_id).active_matches == 1
    assert mail.outbox == []
    assert sweep(date(2027, 7, 17)) == SweepResult()


def test_a_start_on_the_31st_of_august_ends_on_the_28th_of_february(program: Program) -> None:
    program.tolerated_gap_months = 0
    program.save()
    match = running_match(program, started_on=date(2026, 8, 31))
    assert match.commitment_ends_on == date(2027, 2, 28)
    # Months: 31 Aug, 30 Sep, 31 Oct, 30 Nov, 31 Dec, 31 Jan; 30 September opens the second.
    for day in [date(2026, 9, 29), date(2026, 9, 30), date(2026, 11, 29), date(2026, 11, 30),
                date(2027, 1, 30), date(2027, 2, 27)]:  # fmt: skip
        check_in(match, day)

    assert sweep(date(2027, 2, 28)).completed == 0
    assert sweep(date(2027, 3, 1)).completed == 1


def test_a_check_in_on_the_end_day_is_outside_the_commitment(program: Program) -> None:
    program.tolerated_gap_months = 0
    program.save()
    match = running_match(program, started_on=date(2026, 8, 31))
    for day in [date(2026, 9, 29), date(2026, 9, 30), date(2026, 11, 29), date(2026, 11, 30),
                date(2027, 1, 30), date(2027, 2, 28)]:  # fmt: skip
        check_in(match, day)

    result = sweep(date(2027, 3, 1))

    assert (result.completed, result.commitment_unmet) == (0, 1)


def test_months_of_different_lengths_from_the_31st_of_january(program: Program) -> None:
    program.tolerated_gap_months = 0
    program.save()
    match = running_match(program, started_on=date(2027, 1, 31))  # ends 31 July
    # 28 Feb, 31 Mar, 30 Apr, 31 May and 30 Jun each open a month; 27 Feb closes the first.
    for day in [date(2027, 2, 27), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30),
                date(2027, 5, 31), date(2027, 6, 30)]:  # fmt: skip
        check_in(match, day)

    assert sweep(date(2027, 8, 1)).completed == 1


# Surveys ------------------------------------------------------------------------------------


def test_the_first_survey_goes_to_both_people_on_day_30_and_the_second_on_day_90(
    program: Program,
) -> None:
    match = running_match(program, started_on=date(2027, 3, 1))
    volunteer, newcomer = people(match)
    check_in(match, date(2027, 3, 30))  # no reminders in the way

    assert sweep(date(2027, 3, 30)).surveys == 0  # day 29
    result = sweep(date(2027, 3, 31))  # day 30
    assert (result.surveys, result.notifications) == (1, 2)
    assert keys("match_survey") == sorted(
        [f"match-survey:{match.pk}:{volunteer.pk}:1", f"match-survey:{match.pk}:{newcomer.pk}:1"]
    )
    body = Notification.objects.get(user=newcomer, kind="match_survey").body
    assert "http" in body and "Anna" in body and "Kowalska" not in body
    assert sweep(date(2027, 4, 1)).surveys == 0

    check_in(match, date(2027, 5, 20))
    assert sweep(date(2027, 5, 29)).surveys == 0  # day 89
    assert sweep(date(2027, 5, 30)).surveys == 1  # day 90
    assert f"match-survey:{match.pk}:{newcomer.pk}:2" in keys("match_survey")


def test_a_survey_missed_on_its_day_goes_out_the_next_day(program: Program) -> None:
    match = running_match(program, started_on=date(2027, 3, 1))
    check_in(match, date(2027, 3, 30))

    assert sweep(date(2027, 4, 1)).surveys == 1  # day 31

    assert f"match-survey:{match.pk}:{match.volunteer.user_id}:1" in keys("match_survey")


# Idempotency --------------------------------------------------------------------------------


def test_a_second_sweep_of_the_same_day_changes_and_sends_nothing(
    program: Program, coordinator: User
) -> None:
    quiet = running_match(program, started_on=date(2027, 2, 1))
    ending = running_match(program, started_on=date(2026, 9, 9), newcomer_name="Ірина Бондар")
    for month in [(2026, 9), (2026, 10), (2026, 11), (2026, 12), (2027, 1), (2027, 2)]:
        check_in(ending, date(*month, 20))
    surveyed = running_match(program, started_on=date(2027, 2, 8), newcomer_name="Ольга Мельник")
    check_in(surveyed, date(2027, 3, 9))
    first = sweep(date(2027, 3, 10))
    assert (first.reminded, first.at_risk, first.completed, first.surveys) == (1, 1, 1, 2)
    stored, sent = Notification.objects.count(), len(mail.outbox)
    assert (stored, sent) == (2 + 1 + 2 + 4, 9)
    assert Match.objects.get(pk=quiet.pk).health == MatchHealth.AT_RISK

    assert sweep(date(2027, 3, 10)) == SweepResult()
    assert (Notification.objects.count(), len(mail.outbox)) == (stored, sent)
