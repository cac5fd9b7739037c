"""A volunteer's `trained` flag and status are derived from completions, never typed in."""

from __future__ import annotations

from datetime import timedelta

from accounts.models import Program, User
from core import clock
from tests.training.training_cast import days_ago, mentor, module
from training import services as training
from training.services import CompletionEntry, completions_record, training_status_refresh
from volunteers.models import VolunteerProfile, VolunteerStatus


def _complete(volunteer: VolunteerProfile, *modules: object, on: object, by: User) -> None:
    completions_record(
        entries=[CompletionEntry(volunteer.pk, m, on) for m in modules],  # type: ignore[arg-type]
        by=by,
    )
    volunteer.refresh_from_db()


def test_a_volunteer_with_every_required_module_is_trained_and_ready(
    program: Program, coordinator: User
) -> None:
    basics, boundaries = module(program, "Podstawy"), module(program, "Granice")
    anna = mentor(program)

    _complete(anna, basics, on=days_ago(3), by=coordinator)
    assert (anna.is_trained, anna.status) == (False, VolunteerStatus.REGISTERED)

    _complete(anna, boundaries, on=days_ago(1), by=coordinator)
    assert (anna.is_trained, anna.status) == (True, VolunteerStatus.READY)


def test_optional_and_retired_modules_do_not_count(program: Program, coordinator: User) -> None:
    basics = module(program, "Podstawy")
    module(program, "Język migowy", required=False)
    retired = module(program, "Stary moduł")
    retired.is_active = False
    retired.save()
    anna = mentor(program)

    _complete(anna, basics, on=days_ago(1), by=coordinator)

    assert (anna.is_trained, anna.status) == (True, VolunteerStatus.READY)


def test_an_expired_required_completion_moves_the_volunteer_back_to_registered(
    program: Program, coordinator: User
) -> None:
    safeguarding = module(program, "Granice", validity_months=12)
    anna = mentor(program)
    completed_on = days_ago(360)
    _complete(anna, safeguarding, on=completed_on, by=coordinator)
    assert anna.is_trained

    training_status_refresh(
        volunteers=VolunteerProfile.objects.filter(pk=anna.pk),
        today=clock.today() + timedelta(days=10),
    )

    anna.refresh_from_db()
    assert (anna.is_trained, anna.status) == (False, VolunteerStatus.REGISTERED)
    assert anna.completions.get().expires_on == completed_on.replace(year=completed_on.year + 1)


def test_a_new_required_module_untrains_everyone_until_they_complete_it(
    program: Program, other_program: Program, coordinator: User
) -> None:
    basics = module(program, "Podstawy")
    anna, piotr = mentor(program), mentor(program, "Piotr Nowak")
    mentor(other_program, "Ewa Kraków")
    _complete(anna, basics, on=days_ago(5), by=coordinator)
    _complete(piotr, basics, on=days_ago(5), by=coordinator)
    krakow_version = Program.directory.get(pk=other_program.pk).pool_version

    training.module_create(program=program, data={"title": "Urzędy", "is_required": True})

    statuses = dict(VolunteerProfile.objects.values_list("user__full_name", "status"))
    assert statuses == {
        "Anna Kowalska": VolunteerStatus.REGISTERED,
        "Piotr Nowak": VolunteerStatus.REGISTERED,
        "Ewa Kraków": VolunteerStatus.REGISTERED,
    }
    assert not VolunteerProfile.objects.filter(is_trained=True).exists()
    # Another programme's pool is untouched.
    assert Program.directory.get(pk=other_program.pk).pool_version == krakow_version


def test_making_a_module_optional_trains_those_who_lacked_only_it(
    program: Program, coordinator: User
) -> None:
    basics, languages = module(program, "Podstawy"), module(program, "Języki")
    anna = mentor(program)
    _complete(anna, basics, on=days_ago(2), by=coordinator)
    assert not anna.is_trained

    training.module_update(module=languages, data={"is_required": False})

    anna.refresh_from_db()
    assert (anna.is_trained, anna.status) == (True, VolunteerStatus.READY)


def test_a_mentoring_or_paused_volunteer_keeps_their_status_when_training_lapses(
    program: Program, coordinator: User
) -> None:
    basics = module(program, "Podstawy", validity_months=1)
    mentoring = mentor(program, active_matches=1, status=VolunteerStatus.ACTIVE)
    paused = mentor(program, "Piotr Nowak", status=VolunteerStatus.PAUSED)
    for volunteer in (mentoring, paused):
        _complete(volunteer, basics, on=days_ago(40), by=coordinator)

    training_status_refresh(volunteers=VolunteerProfile.objects.all())

    mentoring.refresh_from_db()
    paused.refresh_from_db()
    assert (mentoring.is_trained, mentoring.status) == (False, VolunteerStatus.ACTIVE)
    assert (paused.is_trained, paused.status) == (False, VolunteerStatus.PAUSED)


def test_training_changes_make_the_matching_pool_stale(program: Program, coordinator: User) -> None:
    basics = module(program, "Podstawy")
    anna = mentor(program)
    before = Program.directory.get(pk=program.pk).pool_version

    _complete(anna, basics, on=days_ago(1), by=coordinator)

    assert Program.directory.get(pk=program.pk).pool_version > before


def test_a_status_that_follows_alone_makes_the_pool_stale_too(program: Program) -> None:
    anna = mentor(program, is_trained=True, status=VolunteerStatus.READY)  # nothing required
    # A status that disagrees with training and matches, as an edit in the admin leaves it.
    VolunteerProfile.objects.filter(pk=anna.pk).update(status=VolunteerStatus.REGISTERED)
    before = Program.directory.get(pk=program.pk).pool_version

    training_status_refresh(volunteers=VolunteerProfile.objects.filter(pk=anna.pk))

    anna.refresh_from_db()
    assert (anna.is_trained, anna.status) == (True, VolunteerStatus.READY)
    assert Program.directory.get(pk=program.pk).pool_version == before + 1
