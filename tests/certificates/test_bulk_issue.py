"""POST /api/v1/certificates/bulk/ {session}: training certificates for everyone present, by a
Celery task, with progress at GET /api/v1/certificates/bulk/{id}/."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import Program, User
from certificates.models import BatchStatus, Certificate, CertificateBatch
from certificates.services import batch_execute
from tests.certificates.certificates_cast import issued, required_module, resident, trained
from tests.clients import signed_in
from training.models import SessionSignup, TrainingSession


def _session_with(program: Program, present: list, absent: list) -> TrainingSession:
    session = TrainingSession.objects.create(
        program=program,
        module=required_module(program),
        starts_at=timezone.now() - timedelta(days=1),
        place="Centrum Wielokulturowe",
        attendance_marked_at=timezone.now(),
    )
    for volunteer in present:
        SessionSignup.objects.create(session=session, volunteer=volunteer, attended=True)
    for volunteer in absent:
        SessionSignup.objects.create(session=session, volunteer=volunteer, attended=False)
    return session


def test_everyone_present_and_trained_gets_a_certificate_the_others_are_listed(
    program: Program, coordinator: User, django_capture_on_commit_callbacks
) -> None:
    ready = [trained(resident(program, name)) for name in ("Anna Kowalska", "Jan Nowak")]
    required_module(program, "Prawo pobytowe")  # nobody has this one yet...
    for volunteer in ready:
        trained(volunteer, required_module(program, "Prawo pobytowe"))  # ...except these two
    missing = resident(program, "Piotr Zieliński")
    absent = trained(resident(program, "Ewa Lis"))
    session = _session_with(program, present=[*ready, missing], absent=[absent])
    client = signed_in(coordinator, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/api/v1/certificates/bulk/", {"session": session.pk})

    assert started.status_code == 202
    assert set(started.json()) >= {"id", "status", "progress"}
    progress = client.get(f"/api/v1/certificates/bulk/{started.json()['id']}/").json()
    assert (progress["status"], progress["progress"]) == ("done", 100)
    assert (progress["total"], progress["processed"], progress["issued"]) == (3, 3, 2)
    assert [row["full_name"] for row in progress["skipped"]] == ["Piotr Zieliński"]
    assert "volunteer" in progress["skipped"][0]["reasons"]
    assert sorted(Certificate.objects.values_list("holder_name", flat=True)) == [
        "Anna Kowalska",
        "Jan Nowak",
    ]


def test_a_second_delivery_of_the_task_does_nothing_and_a_rerun_issues_nothing_twice(
    program: Program, coordinator: User
) -> None:
    volunteer = trained(resident(program))
    first = issued(volunteer, coordinator)
    session = _session_with(program, present=[volunteer], absent=[])
    batch = CertificateBatch.objects.create(
        program=program, session=session, created_by=coordinator
    )

    assert batch_execute(batch_id=batch.pk) is True
    assert batch_execute(batch_id=batch.pk) is False

    batch.refresh_from_db()
    assert (batch.status, batch.issued, batch.already_issued) == (BatchStatus.DONE, 0, 1)
    assert list(Certificate.objects.all()) == [first]


def test_only_the_programmes_coordinators_start_or_watch_a_batch(
    program: Program, coordinator: User, outsider: User
) -> None:
    volunteer = trained(resident(program))
    session = _session_with(program, present=[volunteer], absent=[])
    batch = CertificateBatch.objects.create(
        program=program, session=session, created_by=coordinator
    )

    by_volunteer = signed_in(volunteer.user, language="en").post(
        "/api/v1/certificates/bulk/", {"session": session.pk}
    )
    by_outsider = signed_in(outsider, language="en").post(
        "/api/v1/certificates/bulk/", {"session": session.pk}
    )
    watched = signed_in(outsider, language="en").get(f"/api/v1/certificates/bulk/{batch.pk}/")

    assert by_volunteer.status_code == 403
    assert by_outsider.status_code == 400
    assert list(by_outsider.json()) == ["session"]
    assert watched.status_code == 404
    assert CertificateBatch.objects.count() == 1
