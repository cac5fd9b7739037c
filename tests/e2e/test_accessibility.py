"""The pages every accessibility check visits (`pages_of`, on the demo with a year of work) and
axe-core as the other browser tests run it. Every page in Polish, Ukrainian and English passes
axe-core (no serious or critical violation, WCAG 2.1 AA contrast included) in
test_phones_first.py, in the same visit as its 320 px checks; every visit checks that nothing
scrolls sideways and nothing weighs more than 150 KB before `load` (conftest.Tab.go). Here:
the language can be switched on every page and is remembered.

The demo data (`manage.py load_demo`) plus one match with a meeting, a certificate, a consent
and a published report give every page something to show. Axe reports: test-artifacts/e2e/.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_scopes import scopes_disabled

from accounts.models import Program, User
from certificates.models import Certificate
from certificates.serials import serial_display
from certificates.services import certificate_issue, recognition_consent_set
from commitments.checkins import check_in_log
from core import clock
from demo.loading import demo_load
from matching.models import Match
from matching.services import match_propose_and_approve
from newcomers.models import SupportRequest
from newcomers.services import claim_token
from reports.services import report_publish
from tests.e2e.conftest import PHONE, Tab, sign_in
from training.models import TrainingModule, TrainingSession
from volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db(transaction=True)

COORDINATOR = "koordynator@warszawa.example.org"
VOLUNTEER = "piotr.nowak@example.org"
NEWCOMER = "andrii.shevchenko@example.org"
BLOCKING = ("serious", "critical")


@dataclass(frozen=True)
class Demo:
    match: Match
    request: SupportRequest
    volunteer: VolunteerProfile
    module: TrainingModule
    session: TrainingSession
    certificate: Certificate
    claim: str
    year: int


@scopes_disabled()
def the_demo_with_a_year_of_work() -> Demo:
    demo_load()
    program = Program.directory.get(slug="warszawa")
    coordinator = User.objects.get(email=COORDINATOR)
    piotr = VolunteerProfile.objects.get(user__email=VOLUNTEER)
    anna = VolunteerProfile.objects.get(user__email="anna.kowalska@example.org")
    request = SupportRequest.objects.get(newcomer__user__email=NEWCOMER)
    match = match_propose_and_approve(
        request=request,
        volunteer=piotr,
        by=coordinator,
        started_on=clock.today() - timedelta(days=20),
    )
    check_in_log(
        match=match,
        by=piotr.user,
        data={
            "date": clock.today() - timedelta(days=3),
            "duration_minutes": 60,
            "mode": "in_person",
            "topics": ["job_search"],
            "note": "CV i ogłoszenia",
            "satisfaction": 5,
        },
    )
    certificate, _created = certificate_issue(volunteer=anna, kind="training", by=coordinator)
    recognition_consent_set(volunteer=anna, is_given=True)
    year = clock.today().year
    report_publish(program=program, year=year, by=coordinator)
    unclaimed = request.newcomer.__class__.objects.filter(user__isnull=True).first()
    return Demo(
        match=match,
        request=SupportRequest.objects.filter(program=program, status="open").first() or request,
        volunteer=piotr,
        module=TrainingModule.objects.filter(program=program).first(),  # type: ignore[arg-type]
        session=TrainingSession.objects.filter(program=program).first(),  # type: ignore[arg-type]
        certificate=certificate,
        claim=claim_token(unclaimed) if unclaimed else "",
        year=year,
    )


def pages_of(demo: Demo) -> dict[str, list[str]]:
    """Every page, by who can open it."""
    serial = serial_display(demo.certificate.serial)
    public = [
        "/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        f"/verify/{serial}/",
        "/verify/AAAAAAA-BBBBBBB-CCCCCCC/",
        "/programs/warszawa/ambassadors/",
        f"/reports/warszawa/{demo.year}/",
    ]
    if demo.claim:
        public.append(f"/claim/{demo.claim}/")
    return {
        "anonymous": public,
        VOLUNTEER: [
            "/home/",
            "/residents/profile/",
            "/residents/training/",
            "/residents/certificates/",
            "/matches/",
            f"/matches/{demo.match.pk}/",
        ],
        NEWCOMER: ["/home/", "/newcomers/ask/", "/newcomers/requests/", "/matches/"],
        COORDINATOR: [
            "/home/",
            "/coordinators/intake/",
            "/coordinators/requests/",
            f"/coordinators/requests/{demo.request.pk}/candidates/",
            "/coordinators/volunteers/",
            f"/coordinators/volunteers/{demo.volunteer.pk}/training/",
            "/coordinators/matches/",
            "/coordinators/runs/",
            "/coordinators/commitments/",
            f"/coordinators/matches/{demo.match.pk}/end/",
            "/coordinators/training/",
            f"/coordinators/training/modules/{demo.module.pk}/",
            "/coordinators/training/sessions/",
            f"/coordinators/training/sessions/{demo.session.pk}/",
            "/coordinators/training/lapses/",
            "/coordinators/certificates/",
            "/coordinators/dashboard/",
            "/coordinators/import/",
        ],
    }


def axe_violations(tab: Tab, axe: Axe) -> list[tuple[str, str]]:
    """(impact, description) of every violation axe-core finds on the page now shown."""
    results = axe.run(tab.page).response
    assert len(results["passes"]) > 10, "axe-core did not run its rules"
    return [(violation["impact"], described(violation)) for violation in results["violations"]]


def described(violation: dict[str, Any]) -> str:
    """An axe-core violation in a line: its rule, impact, help and the first places."""
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at " + "; ".join(
        " ".join(node["target"]) for node in violation["nodes"][:5]
    )


def test_the_language_can_be_switched_on_every_page_and_is_remembered(
    open_tab: Callable[..., Tab],
) -> None:
    demo = the_demo_with_a_year_of_work()
    tab = open_tab("coordinator", "pl", PHONE)
    sign_in(tab, COORDINATOR)
    for path in pages_of(demo)[COORDINATOR][:4]:
        tab.go(path)
        with tab.page.expect_navigation(wait_until="load"):
            tab.page.get_by_role("button", name="Українська").click()
        assert tab.page.evaluate("document.documentElement.lang") == "uk"
        assert tab.page.url.endswith(path)
        with tab.page.expect_navigation(wait_until="load"):
            tab.page.get_by_role("button", name="Polski").click()
        assert tab.page.evaluate("document.documentElement.lang") == "pl"
