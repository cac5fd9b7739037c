"""`manage.py seed_demo`: a realistic synthetic population for one programme, in bulk."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from accounts.models import Membership, Program, Role, User
from newcomers.models import NewcomerProfile, SupportRequest
from tests.clients import signed_in
from training.models import SafeguardingCheck, TrainingCompletion, TrainingModule
from volunteers.models import VolunteerProfile


def seed(*arguments: str) -> str:
    out = StringIO()
    call_command("seed_demo", *arguments, stdout=out)
    return out.getvalue()


def test_it_seeds_trained_volunteers_and_newcomers_with_one_open_request_each(
    program: Program,
) -> None:
    version_before = program.pool_version

    output = seed("--program", "warszawa", "--volunteers", "50", "--newcomers", "20")

    volunteers = VolunteerProfile.objects.filter(program=program)
    assert volunteers.count() == 50
    assert volunteers.filter(is_trained=True, status="ready", active_matches=0).count() == 50
    assert Membership.objects.filter(program=program, role=Role.VOLUNTEER).count() == 50
    required = TrainingModule.objects.filter(program=program, is_required=True).count()
    assert required == 4
    assert TrainingCompletion.objects.filter(program=program).count() == 50 * required
    cleared = volunteers.exclude(minors_check_valid_until=None).count()
    assert SafeguardingCheck.objects.filter(program=program).count() == 2 * cleared
    newcomers = NewcomerProfile.objects.filter(program=program)
    assert newcomers.count() == 20
    assert set(newcomers.annotate(open=Count("requests")).values_list("open", flat=True)) == {1}
    assert SupportRequest.objects.filter(program=program, status="open").count() == 20
    assert Program.directory.get(pk=program.pk).pool_version > version_before
    assert "50 volunteers, 20 newcomers" in output


def test_people_live_around_the_programmes_city(program: Program) -> None:
    seed("--program", "warszawa", "--volunteers", "50", "--newcomers", "20")

    located = VolunteerProfile.objects.filter(program=program).exclude(lat=None)
    assert located.filter(lat__range=(51.7, 52.8), lon__range=(20.3, 21.8)).count() == (
        located.count()
    )
    assert located.filter(city="Warszawa").exclude(place_name="").count() > 10


def test_a_seeded_programme_has_candidates_for_its_requests(
    coordinator: User, program: Program
) -> None:
    seed("--program", "warszawa", "--volunteers", "200", "--newcomers", "20", "--seed", "3")
    client = signed_in(coordinator)

    answered = [
        client.get(f"/api/v1/requests/{request.pk}/candidates/").json()
        for request in SupportRequest.objects.filter(program=program)
    ]

    assert sum(1 for candidates in answered if candidates) >= 10


def test_the_same_seed_gives_the_same_people(program: Program, other_program: Program) -> None:
    seed("--program", "warszawa", "--volunteers", "30", "--newcomers", "5", "--seed", "7")
    seed("--program", "krakow", "--volunteers", "30", "--newcomers", "5", "--seed", "7")

    def people(of: Program) -> list[tuple[str, object]]:
        return list(
            VolunteerProfile.objects.filter(program=of)
            .order_by("user__email")
            .values_list("user__full_name", "languages")
        )

    assert people(program) == people(other_program)


def test_a_second_run_refuses_unless_asked_to_replace(program: Program) -> None:
    seed("--program", "warszawa", "--volunteers", "10", "--newcomers", "5")

    with pytest.raises(CommandError, match="already has seeded people"):
        seed("--program", "warszawa", "--volunteers", "10", "--newcomers", "5")
    assert VolunteerProfile.objects.filter(program=program).count() == 10

    seed("--program", "warszawa", "--volunteers", "12", "--newcomers", "3", "--replace")
    assert VolunteerProfile.objects.filter(program=program).count() == 12
    assert NewcomerProfile.objects.filter(program=program).count() == 3


def test_it_creates_a_programme_for_a_new_slug_in_the_given_city(db: None) -> None:
    seed("--program", "lublin", "--city", "Lublin", "--volunteers", "5", "--newcomers", "2")

    program = Program.directory.get(slug="lublin")
    assert program.city == "Lublin"
    assert VolunteerProfile.objects.filter(program=program).count() == 5


def test_a_new_slug_without_a_city_is_refused(db: None) -> None:
    with pytest.raises(CommandError, match="give its city"):
        seed("--program", "nowhere", "--volunteers", "5")

    assert not Program.directory.filter(slug="nowhere").exists()
