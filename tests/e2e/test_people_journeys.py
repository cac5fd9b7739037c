"""A newcomer's and a resident's journeys as they live them (#18, point 7): in Polish,
Ukrainian and English, on a 360 px phone and a 1280 px computer, following the links of the
e-mails they receive. Each page is checked for what the person reads (their language, their
status, the next step), for axe-core's serious and critical violations, for its weight and
sideways scrolling (conftest.Tab). Screenshots: test-artifacts/e2e/<test>/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from accounts.models import Program, User
from accounts.services import coordinator_create, program_create
from matching.services import match_approve, match_propose
from newcomers.models import SupportRequest
from tests.e2e.conftest import DESKTOP, PASSWORD, PHONE, Tab
from tests.matching.matches_cast import ready_volunteer

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = {"serious", "critical"}
JOURNEYS = [
    pytest.param(language, viewport, id=f"{language}-{viewport['width']}")
    for language in ("pl", "uk", "en")
    for viewport in (PHONE, DESKTOP)
]
AUTONYM = {"pl": "Polski", "uk": "Українська", "en": "English"}


def t(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


@scopes_disabled()
def a_programme() -> tuple[Program, User]:
    program = program_create(
        slug="warszawa", name="Ambasadorzy Powitania Warszawa", city="Warszawa"
    ).program
    program.translations = {
        "uk": {"name": "Амбасадори привітання Варшави", "city": "Варшава"},
        "en": {"name": "Warsaw Welcome Ambassadors", "city": "Warsaw"},
    }
    program.save()
    coordinator = coordinator_create(
        program=program,
        email="koordynator@warszawa.example.org",
        password=PASSWORD,
        full_name="Agnieszka Wiśniewska",
    )
    return program, coordinator


def no_blocking_violations(tab: Tab, axe: Axe) -> None:
    results = axe.run(tab.page).response
    blocking = [
        f"{violation['id']}: {violation['help']}"
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]
    assert blocking == [], (tab.page.url, blocking)


def link_in_last_email(to: str, marker: str) -> str:
    message = [message for message in mail.outbox if message.to == [to]][-1]
    url = next(word for word in message.body.split() if marker in word)
    return urlsplit(url).path


def sign_up(tab: Tab, axe: Axe, language: str, email: str, role_label: str) -> None:
    tab.go("/accounts/signup/")
    no_blocking_violations(tab, axe)
    page = tab.page
    # The page's language is already ticked: the person does not have to find it.
    assert page.get_by_label(AUTONYM[language], exact=True).is_checked()
    page.get_by_label(t(language, role_label)).check()
    page.get_by_label(t(language, "Full name")).fill("Мар'яна Коваль")
    page.locator('input[name="email"]').fill(email)
    page.locator('input[name="password1"]').fill("Dobre-haslo-2027!")
    page.locator('input[name="password2"]').fill("Dobre-haslo-2027!")
    tab.responses.clear()
    with page.expect_navigation(wait_until="load"):
        page.locator("main form button[type=submit]").click()
    tab.check_page()
    welcome = [message for message in mail.outbox if message.to == [email]][-1]
    assert t(language, "Welcome Ambassador") in welcome.from_email
    assert "Мар'яна" in welcome.body  # as typed, not HTML-escaped


def confirm_from_the_email(tab: Tab, email: str) -> None:
    tab.go(link_in_last_email(email, "/confirm-email/"))
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.locator("form[action*='/confirm-email/'] button[type=submit]").click()
    tab.check_page()


@pytest.mark.parametrize(("language", "viewport"), JOURNEYS)
def test_a_newcomer_from_sign_up_to_her_pair_s_page(
    open_tab: Callable[..., Tab], language: str, viewport: dict[str, int]
) -> None:
    program, coordinator = a_programme()
    axe = Axe()
    email = f"maryana.{language}.{viewport['width']}@example.org"
    tab = open_tab("newcomer", language, viewport)

    sign_up(tab, axe, language, email, "get support as a newcomer")
    confirm_from_the_email(tab, email)
    tab.go("/home/")
    assert tab.page.evaluate("document.documentElement.lang") == language
    assert program.in_language("name", language) in tab.page.inner_text("main")
    no_blocking_violations(tab, axe)
    tab.shot("home-before-asking")

    # The ask page: one click from home; a first try without choices shows the error pattern.
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.get_by_role("link", name=t(language, "Ask for support")).first.click()
    tab.check_page()
    tab.page.get_by_label(t(language, "Your city")).fill("Warszawa")
    tab.submit(t(language, "Send my request"))
    assert tab.page.title().startswith(t(language, "Error:"))
    assert tab.page.evaluate("document.activeElement.id") == "error-summary"
    assert t(language, "Choose at least one kind of help.") in tab.page.inner_text("#error-summary")
    no_blocking_violations(tab, axe)
    tab.shot("ask-with-errors")
    tab.page.locator('input[name="needs"]').first.check()
    tab.page.locator('input[name="modes"]').first.check()
    tab.page.locator('select[name="language_1"]').select_option("uk")
    tab.page.locator('select[name="level_1"]').select_option("native")
    assert tab.page.get_by_label(t(language, "Your city")).input_value() == "Warszawa"
    tab.submit(t(language, "Send my request"))
    main = tab.page.inner_text("main")
    assert t(language, "Looking for a volunteer") in main
    no_blocking_violations(tab, axe)
    tab.shot("request-waiting")

    # A coordinator pairs her; the e-mail's link leads to the pair's page.
    with scopes_disabled():
        support_request = SupportRequest.objects.get(newcomer__user__email=email)
        volunteer = ready_volunteer(program, "Anna Kowalska", city="Warszawa")
        match = match_approve(
            match=match_propose(request=support_request, volunteer=volunteer, by=coordinator),
            by=coordinator,
        )
    tab.go(link_in_last_email(email, f"/matches/{match.pk}/"))
    assert "Anna" in tab.page.inner_text("main")
    no_blocking_violations(tab, axe)
    tab.shot("pair-page")
    tab.go("/home/")
    main = tab.page.inner_text("main")
    assert t(language, "You have a volunteer") in main
    assert t(language, "Looking for a volunteer") not in main
    assert tab.page.locator(f'a[href="/matches/{match.pk}/"]').count() >= 1
    tab.shot("home-matched")


@pytest.mark.parametrize(("language", "viewport"), JOURNEYS)
def test_a_resident_sees_where_she_stands_from_sign_up_to_waiting(
    open_tab: Callable[..., Tab], language: str, viewport: dict[str, int]
) -> None:
    a_programme()
    axe = Axe()
    email = f"ewa.{language}.{viewport['width']}@example.org"
    tab = open_tab("resident", language, viewport)

    sign_up(tab, axe, language, email, "help as a welcome ambassador")
    confirm_from_the_email(tab, email)
    tab.go("/home/")
    main = tab.page.inner_text("main")
    for step in ("Your profile", "Training", "Waiting to be matched", "Certificate"):
        assert t(language, step) in main
    assert t(language, "To do") in main
    no_blocking_violations(tab, axe)
    tab.shot("home-new")

    with tab.page.expect_navigation(wait_until="load"):
        tab.page.get_by_role("link", name=t(language, "Your profile")).click()
    tab.check_page()
    no_blocking_violations(tab, axe)
    tab.page.locator('select[name="language_1"]').select_option("pl")
    tab.page.locator('select[name="level_1"]').select_option("native")
    tab.page.locator('input[name="city"]').fill("Warszawa")
    tab.page.locator('input[name="district"]').fill("Praga-Południe")
    tab.page.locator('input[name="postal_code"]').fill("abc")
    tab.page.locator('input[name="interests"]').fill("szachy, rower")
    tab.page.locator("main form button[type=submit]").click()
    tab.page.wait_for_load_state("load")
    tab.check_page()
    assert tab.page.evaluate("document.activeElement.id") == "error-summary"
    # The summary names each missing answer: the postal code and how she can meet.
    summary = tab.page.locator("#error-summary").inner_text()
    assert t(language, "Choose at least one way to meet.") in summary
    tab.page.locator('input[name="modes"][value="in_person"]').check()
    assert tab.page.locator('input[name="district"]').input_value() == "Praga-Południe"
    tab.shot("profile-with-errors")
    tab.page.locator('input[name="postal_code"]').fill("03-902")
    tab.page.locator("main form button[type=submit]").click()
    tab.page.wait_for_load_state("load")
    tab.check_page()
    assert tab.page.locator('input[name="district"]').input_value() == "Praga-Południe"
    assert re.search(
        r"szachy, rower|шахи, велосипед|chess, cycling",
        tab.page.locator('input[name="interests"]').input_value(),
    )
    tab.go("/home/")
    main = tab.page.inner_text("main")
    assert t(language, "Completed") in main  # the profile
    assert t(language, "Cannot start yet") in main  # the certificate
    no_blocking_violations(tab, axe)
    tab.shot("home-profile-done")
