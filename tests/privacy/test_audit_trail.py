"""The audit trail: every coordinator decision and profile change, with who and when;
special-category values never stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from rest_framework.test import APIClient

from accounts.audit import MASKED, audited_update
from accounts.models import Program, User
from certificates.services import certificate_revoke
from newcomers.models import SupportRequest
from newcomers.services import request_cancel
from tests.certificates.certificates_cast import issued, required_module, trained
from tests.clients import signed_in
from tests.factories import TEST_PASSWORD
from tests.matching.matches_cast import active, open_request, proposed, ready_volunteer, today
from training.checks import safeguarding_check_record
from training.models import SafeguardingCheck
from volunteers.models import VolunteerProfile


def entries_of(instance: object) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(instance).order_by("timestamp", "pk"))


def test_a_coordinators_approval_is_logged_with_who_and_what(
    coordinator: User, program: Program
) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    response = signed_in(coordinator).post(f"/api/v1/matches/{match.pk}/approve/", {})

    assert response.status_code == 200
    approval = entries_of(match)[-1]
    assert approval.actor == coordinator
    assert approval.additional_data["event"] == "approved"
    assert approval.additional_data["match"] == match.pk
    assert approval.additional_data["program"] == program.pk
    assert approval.changes["status"] == ["proposed", "active"]
    assert approval.changes["started_on"] == [None, today().isoformat()]


def test_a_rejection_is_logged_and_its_reason_masked(coordinator: User, program: Program) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    signed_in(coordinator).post(
        f"/api/v1/matches/{match.pk}/reject/", {"reason": "Lives with a violent partner"}
    )

    rejection = entries_of(match)[-1]
    assert rejection.additional_data["event"] == "rejected"
    assert rejection.actor == coordinator
    assert rejection.changes["status"] == ["proposed", "rejected"]
    assert rejection.changes["reason"] == [MASKED, MASKED]
    assert not LogEntry.objects.filter(changes__icontains="violent").exists()


def test_ending_a_match_is_logged(coordinator: User, program: Program) -> None:
    match = active(open_request(program), ready_volunteer(program), coordinator)

    signed_in(coordinator).post(
        f"/api/v1/matches/{match.pk}/end/", {"end_reason": "moved_away", "reason": ""}
    )

    ending = entries_of(match)[-1]
    assert (ending.additional_data["event"], ending.actor) == ("ended", coordinator)
    assert ending.changes["status"] == ["active", "ended"]
    assert ending.changes["end_reason"] == ["", "moved_away"]  # blank before it ended
    assert ending.changes["ended_on"][0] is None


def test_a_do_not_pair_exclusion_is_logged(coordinator: User, program: Program) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    signed_in(coordinator).post(f"/api/v1/matches/{match.pk}/do-not-pair/", {"reason": "Conflict"})

    exclusion = LogEntry.objects.get(content_type__model="pairexclusion")
    assert exclusion.action == LogEntry.Action.CREATE
    assert exclusion.actor == coordinator
    assert exclusion.changes["reason"] == [MASKED, MASKED]
    assert exclusion.additional_data["volunteer"] == match.volunteer_id


def test_a_volunteers_own_profile_change_is_logged_as_theirs(
    volunteer: User, program: Program
) -> None:
    profile = VolunteerProfile.objects.create(user=volunteer, program=program)

    signed_in(volunteer).patch("/api/v1/volunteers/me/", {"bio": "Emerytowana nauczycielka"})

    change = entries_of(profile)[-1]
    assert change.action == LogEntry.Action.UPDATE
    assert change.actor == volunteer
    assert change.changes["bio"] == ["", "Emerytowana nauczycielka"]


def test_an_api_token_callers_change_is_logged_as_theirs(
    api: APIClient, volunteer: User, program: Program
) -> None:
    profile = VolunteerProfile.objects.create(user=volunteer, program=program)
    token = api.post(
        "/api/v1/auth/token/", {"email": volunteer.email, "password": TEST_PASSWORD}
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    api.patch("/api/v1/volunteers/me/", {"capacity": 2})

    assert entries_of(profile)[-1].actor == volunteer


def test_request_notes_and_children_are_recorded_as_changed_without_values(
    coordinator: User, program: Program
) -> None:
    request = open_request(program, notes="Depresja po przyjeździe")
    request.notes = "Leczenie onkologiczne"
    request.involves_minors = True
    request.save()

    change = entries_of(request)[-1]
    assert change.changes["notes"] == [MASKED, MASKED]
    assert change.changes["involves_minors"] == [MASKED, MASKED]
    assert not LogEntry.objects.filter(changes__icontains="onkolog").exists()
    assert not LogEntry.objects.filter(changes__icontains="Depresja").exists()


def test_a_cancelled_request_is_logged(newcomer: User, program: Program) -> None:
    request = open_request(program)

    assert request_cancel(support_request=request)

    assert entries_of(request)[-1].additional_data["event"] == "cancelled"
    assert SupportRequest.objects.get(pk=request.pk).status == "cancelled"


def test_a_safeguarding_check_is_logged_without_its_details(
    coordinator: User, program: Program
) -> None:
    volunteer = ready_volunteer(program)

    check = safeguarding_check_record(
        volunteer=volunteer,
        kind="criminal_record",
        checked_on=today() - timedelta(days=3),
        by=coordinator,
    )

    created = entries_of(check)[0]
    assert created.action == LogEntry.Action.CREATE
    assert created.changes["kind"] == [MASKED, MASKED]
    assert created.changes["checked_on"] == [MASKED, MASKED]
    assert created.additional_data["volunteer"] == volunteer.pk
    assert SafeguardingCheck.objects.count() == 1


def test_recorded_training_and_issued_and_revoked_certificates_are_logged(
    coordinator: User, program: Program
) -> None:
    volunteer = trained(ready_volunteer(program), required_module(program))
    certificate = issued(volunteer, coordinator)

    certificate_revoke(certificate=certificate, reason="Issued by mistake", by=coordinator)

    completions = LogEntry.objects.filter(
        content_type__model="trainingcompletion", additional_data__volunteer=volunteer.pk
    )
    assert completions.count() == 1
    created, revoked = entries_of(certificate)
    assert created.action == LogEntry.Action.CREATE
    assert created.changes["issued_by"] == ["None", str(coordinator.pk)]
    assert revoked.additional_data["event"] == "revoked"
    assert revoked.actor == coordinator
    assert revoked.changes["revocation_reason"] == [MASKED, MASKED]


def test_a_set_based_change_leaves_one_entry_per_row_it_changed(
    coordinator: User, program: Program
) -> None:
    requests = [open_request(program) for _ in range(3)]
    SupportRequest.objects.filter(pk=requests[2].pk).update(status="cancelled")

    changed = audited_update(
        SupportRequest.objects.filter(program=program, status="open"),
        event="closed",
        actor=coordinator,
        status="closed",
    )

    entries = LogEntry.objects.filter(additional_data__event="closed").order_by("object_id")
    assert changed == 2
    assert [entry.object_id for entry in entries] == [requests[0].pk, requests[1].pk]
    assert {entry.actor for entry in entries} == {coordinator}
    assert [entry.changes["status"] for entry in entries] == [["open", "closed"]] * 2


def test_an_update_of_an_audited_field_outside_the_one_path_fails_the_suite(
    program: Program,
) -> None:
    request = open_request(program)

    # The update as the platform's own code would run it: from a module outside tests/.
    platform_code = compile(
        'SupportRequest.objects.filter(pk=pk).update(status="closed")', "/platform/x.py", "exec"
    )

    with pytest.raises(AssertionError, match=r"SupportRequest\.status changed without an audit"):
        exec(platform_code, {"SupportRequest": SupportRequest, "pk": request.pk})  # noqa: S102
    assert SupportRequest.objects.get(pk=request.pk).status == "open"
