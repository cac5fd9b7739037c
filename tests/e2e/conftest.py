"""Browser tests: Playwright drives Debian's `chromium` against pytest-django's live server.

No browser is downloaded: Playwright launches /usr/bin/chromium (or CHROMIUM_PATH). Without
it these tests are skipped, unless REQUIRE_BROWSER_TESTS is set (CI), where they fail.

Playwright's sync API keeps an asyncio loop running in the test thread while the browser is
open, and Django refuses ORM calls from a thread with a running loop; the browser fixture
allows them (DJANGO_ALLOW_ASYNC_UNSAFE) for as long as it lives, which is this package only.
The live server is a separate thread in this process, so tests write rows and the pages see
them at once (a transactional database: nothing is rolled back under the server's feet).

Screenshots, page weights and axe reports land in test-artifacts/e2e/ (E2E_ARTEFACTS).
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Browser, BrowserContext, Page, Response, sync_playwright

from tests.requirements import unavailable

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTEFACTS = Path(
    os.environ.get("E2E_ARTEFACTS", django_settings.BASE_DIR / "test-artifacts" / "e2e")
)
PASSWORD = "ambasador-demo-2027"
# A page is usable after `load`; this is what it may cost on a slow mobile link.
MAX_TRANSFER_BYTES = 150 * 1024
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# Static files are served pre-compressed in production (whitenoise's
# CompressedManifestStaticFilesStorage); the test server sends them plain, so they count at
# their gzip size. Pages themselves count as sent (no compression middleware).
COMPRESSED_TYPES = ("text/css", "javascript", "image/svg", "application/json")


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        unavailable(
            f"the browser journeys drive Debian's chromium and there is no browser at "
            f"{CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)",
            required_by="REQUIRE_BROWSER_TESTS",
        )
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    arguments = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=arguments)
        yield launched
        launched.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site_url(live_server: Any, settings: Any) -> str:
    """The live server's address, also as SITE_URL: certificates' QR codes point at it."""
    settings.SITE_URL = live_server.url
    return str(live_server.url)


@dataclass
class Visit:
    path: str
    language: str
    viewport_width: int
    transfer_bytes: int
    scroll_width: int


@dataclass
class Tab:
    """One browser tab of one person, with the checks every page of a journey gets."""

    page: Page
    base_url: str
    shots: Path
    name: str
    visits: list[Visit] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    # Shared by a test's tabs, so the screenshots sort in the order of the story.
    steps: list[int] = field(default_factory=lambda: [0])

    def __post_init__(self) -> None:
        self.page.on("response", self.record)

    def record(self, response: Response) -> None:
        self.responses.append(response)

    def go(self, path: str, expect_status: tuple[int, ...] = (200,)) -> None:
        self.responses.clear()
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None and response.status in expect_status, (path, response)
        self.check_page()

    def check_page(self) -> None:
        """Weight until `load` and horizontal overflow of the page now shown."""
        self.page.wait_for_load_state("load")
        transfer = sum(_transfer_size(response) for response in list(self.responses))
        width = self.page.viewport_size["width"] if self.page.viewport_size else 0
        scroll_width = self.page.evaluate("document.documentElement.scrollWidth")
        language = self.page.evaluate("document.documentElement.lang")
        path = re.sub(r"^https?://[^/]+", "", self.page.url)
        self.visits.append(Visit(path, language, width, transfer, scroll_width))
        assert transfer < MAX_TRANSFER_BYTES, f"{path} needs {transfer} bytes before load"
        assert scroll_width <= width, f"{path} scrolls sideways at {width}px ({scroll_width}px)"
        self.responses.clear()

    def submit(self, button: str) -> None:
        """Press a submit button by its visible name and check the page it leads to."""
        self.responses.clear()
        with self.page.expect_navigation(wait_until="load"):
            self.page.get_by_role("button", name=button, exact=True).click()
        self.check_page()

    def shot(self, what: str) -> Path:
        self.steps[0] += 1
        target = self.shots / f"{self.steps[0]:02d}-{self.name}-{what}.png"
        self.page.screenshot(path=str(target), full_page=True)
        return target


def _transfer_size(response: Response) -> int:
    try:
        body = response.body()
    except Exception:  # a redirect or an aborted request has no body
        return 0
    content_type = response.headers.get("content-type", "")
    if "/static/" in response.url and any(kind in content_type for kind in COMPRESSED_TYPES):
        return len(gzip.compress(body))
    return len(body)


@pytest.fixture
def artefacts(request: pytest.FixtureRequest) -> Path:
    target = ARTEFACTS / request.node.name
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.png"):
        old.unlink()
    return target


@pytest.fixture
def open_tab(
    browser: Browser, site_url: str, artefacts: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Tab]]:
    """open_tab(name, language="pl", viewport=DESKTOP): a fresh browser profile whose
    browser asks for `language` first (Accept-Language), like a person's own phone."""
    contexts: list[BrowserContext] = []
    tabs: list[Tab] = []
    steps = [0]

    def open_one(name: str, language: str = "pl", viewport: dict[str, int] = DESKTOP) -> Tab:
        context = browser.new_context(
            locale=language, viewport={"width": viewport["width"], "height": viewport["height"]}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = Tab(context.new_page(), site_url, artefacts, name, steps=steps)
        tabs.append(tab)
        return tab

    yield open_one
    if getattr(request.node, "failed_call", False):
        for tab in tabs:
            tab.shot("at-failure")
    weights = [visit.__dict__ for tab in tabs for visit in tab.visits]
    (artefacts / "page-weights.json").write_text(json.dumps(weights, indent=2))
    for context in contexts:
        context.close()


def sign_in(tab: Tab, email: str, password: str = PASSWORD) -> None:
    """Through the real sign-in page, as a person would."""
    tab.go("/accounts/login/")
    tab.page.locator('input[name="login"]').fill(email)
    tab.page.locator('input[name="password"]').fill(password)
    tab.responses.clear()
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.locator('input[name="password"]').press("Enter")
    tab.check_page()
    assert tab.page.url.endswith("/home/"), f"{email} was not signed in: {tab.page.url}"


def choose_language(tab: Tab, language: str) -> None:
    """With the language switcher, as a person whose account is in another language would:
    signing in turns the pages to the account's language (the demo's people are Polish)."""
    if tab.page.evaluate("document.documentElement.lang") == language:
        return
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.locator(f'.language-switcher button[value="{language}"]').click()
    tab.check_page()
    assert tab.page.evaluate("document.documentElement.lang") == language


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Marks a test whose body failed, so open_tab screenshots every tab at the failure."""
    report = yield
    if report.when == "call" and report.failed:
        item.failed_call = True  # type: ignore[attr-defined]
    return report
