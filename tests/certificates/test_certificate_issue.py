"""POST /api/v1/certificates/: eligibility of each kind, the contract's answer, idempotency."""

from __future__ import annotations

from collections.abc import Callable

from django.core import mail
from rest_framework.test import APIClient

from accounts.models import Notification, Program, User
from certificates.models import Certificate
from certificates.serials import serial_normalize
from core import clock
from tests.certificates.certificates_cast import (
    complete,
    match_of,
    required_module,
    resident,
    trained,
    trained_resident,
)
from tests.clients import signed_in
from tests.unchanged import nothing_changes

ApiAs = Callable[[User], APIClient]


def test_a_trained_resident_gets_a_training_certificate_with_the_contracts_fields(
    program: Program, coordinator: User, django_capture_on_commit_callbacks
) -> None:
    volunteer = trained_resident(program)

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(coordinator, language="en").post(
            "/api/v1/certificates/", {"volunteer": volunteer.pk, "kind": "training"}
        )

    assert response.status_code == 201, response.json()
    body = response.json()
    certificate = Certificate.objects.get()
    assert body["id"] == certificate.pk
    assert body["kind"] == "training"
    assert body["issued_on"] == certificate.issued_on.isoformat()
    assert serial_normalize(body["serial"]) == certificate.serial
    assert body["verify_url"] == f"http://127.0.0.1:8000/verify/{body['serial']}/"
    assert body["pdf_url"] == f"http://127.0.0.1:8000/api/v1/certificates/{certificate.pk}/pdf/"
    assert body["holder_name"] == "Zażółć Gęślą"
    assert body["issuer_name"] == "Agnieszka Wiśniewska"
    assert [module["titles"]["pl"] for module in body["details"]["modules"]] == [
        "Podstawy pracy z migrantami"
    ]
    assert [message.to for message in mail.outbox] == [[volunteer.user.email]]


