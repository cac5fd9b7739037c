"""Phones first (#18, point 5): every page of every role, in Polish, Ukrainian and English,
on a 320 px screen (the narrowest phone WCAG 1.4.10 reflows to):

- no id appears twice (a label or an error link would point at the wrong field);
- nothing scrolls sideways;
- every visible target (a, button, input, select, textarea, summary, [role=button]) is at
  least 24 x 24 CSS px, or meets one of WCAG 2.2's 2.5.8 exceptions this test can decide:
  *inline*, a link laid out inside a line of other text (its size is set by the text's
  line height), or *spacing*, a 24 px circle on its centre touches no other target and no
  other small target's circle;
- every primary action (`.button`, a submit button that is not drawn as a link) is at least
  44 px high, so a thumb finds it;
- participants' pages (newcomers', residents' and public pages) load only the scripts they
  use: js/error-summary.js where an error summary is shown, js/progress.js where something
  reports progress, the chart library only beside a chart; no inline script.

The ask page has its own budget: it once was 4,600 px tall on a phone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from django.utils.translation import gettext

from tests.e2e.conftest import PHONE, Tab, sign_in
from tests.e2e.test_accessibility import (
    COORDINATOR,
    NEWCOMER,
    VOLUNTEER,
    Demo,
    pages_of,
    the_demo_with_a_year_of_work,
)

pytestmark = pytest.mark.django_db(transaction=True)

NARROWEST = {"width": 320, "height": 640}
PRIMARY_MIN_PX = 44
TARGET_MIN_PX = 24
# The ask page in Ukrainian (its longest words) on a 360 px phone: at most about four
# screens, with everything that is required shown and the optional parts folded away.
ASK_PAGE_BUDGET_PX = 2_600

# Every check that needs the laid-out page, in one pass. Returns plain data; the test
# decides and words the failures. A target is "visible" when it has a box on screen (a
# folded <details> or [hidden] gives none; the skip link sits off screen until focused,
# and is then large enough).
LAYOUT = r"""
() => {
  const TARGETS = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]";
  const describe = (el) => {
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ");
    const id = el.id ? "#" + el.id : "";
    const name = el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : "";
    const value = el.type === "checkbox" || el.type === "radio" ? `[value=${el.value}]` : "";
    const href = el.getAttribute("href") ? ` href=${el.getAttribute("href")}` : "";
    const cls = el.classList.length ? "." + [...el.classList].join(".") : "";
    return `<${el.tagName.toLowerCase()}${id}${cls}${name}${value}${href}> "${text.slice(0, 40)}"`;
  };
  const ids = {};
  for (const el of document.querySelectorAll("[id]")) ids[el.id] = (ids[el.id] || 0) + 1;
  const duplicates = Object.entries(ids).filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n} times)`);

  const isBlock = (el) => !["inline", "contents"].includes(getComputedStyle(el).display);
  // Inline exception: the link is laid out inline, and a word of other text (not in a
  // target, not in a nested block) sits on one of its lines. A link alone on its line
  // (after a <br>, in a list item of its own) is not in a sentence.
  const inSentence = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block && !isBlock(block)) block = block.parentElement;
    if (!block) return false;
    const lines = [...el.getClientRects()];
    const sameLine = (a, b) => Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > Math.min(a.height, b.height) / 2;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!/\p{L}{2,}/u.test(node.textContent)) continue;
      let parent = node.parentElement, inFlow = true;
      while (parent && parent !== block) {
        if (parent.matches(TARGETS) || isBlock(parent)) { inFlow = false; break; }
        parent = parent.parentElement;
      }
      if (!inFlow) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      if ([...range.getClientRects()].some((word) => lines.some((line) => sameLine(word, line)))) return true;
    }
    return false;
  };
  const width = document.documentElement.clientWidth;
  const targets = [];
  for (const el of document.querySelectorAll(TARGETS)) {
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || el.closest("[hidden], [aria-hidden=true]")) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right <= 0 || box.left >= width) continue;  // off screen until focused
    // A radio or box inside its own <label>: the label is the target the finger hits.
    const label = (el.type === "checkbox" || el.type === "radio") && el.closest("label");
    const hit = label ? label.getBoundingClientRect() : box;
    targets.push({
      el, what: describe(el), x: hit.left, y: hit.top + window.scrollY, w: hit.width, h: hit.height,
      primary: el.matches(".button, button[type=submit]:not(.link-button), input[type=submit]"),
      inline: inSentence(el),
    });
  }
  const small = targets.filter((t) => (t.w < 24 || t.h < 24) && !t.inline);
  const centre = (t) => [t.x + t.w / 2, t.y + t.h / 2];
  const touchesBox = ([cx, cy], t) => {
    const dx = Math.max(t.x - cx, 0, cx - (t.x + t.w));
    const dy = Math.max(t.y - cy, 0, cy - (t.y + t.h));
    return dx * dx + dy * dy < 12 * 12;
  };
  const undersized = [], exempt = [];
  for (const t of small) {
    const c = centre(t);
    const crowded = targets.find((other) => other !== t && !other.el.contains(t.el) && !t.el.contains(other.el) && (
      small.includes(other)
        ? Math.hypot(c[0] - centre(other)[0], c[1] - centre(other)[1]) < 24
        : touchesBox(c, other)));
    if (crowded) undersized.push(`${t.what} is ${Math.round(t.w)}x${Math.round(t.h)} px, next to ${crowded.what}`);
    else exempt.push(`${t.what} ${Math.round(t.w)}x${Math.round(t.h)} px, spaced`);
  }
  for (const t of targets) {
    if (t.inline && (t.w < 24 || t.h < 24)) exempt.push(`${t.what} ${Math.round(t.w)}x${Math.round(t.h)} px, in a sentence`);
  }
  const lowPrimary = targets.filter((t) => t.primary && t.h < 44)
    .map((t) => `${t.what} is ${Math.round(t.h)} px high`);
  // Data for a script (json_script, type application/json) is not a script.
  const scripts = [...document.scripts].filter((s) => !s.type || /javascript|module/.test(s.type))
    .map((s) => s.src ? new URL(s.src).pathname : "inline: " + s.textContent.trim().slice(0, 60));
  return {
    duplicates, undersized, exempt, lowPrimary, scripts,
    scrollWidth: document.documentElement.scrollWidth, width,
    uses: {
      errorSummary: !!document.querySelector("[data-error-summary]"),
      progress: !!document.querySelector("[data-progress-url], [data-busy-label]"),
      chart: !!document.querySelector("canvas"),
    },
  };
}
"""

# The scripts a page runs (data for scripts, application/json, is not one).
SCRIPTS = """[...document.scripts].filter(s => !s.type || /javascript|module/.test(s.type))
  .map(s => s.src ? new URL(s.src).pathname : "inline")"""


def t(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def more_pages_of(demo: Demo) -> dict[str, list[str]]:
    """The accessibility test's pages, and the ones a person reaches from them (the footer,
    their data, the pair's sub-pages)."""
    pages = pages_of(demo)
    footer = ["/accessibility/", "/privacy-notice/", "/contact/", "/safeguarding/"]
    pages["anonymous"] = pages["anonymous"] + footer
    pages[VOLUNTEER] = pages[VOLUNTEER] + [
        "/my-data/",
        "/residents/agreement/",
        f"/matches/{demo.match.pk}/concern/",
    ]
    pages[NEWCOMER] = pages[NEWCOMER] + [
        f"/matches/{demo.match.pk}/",
        "/my-data/",
    ]
    pages[COORDINATOR] = pages[COORDINATOR] + [
        "/coordinators/opinions/",
        f"/coordinators/volunteers/{demo.volunteer.pk}/agreement/",
    ]
    return pages


PARTICIPANTS = ("anonymous", VOLUNTEER, NEWCOMER)


# axe-core's own 2.5.8 rule, off by default (it is WCAG 2.2), as a second opinion.
TARGET_SIZE = {"runOnly": {"type": "rule", "values": ["target-size"]}}


def findings_on(tab: Tab, who: str, exempt: dict[str, list[str]]) -> list[str]:
    """What breaks the rules on the page now shown; `exempt` collects the small targets
    that an exception allows, for a person to review (the artefact)."""
    layout: dict[str, Any] = tab.page.evaluate(LAYOUT)
    axe = Axe().run(tab.page, options=TARGET_SIZE).response
    checked = {rule["id"] for rule in axe["passes"] + axe["violations"]}
    assert checked == {"target-size"}, f"axe-core did not check target sizes: {checked}"
    if layout["exempt"]:
        exempt[f"{who} {tab.page.url.split('/', 3)[-1]}"] = layout["exempt"]
    found = [f"id used twice: {duplicate}" for duplicate in layout["duplicates"]]
    if layout["scrollWidth"] > layout["width"]:
        found.append(f"scrolls sideways: {layout['scrollWidth']} px wide at {layout['width']} px")
    found += [f"tap target under 24x24: {text}" for text in layout["undersized"]]
    found += [f"primary action under 44 px: {text}" for text in layout["lowPrimary"]]
    found += [
        f"axe-core target-size: {' '.join(node['target'])}: {node['failureSummary']}"
        for violation in axe["violations"]
        for node in violation["nodes"]
    ]
    uses = layout["uses"]
    needed = {
        "/static/js/error-summary.js": uses["errorSummary"],
        "/static/js/progress.js": uses["progress"],
        "/static/vendor/chartjs/chart.umd.min.js": uses["chart"],
        "/static/reports/charts.js": uses["chart"],
    }
    for script in layout["scripts"]:
        if who in PARTICIPANTS and script.startswith("inline: "):
            found.append(f"inline script on a participant's page: {script}")
        elif not needed.get(script.split("?")[0], False) and not script.startswith("inline: "):
            found.append(f"loads {script} and does not use it")
    return found


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_every_page_fits_a_320_px_phone_with_targets_a_finger_can_hit(
    open_tab: Callable[..., Tab], artefacts: Path, language: str
) -> None:
    demo = the_demo_with_a_year_of_work()
    found: dict[str, list[str]] = {}
    scripts: dict[str, list[str]] = {}
    exempt: dict[str, list[str]] = {}
    for who, paths in more_pages_of(demo).items():
        tab = open_tab(who.split("@")[0], language, NARROWEST)
        if who != "anonymous":
            sign_in(tab, who)
            tab.page.context.add_cookies(
                [{"name": "django_language", "value": language, "url": tab.base_url}]
            )
        for path in paths:
            tab.go(path, expect_status=(404,) if "AAAAAAA" in path else (200,))
            assert tab.page.evaluate("document.documentElement.lang") == language, path
            if problems := findings_on(tab, who, exempt):
                found[f"{who} {path}"] = problems
            scripts[f"{who} {path}"] = tab.page.evaluate(SCRIPTS)
        if who == NEWCOMER:
            # The ask page sent empty: the error summary, its script, the messages' ids.
            tab.go("/newcomers/ask/")
            tab.submit(t(language, "Send my request"))
            assert tab.page.locator("[data-error-summary]").count() == 1
            if problems := findings_on(tab, who, exempt):
                found[f"{who} /newcomers/ask/ with errors"] = problems
            scripts[f"{who} /newcomers/ask/ with errors"] = tab.page.evaluate(SCRIPTS)
    (artefacts / f"phones-first-{language}.json").write_text(
        json.dumps({"findings": found, "scripts": scripts, "exempt": exempt}, indent=2, ensure_ascii=False)
    )
    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)
    # Scripts where they are used, and nowhere else.
    assert scripts[f"{NEWCOMER} /newcomers/ask/ with errors"] == ["/static/js/error-summary.js"]
    report = f"anonymous /reports/warszawa/{demo.year}/"
    assert "/static/vendor/chartjs/chart.umd.min.js" in scripts[report]
    for page, loaded in scripts.items():
        if page.split()[0] in PARTICIPANTS and "errors" not in page and page != report:
            assert loaded == [], f"{page} loads {loaded}"


def test_the_ask_page_is_short_on_a_phone_in_ukrainian(
    open_tab: Callable[..., Tab],
) -> None:
    the_demo_with_a_year_of_work()
    tab = open_tab("newcomer", "uk", PHONE)
    sign_in(tab, NEWCOMER)
    tab.page.context.add_cookies([{"name": "django_language", "value": "uk", "url": tab.base_url}])
    tab.go("/newcomers/ask/")
    height = tab.page.evaluate("document.documentElement.scrollHeight")
    tab.shot(f"ask-{height}px")
    assert height <= ASK_PAGE_BUDGET_PX, f"the ask page is {height} px tall at 360 px"
