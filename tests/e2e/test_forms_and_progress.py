"""Forms with the keyboard alone, and long work that reports its progress without a reload.

- A newcomer sends the support form in Ukrainian using only the keyboard: every stop shows a
  visible focus ring, an empty send shows the errors, and each error is tied to its field
  (aria-invalid + aria-describedby pointing at the message).
- A matching run and a bulk certificate issue that are still working when the page opens move
  their <progress> bar and end with a summary, while the page stays the same document
  (static/js/progress.js polls /api/v1/matching-runs/{id}/ and /api/v1/certificates/bulk/{id}/).
- The spreadsheet import is synchronous (check, then confirm): its button says it is busy
  and the next page summarises every row (see templates/coordinators/import.html).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import translation
from django.utils.translation import gettext
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from accounts.models import Program, User
from certificates.models import BatchStatus, CertificateBatch
from demo.loading import demo_load
from matching.models import MatchingRun, RunStatus
from tests.e2e.conftest import PHONE, Tab, choose_language, sign_in
from training.models import TrainingSession

pytestmark = pytest.mark.django_db(transaction=True)

COORDINATOR = "koordynator@warszawa.example.org"
NEWCOMER = "andrii.shevchenko@example.org"
FOCUS_RING = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return outline || style.boxShadow !== "none";
}"""
FOCUSED = """() => {
  const element = document.activeElement;
  return [element.tagName.toLowerCase(), element.name || "", element.value || "",
          element.type || "", element.textContent.trim().slice(0, 40)];
}"""