def test_training_is_refused_naming_the_missing_modules(
    program: Program, coordinator: User
) -> None:
    basics = required_module(program, "Podstawy")
    required_module(program, "Prawo pobytowe")
    volunteer = resident(program)
    complete(volunteer, basics)

    response = signed_in(coordinator, language="en").post(
        "/api/v1/certificates/", {"volunteer": volunteer.pk, "kind": "training"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "volunteer": ["The required training is not complete: Prawo pobytowe (en)."]
    }
    assert not Certificate.objects.exists()


def test_training_is_refused_when_a_completion_expired(program: Program, coordinator: User) -> None:
    volunteer = trained_resident(program)
    completion = volunteer.completions.get()
    completion.completed_on = completion.completed_on.replace(year=completion.completed_on.year - 3)
    completion.expires_on = completion.completed_on.replace(year=completion.completed_on.year + 2)
    completion.save()

    response = signed_in(coordinator, language="en").post(
        "/api/v1/certificates/", {"volunteer": volunteer.pk, "kind": "training"}
    )

    assert response.status_code == 400
    assert "volunteer" in response.json()
    assert not Certificate.objects.exists()


def test_training_is_refused_while_the_derived_status_says_untrained(
    program: Program, coordinator: User
) -> None:
    volunteer = resident(program)
    complete(volunteer, required_module(program))  # is_trained not derived yet

    client = signed_in(coordinator, language="en")
    with nothing_changes():
        response = client.post(
            "/api/v1/certificates/", {"volunteer": volunteer.pk, "kind": "training"}
        )

    assert response.status_code == 400
    assert response.json() == {"volunteer": ["The volunteer is not trained yet."]}


def test_issuing_the_same_training_certificate_twice_returns_the_first(
    program: Program, coordinator: User
) -> None:
    volunteer = trained_resident(program)
    client = signed_in(coordinator, language="en")
    first = client.post("/api/v1/certificates/", {"volunteer": volunteer.pk, "kind": "training"})

    again = client.post("/api/v1/certificates/", {"volunteer": volunteer.pk, "kind": "training"})

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Certificate.objects.count() == 1
    assert Notification.objects.filter(kind="certificate_issued").count() == 1


def test_a_renewed_training_is_a_new_certificate(program: Program, coordinator: User) -> None:
    module = required_module(program)
    volunteer = trained(resident(program), module)
    client = signed_in(coordinator, language="en")
    first = client.post("/api/v1/certificates/", {"volunteer": volunteer.pk, "kind": "training"})
    complete(volunteer, module, on=clock.today())  # renewed: a newer completion

    renewed = client.post("/api/v1/certificates/", {"volunteer": volunteer.pk, "kind": "training"})

    assert (first.status_code, renewed.status_code) == (201, 201)
    assert Certificate.objects.count() == 2


def test_a_completed_match_gets_one_commitment_certificate(
    program: Program, coordinator: User
) -> None:
    volunteer = resident(program)
    match = match_of(volunteer)
    client = signed_in(coordinator, language="en")

    first = client.post(
        "/api/v1/certificates/",
        {"volunteer": volunteer.pk, "kind": "commitment", "match": match.pk},
    )
    again = client.post(
        "/api/v1/certificates/",
        {"volunteer": volunteer.pk, "kind": "commitment", "match": match.pk},
    )

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["details"] == {
        "started_on": "2026-09-01",
        "ended_on": "2027-03-01",
        "months": 6,
    }
    assert Certificate.objects.get().match == match


def test_a_commitment_is_refused_while_the_match_is_active(
    program: Program, coordinator: User
) -> None:
    volunteer = resident(program)
    match = match_of(volunteer, status="active")

    response = signed_in(coordinator, language="en").post(
        "/api/v1/certificates/",
        {"volunteer": volunteer.pk, "kind": "commitment", "match": match.pk},
    )

    assert response.status_code == 400
    assert response.json() == {
        "match": ["The commitment is not completed yet (the match is Active)."]
    }
    assert not Certificate.objects.exists()


def test_a_commitment_needs_a_match_of_that_volunteer(program: Program, coordinator: User) -> None:
    volunteer = resident(program)
    someone_elses = match_of(resident(program, "Jan Nowak"))
    client = signed_in(coordinator, language="en")

    without = client.post(
        "/api/v1/certificates/", {"volunteer": volunteer.pk, "kind": "commitment"}
    )
    foreign = client.post(
        "/api/v1/certificates/",
        {"volunteer": volunteer.pk, "kind": "commitment", "match": someone_elses.pk},
    )

    assert without.status_code == foreign.status_code == 400
    assert without.json() == {"match": ["Name the completed match this certificate is for."]}
    assert foreign.json() == {"match": ["This match is not the volunteer's."]}
    assert not Certificate.objects.exists()


def test_a_recognition_needs_a_title_and_is_issued_once_per_title(
    program: Program, coordinator: User
) -> None:
    volunteer = resident(program)
    client = signed_in(coordinator, language="en")

    untitled = client.post(
        "/api/v1/certificates/", {"volunteer": volunteer.pk, "kind": "recognition"}
    )
    award = {"volunteer": volunteer.pk, "kind": "recognition", "title": "Ambasador roku 2027"}
    first = client.post("/api/v1/certificates/", award)
    again = client.post("/api/v1/certificates/", {**award, "title": "  ambasador ROKU 2027 "})

    assert untitled.status_code == 400
    assert untitled.json() == {"title": ["Give the title of the award."]}
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["title"] == "Ambasador roku 2027"
    assert Certificate.objects.count() == 1


def test_an_unknown_kind_is_a_400_on_kind(program: Program, coordinator: User) -> None:
    volunteer = resident(program)

    client = signed_in(coordinator, language="en")
    with nothing_changes():
        response = client.post(
            "/api/v1/certificates/", {"volunteer": volunteer.pk, "kind": "diploma"}
        )

    assert response.status_code == 400
    assert list(response.json()) == ["kind"]
