"""The demo tells the whole story: after `load_demo`, every coordinator page has something to
show (requests waiting and paused, a proposal, pairs at risk, certificates issued and revoked,
sessions past and future, training and checks lapsing, a safeguarding lead, figures and a
published report), in both programmes."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import User
from demo.loading import demo_load
from demo.story import STORY_RESIDENTS
from volunteers.models import AgreementStatus, VolunteerAgreement

pytestmark = pytest.mark.django_db

# What each page must show on the demo, in English.
SHOWN = {
    "/coordinators/": ["Waiting longest", "41 days", 'class="at-risk"'],
    "/coordinators/requests/": ["Potrzebuję numeru PESEL", "Olena Kovalchuk"],
    "/coordinators/requests/?status=paused": ["Paused on", "Nataliia Shevchuk"],
    "/coordinators/matches/?status=proposed": ["Approve…", "Reject…"],
    "/coordinators/matches/?status=completed": ["Completed"],
    "/coordinators/commitments/": ['class="at-risk"', "Plan a check-in"],
    "/coordinators/certificates/": ["Revoked on", "Revoke…"],
    "/coordinators/training/sessions/": ["Biblioteka Publiczna", "Centrum Wielokulturowe"],
    "/coordinators/volunteers/": ["Ewa Zając"],
    "/coordinators/dashboard/": ["Published on"],
    # A resident's yearly module and both checks lapse within 30 days; the count says so.
    "/coordinators/training/lapses/": [
        "Marek Wróbel",
        "Criminal record certificate (KRK)",
        "Register of sexual offenders",
        '<span class="count count-waiting">3</span>',
    ],
    # The coordinator is the programme's safeguarding lead: the concerns are hers to read.
    "/coordinators/concerns/": ["Open cases first, newest first"],
}


@pytest.mark.parametrize("slug", ["warszawa", "krakow"])
def test_every_coordinator_page_has_something_to_show_on_the_demo(slug: str) -> None:
    with scopes_disabled():
        demo_load()
    coordinator = User.objects.get(email=f"koordynator@{slug}.example.org")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(coordinator)

    for address, expected in SHOWN.items():
        if slug == "krakow":  # Kraków's own people
            expected = [
                text.replace("Olena Kovalchuk", "Iryna Bondarenko")
                .replace("Ewa Zając", "Adam Mazur")
                .replace("Marek Wróbel", "Ola Pawlak")
                .replace("Nataliia Shevchuk", "Oleh Moroz")
                for text in expected
            ]
        page = client.get(address).content.decode()
        for text in expected:
            assert text in page, (address, text)

    # The story residents, in pairs, signed their agreements; the first-run ones have not yet.
    with scopes_disabled():
        signed = VolunteerAgreement.objects.filter(
            program__slug=slug, status=AgreementStatus.SIGNED
        ).values_list("volunteer__user__email", flat=True)
        assert sorted(signed) == sorted(person[0] for person in STORY_RESIDENTS[slug])

    year = timezone.localdate().year
    assert Client().get(f"/reports/{slug}/{year}/").status_code == 200
    ambassadors = Client().get(f"/programs/{slug}/ambassadors/").content.decode()
    assert ("Ewa" if slug == "warszawa" else "Adam") in ambassadors


def test_loading_the_demo_twice_changes_nothing() -> None:
    with scopes_disabled():
        demo_load()
        from matching.models import Match

        before = Match.objects.count()
        demo_load()
        assert Match.objects.count() == before


def test_make_run_prints_every_account_a_newcomer_to_the_project_may_sign_in_with() -> None:
    """The story's residents too: theirs are the pages of pairs, papers and certificates."""
    printed = StringIO()
    call_command("load_demo", stdout=printed)

    lines = printed.getvalue().splitlines()
    for residents in STORY_RESIDENTS.values():
        for email, *_rest in residents:
            assert any(email in line and "volunteer" in line for line in lines), email
    assert Client().login(email="ewa.zajac@example.org", password="ambasador-demo-2027")
