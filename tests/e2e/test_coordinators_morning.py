"""A coordinator's morning in a real browser, in English and in Polish, on the demo:
home → queue → request and candidates → propose → approve (after its confirmation) →
commitments → training attendance (saved) → certificates (one issued, revoking asks first) →
dashboard → the public report. axe-core finds no serious or critical violation on any page
visited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from demo.loading import demo_load
from tests.e2e.conftest import Tab, choose_language, sign_in
from tests.e2e.test_accessibility import BLOCKING, axe_violations
from tests.e2e.test_journey import t

COORDINATOR = "koordynator@warszawa.example.org"
# Trained on the demo, with no certificate yet.
ANNA = "Anna Kowalska (Ambasadorzy Powitania Warszawa)"


@pytest.mark.parametrize("language", ["en", "pl"])
def test_a_coordinators_morning(open_tab: Callable[..., Tab], language: str) -> None:
    with scopes_disabled():
        demo_load()
    axe = Axe()
    blocking: dict[str, list[str]] = {}

    def checked(tab: Tab) -> None:
        found = [text for impact, text in axe_violations(tab, axe) if impact in BLOCKING]
        if found:
            blocking[tab.page.url] = found

    def follow(tab: Tab, link: object) -> None:
        with tab.page.expect_navigation(wait_until="load"):
            link.click()  # type: ignore[attr-defined]
        tab.check_page()
        checked(tab)

    tab = open_tab("coordinator", language)
    sign_in(tab, COORDINATOR)
    choose_language(tab, language)
    page = tab.page

    # The home: what waits, the oldest request first.
    tab.go("/coordinators/")
    checked(tab)
    nav = page.get_by_role("navigation", name=t(language, "Coordinator pages"))
    expect(nav).to_contain_text(t(language, "Pairs at risk"))
    tab.shot("home")

    # The queue, then the oldest request with its candidates.
    follow(tab, nav.get_by_role("link", name=t(language, "Open requests")))
    tab.go("/coordinators/")
    follow(tab, page.locator(".home-request h3 a").first)
    expect(page.locator(".request-summary").first).to_be_visible()
    tab.shot("candidates")

    # Propose the best candidate: the page shows the proposal and no more "Propose".
    propose = page.get_by_role("button", name=t(language, "Propose"), exact=True)
    expect(propose.first).to_be_visible()  # the oldest request has candidates on the demo
    follow(tab, propose.first)
    expect(page.locator(".notice-state")).to_be_visible()
    assert page.get_by_role("button", name=t(language, "Propose"), exact=True).count() == 0
    # Approving asks first, then shows the new state.
    follow(tab, page.locator(".notice-state").get_by_role("link", name=t(language, "Approve")))
    expect(page.get_by_role("heading", level=2, name=t(language, "Who will be told")))
    tab.shot("confirm-approve")
    follow(tab, page.get_by_role("button", name=t(language, "Approve"), exact=True))
    expect(page.locator(".message-success")).to_be_visible()

    # The pairs, at risk first, with what helps before ending.
    follow(tab, nav.get_by_role("link", name=t(language, "Pairs at risk")))
    expect(page.locator("tr.at-risk").first).to_contain_text(t(language, "Plan a check-in"))
    tab.shot("commitments")

    # Training: the session that took place, its attendance, saved.
    follow(tab, nav.get_by_role("link", name=t(language, "Training"), exact=True))
    follow(tab, page.get_by_role("link", name=t(language, "marked"), exact=True).first)
    follow(tab, page.get_by_role("button", name=t(language, "Save attendance")))
    expect(page.locator(".message-success")).to_contain_text(
        t(language, "Attendance is saved; those present completed the module.")
    )

    # Certificates: issue one to a trained resident and see it issued and valid.
    follow(tab, nav.get_by_role("link", name=t(language, "Certificates"), exact=True))
    issue = page.locator("form", has=page.locator("input[name=action][value=issue]"))
    issue.locator("select[name=volunteer]").select_option(label=ANNA)
    issue.locator("select[name=kind]").select_option(value="training")
    follow(tab, issue.get_by_role("button", name=t(language, "Issue"), exact=True))
    expect(page.locator(".message-success")).to_contain_text(
        t(language, "The certificate is issued.")
    )
    issued = page.locator("tbody tr", has_text="Anna Kowalska")
    expect(issued).to_contain_text(t(language, "Completed training"))
    expect(issued).to_contain_text(t(language, "Valid"))
    tab.shot("certificate-issued")

    # Revoking asks first (not confirmed here).
    follow(tab, page.locator("a.button-danger").first)
    expect(page.locator("button.button-danger")).to_be_visible()
    tab.shot("confirm-revoke")

    # The dashboard and the published report.
    follow(tab, nav.get_by_role("link", name=t(language, "Dashboard"), exact=True))
    tab.go(f"/reports/warszawa/{timezone.localdate().year}/")
    checked(tab)
    tab.shot("report")

    assert blocking == {}, blocking
