"""The retention sweep: closed business older than the programme's retention loses its
details, keeps its facts, and a second sweep changes nothing."""

from __future__ import annotations

from datetime import date

from django.core.management import call_command

from accounts.models import Notification, Program, User
from commitments.models import CheckIn
from matching.models import Match, MatchDecision
from newcomers.models import NewcomerProfile, SupportRequest
from newcomers.services import claim_email_key
from privacy.retention import retention_sweep
from privacy.tasks import retention_sweep_task
from reports.statistics import program_statistics
from tests.matching.matches_cast import open_request, ready_volunteer
from tests.reports.reports_cast import check_in, match_of, moment

TODAY = date(2027, 6, 1)  # 24 months back: 1 June 2025


def closed_pair(program: Program, *, ended_on: date, name: str = "Олена Ковальчук") -> Match:
    request = open_request(
        program,
        name,
        notes="Problemy zdrowotne",
        newcomer={"contact_phone": "+48 600 100 200", "place_name": "Mokotów"},
    )
    match = match_of(
        request,
        ready_volunteer(program, f"Mentor {name}"),
        status="completed",
        started_on=date(ended_on.year - 1, ended_on.month, 1),
        ends_on=ended_on,
        ended_on=ended_on,
    )
    Match.objects.filter(pk=match.pk).update(reason="Powód", attention_note="Prośba")
    MatchDecision.objects.create(match=match, action="completed", note="Notatka")
    check_in(match, ended_on, 60)
    CheckIn.objects.filter(match=match).update(note="Rozmowa")
    SupportRequest.objects.filter(pk=request.pk).update(
        status="closed", updated_at=moment(ended_on)
    )
    return match


def test_business_closed_longer_than_the_retention_is_anonymised(program: Program) -> None:
    old = closed_pair(program, ended_on=date(2025, 3, 1))

    result = retention_sweep(today=TODAY)

    assert result.as_dict() == {"requests": 1, "matches": 1, "notes": 2, "newcomers": 1}
    old.refresh_from_db()
    assert (old.reason, old.attention_note, old.status) == ("", "", "completed")
    assert SupportRequest.objects.get(pk=old.request_id).notes == ""
    assert CheckIn.objects.get(match=old).note == ""
    assert CheckIn.objects.get(match=old).duration_minutes == 60
    profile = NewcomerProfile.objects.get(pk=old.newcomer_id)
    assert (profile.full_name, profile.contact_phone, profile.lat) == ("", "", None)
    assert (profile.first_language, profile.place_name) == ("uk", "Mokotów")


def test_recent_business_and_open_requests_are_left_alone(program: Program) -> None:
    recent = closed_pair(program, ended_on=date(2025, 9, 1))
    waiting = open_request(program, "Taras", notes="Czeka")

    result = retention_sweep(today=TODAY)

    assert result.as_dict() == {"requests": 0, "matches": 0, "notes": 0, "newcomers": 0}
    assert Match.objects.get(pk=recent.pk).reason == "Powód"
    assert NewcomerProfile.objects.get(pk=recent.newcomer_id).full_name == "Олена Ковальчук"
    assert SupportRequest.objects.get(pk=waiting.pk).notes == "Czeka"


def test_a_newcomer_with_another_open_request_keeps_their_name(program: Program) -> None:
    old = closed_pair(program, ended_on=date(2025, 3, 1))
    SupportRequest.objects.create(
        program=program, newcomer=old.newcomer, needs=["housing"], modes=["in_person"]
    )

    retention_sweep(today=TODAY)

    assert NewcomerProfile.objects.get(pk=old.newcomer_id).full_name == "Олена Ковальчук"
    assert Match.objects.get(pk=old.pk).reason == ""


def test_the_programmes_retention_setting_is_used(program: Program) -> None:
    Program.directory.filter(pk=program.pk).update(retention_months=36)
    old = closed_pair(program, ended_on=date(2025, 3, 1))

    assert retention_sweep(today=TODAY).matches == 0
    assert Match.objects.get(pk=old.pk).reason == "Powód"


def test_a_second_sweep_changes_nothing_and_statistics_stay(program: Program) -> None:
    closed_pair(program, ended_on=date(2025, 3, 1))
    before = program_statistics(program=program, year=2025, today=TODAY).as_dict()

    retention_sweep(today=TODAY)
    second = retention_sweep(today=TODAY)

    assert second.as_dict() == {"requests": 0, "matches": 0, "notes": 0, "newcomers": 0}
    assert program_statistics(program=program, year=2025, today=TODAY).as_dict() == before


def test_the_task_and_the_command_run_the_same_sweep(program: Program, capsys: object) -> None:
    closed_pair(program, ended_on=date(2025, 3, 1))

    assert retention_sweep_task.delay(TODAY.isoformat()).get()["matches"] == 1
    call_command("retention_sweep", "--as-of", TODAY.isoformat())

    assert "matches: 0" in capsys.readouterr().out  # type: ignore[attr-defined]


def test_people_are_not_touched_by_the_sweep(program: Program, newcomer: User) -> None:
    old = closed_pair(program, ended_on=date(2025, 3, 1))
    NewcomerProfile.objects.filter(pk=old.newcomer_id).update(user=newcomer)

    retention_sweep(today=TODAY)

    assert User.objects.get(pk=newcomer.pk).full_name == "Олена Ковальчук"


def test_the_claim_link_e_mail_to_an_anonymised_newcomer_is_deleted(program: Program) -> None:
    old = closed_pair(program, ended_on=date(2025, 3, 1))
    recent = closed_pair(program, ended_on=date(2025, 9, 1), name="Taras")
    for match, address in ((old, "olena@example.org"), (recent, "taras@example.org")):
        NewcomerProfile.objects.filter(pk=match.newcomer_id).update(contact_email=address)
        Notification.objects.create(
            key=claim_email_key(match.newcomer_id),
            address=address,
            kind="newcomer-claim",
            subject="Twoje miejsce",
            body="https://example.org/claim/...",
        )

    retention_sweep(today=TODAY)

    assert list(Notification.objects.values_list("address", flat=True)) == ["taras@example.org"]
