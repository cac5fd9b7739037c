"""GET/POST /api/v1/training/modules/: coordinators define a programme's modules."""

from __future__ import annotations

from collections.abc import Callable

from rest_framework.test import APIClient

from accounts.models import Program, User
from tests.clients import signed_in
from tests.training.training_cast import mentor, module
from tests.unchanged import nothing_changes
from training.models import TrainingModule
from volunteers.models import VolunteerStatus

SignIn = Callable[[User], APIClient]
MODULES = "/api/v1/training/modules/"


def test_a_coordinator_adds_a_translated_module(program: Program, coordinator: User) -> None:
    body = {
        "title": "Granice i bezpieczeństwo",
        "description": "Granice relacji mentorskiej.",
        "translations": {"uk": {"title": "Межі та безпека"}, "en": {"title": "Boundaries"}},
        "required": True,
        "validity_months": 12,
        "delivery": "online",
    }

    response = signed_in(coordinator).post(MODULES, body, HTTP_ACCEPT_LANGUAGE="uk")

    assert response.status_code == 201, response.json()
    assert response.json()["program"] == "warszawa"
    assert response.json()["localized"]["title"] == "Межі та безпека"
    assert TrainingModule.objects.get().validity_months == 12


def test_invalid_module_fields_are_named(program: Program, coordinator: User) -> None:
    response = signed_in(coordinator).post(
        MODULES,
        {"title": "", "validity_months": 0, "delivery": "by_pigeon", "translations": {"de": {}}},
    )

    assert response.status_code == 400
    assert set(response.json()) == {"title", "validity_months", "delivery", "translations"}
    assert not TrainingModule.objects.exists()


def test_a_duplicate_title_is_a_400_on_title(program: Program, coordinator: User) -> None:
    module(program, "Podstawy")

    client = signed_in(coordinator)
    with nothing_changes():
        response = client.post(MODULES, {"title": "Podstawy"})

    assert response.status_code == 400
    assert list(response.json()) == ["title"]


def test_a_volunteer_reads_modules_but_cannot_add_them(
    program: Program, other_program: Program, volunteer: User
) -> None:
    ours = module(program)
    module(other_program, "Kraków")
    client = signed_in(volunteer)

    listed = client.get(MODULES)
    created = client.post(MODULES, {"title": "Mój moduł"})

    assert [row["id"] for row in listed.json()["results"]] == [ours.pk]
    assert created.status_code == 403
    assert TrainingModule.objects.count() == 2


def test_another_programmes_coordinator_cannot_see_or_change_a_module(
    program: Program, outsider: User
) -> None:
    ours = module(program)
    client = signed_in(outsider)

    assert client.get(f"{MODULES}{ours.pk}/").status_code == 404
    assert client.patch(f"{MODULES}{ours.pk}/", {"required": False}).status_code == 404
    ours.refresh_from_db()
    assert ours.is_required


def test_making_a_module_optional_over_the_api_re_derives_status(
    program: Program, coordinator: User
) -> None:
    extra = module(program, "Dodatkowy")
    anna = mentor(program)

    response = signed_in(coordinator).patch(f"{MODULES}{extra.pk}/", {"required": False})

    assert response.status_code == 200
    anna.refresh_from_db()
    assert (anna.is_trained, anna.status) == (True, VolunteerStatus.READY)


def test_the_typical_modules_are_offered_once(program: Program, coordinator: User) -> None:
    client = signed_in(coordinator)

    first = client.post(f"{MODULES}defaults/", {})
    second = client.post(f"{MODULES}defaults/", {})

    assert [row["localized"]["title"] for row in first.json()] == [
        "Podstawy Ambasadora Powitania",
        "Komunikacja międzykulturowa",
        "Urzędy i procedury: jak prowadzić, a nie decydować",
        "Granice i bezpieczeństwo",
    ]
    assert second.json() == []
    english = client.get(MODULES, HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    assert english[2]["localized"]["title"] == "Offices and procedures: how to guide, not decide"