def t(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def tab_to(page: Page, wanted: Callable[[list[str]], bool], limit: int = 120) -> list[str]:
    """Press Tab until `wanted(focused)`; every stop on the way must show where focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert page.evaluate(FOCUS_RING), f"no visible focus on {focused}"
        if wanted(focused):
            return list(focused)
    raise AssertionError("never reached the wanted element with Tab")


def test_a_newcomer_sends_the_form_with_the_keyboard_alone(
    open_tab: Callable[..., Tab],
) -> None:
    with scopes_disabled():
        demo_load()
    tab = open_tab("newcomer", "uk", PHONE)
    sign_in(tab, NEWCOMER)
    tab.go("/newcomers/ask/")
    page = tab.page
    send = t("uk", "Send my request")

    # Sent empty: every error names its field.
    tab_to(page, lambda focused: focused[0] == "button" and focused[4] == send)
    tab.responses.clear()
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    tab.check_page()
    tab.shot("errors")
    # A field, or the fieldset of a group of boxes, points at its message.
    descriptions = page.locator('[aria-invalid="true"]').evaluate_all(
        """fields => fields.map(field => {
          const owner = field.hasAttribute("aria-describedby")
            ? field : field.closest("fieldset[aria-describedby]");
          if (!owner) return [field.name, ""];
          const ids = owner.getAttribute("aria-describedby").split(" ");
          const texts = ids.map(id => document.getElementById(id)?.innerText || "");
          return [field.name, texts.join(" ")];
        })"""
    )
    assert {"needs", "modes"} <= {name for name, _text in descriptions}, descriptions
    assert all(text.strip() for _name, text in descriptions), descriptions
    error_ids = page.locator(".error-message[id]").evaluate_all("lists => lists.map(l => l.id)")
    described = page.locator("[aria-describedby]").evaluate_all(
        "fields => fields.map(f => f.getAttribute('aria-describedby')).join(' ')"
    )
    assert error_ids and all(identifier in described for identifier in error_ids)

    # Filled with the keyboard: Space ticks, typing fills, Enter sends.
    page.locator("body").focus()
    tab_to(page, lambda focused: focused[1] == "needs" and focused[2] == "admin_procedures")
    page.keyboard.press("Space")
    tab_to(page, lambda focused: focused[1] == "modes" and focused[2] == "in_person")
    page.keyboard.press("Space")
    tab_to(page, lambda focused: focused[1] == "city")
    page.keyboard.type("Warszawa")
    tab_to(page, lambda focused: focused[0] == "button" and focused[4] == send)
    tab.responses.clear()
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    tab.check_page()
    expect(page.get_by_role("status")).to_contain_text(
        t("uk", "Thank you! We have your request. A coordinator will look for a volunteer.")
    )


def test_signing_in_works_with_the_keyboard_alone(open_tab: Callable[..., Tab]) -> None:
    with scopes_disabled():
        demo_load()
    tab = open_tab("coordinator", "pl")
    tab.go("/accounts/login/")
    tab_to(tab.page, lambda focused: focused[1] == "login")
    tab.page.keyboard.type(COORDINATOR)
    tab_to(tab.page, lambda focused: focused[1] == "password")
    tab.page.keyboard.type("ambasador-demo-2027")
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.keyboard.press("Enter")
    assert tab.page.url.endswith("/home/")


def test_a_matching_run_shows_live_progress_and_a_summary_without_a_reload(
    open_tab: Callable[..., Tab],
) -> None:
    with scopes_disabled():
        demo_load()
        program = Program.directory.get(slug="warszawa")
        run = MatchingRun.objects.create(
            program=program,
            status=RunStatus.RUNNING,
            stage="solving",
            progress=40,
            started_by=User.objects.get(email=COORDINATOR),
        )
    tab = open_tab("coordinator", "en")
    sign_in(tab, COORDINATOR)
    choose_language(tab, "en")
    tab.go("/coordinators/runs/")
    page = tab.page
    row = page.locator(f'tr[data-progress-url="/api/v1/matching-runs/{run.pk}/"]')
    expect(row.locator("progress")).to_have_attribute("value", "40")
    page.evaluate("window.stillTheSamePage = true")
    tab.shot("running")

    with scopes_disabled():
        MatchingRun.objects.filter(pk=run.pk).update(stage="saving", progress=80)
    expect(row.locator("progress")).to_have_js_property("value", 80, timeout=5_000)
    expect(row.get_by_role("status")).to_have_text("saving")
    with scopes_disabled():
        MatchingRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            stage="done",
            progress=100,
            requests_considered=4,
            volunteers_considered=5,
            proposals=3,
        )

    expect(
        row.get_by_text("Finished: 3 proposals for 4 open requests and 5 volunteers.")
    ).to_be_visible(timeout=5_000)
    expect(row.get_by_role("link", name="Review")).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is True
    tab.shot("done")


def test_a_bulk_certificate_issue_shows_live_progress_and_a_summary_without_a_reload(
    open_tab: Callable[..., Tab],
) -> None:
    with scopes_disabled():
        demo_load()
        session = TrainingSession.objects.filter(program__slug="warszawa").first()
        assert session is not None
        batch = CertificateBatch.objects.create(
            program=session.program,
            session=session,
            status=BatchStatus.RUNNING,
            total=4,
            processed=1,
        )
    tab = open_tab("coordinator", "en")
    sign_in(tab, COORDINATOR)
    choose_language(tab, "en")
    tab.go("/coordinators/certificates/")
    page = tab.page
    item = page.locator(f'li[data-progress-url="/api/v1/certificates/bulk/{batch.pk}/"]')
    expect(item.locator("progress")).to_have_attribute("value", "25")
    expect(page.get_by_role("link", name="Refresh to see the progress")).to_be_hidden()
    page.evaluate("window.stillTheSamePage = true")

    with scopes_disabled():
        CertificateBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.DONE,
            processed=4,
            issued=2,
            already_issued=1,
            skipped=[
                {
                    "volunteer": 0,
                    "full_name": "Michał Kamiński",
                    "reasons": {"training": ["Required training is not complete."]},
                }
            ],
        )

    expect(
        item.get_by_text("Finished: 2 issued, 1 already had one, 1 not yet eligible.")
    ).to_be_visible(timeout=5_000)
    expect(item.get_by_text("Michał Kamiński: Required training is not complete.")).to_be_visible()
    expect(item.locator("progress")).to_have_js_property("value", 100)
    assert page.evaluate("window.stillTheSamePage") is True
    tab.shot("done")
