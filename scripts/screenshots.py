"""The README's screenshots, taken from a running first-run site (`make run`) with its demo data.

    .venv/bin/python scripts/screenshots.py [--base-url http://127.0.0.1:8000]

Signs in as the Warszawa demo coordinator through the sign-in page, opens the candidates of
the oldest open request, issues a training certificate to Anna Kowalska (once; issuing again
returns the same certificate), renders the certificate's PDF and opens its public check.
Writes docs/screenshots/{coordinator-review,certificate,certificate-check}.png, each reduced
to a 256-colour palette (pages have few colours: text stays crisp at about a third of the
size). Needs Playwright (dev dependencies) and Debian's chromium (CHROMIUM_PATH, default
/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pypdfium2
from PIL import Image
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "screenshots"
COORDINATOR = "koordynator@warszawa.example.org"
PASSWORD = "ambasador-demo-2027"  # noqa: S105 - the published demo password
VOLUNTEER_NAME = "Anna Kowalska"
NAMES = ("coordinator-review", "certificate", "certificate-check")


def sign_in(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator('input[name="login"]').fill(COORDINATOR)
    page.locator('input[name="password"]').fill(PASSWORD)
    with page.expect_navigation():
        page.locator('input[name="password"]').press("Enter")


def coordinator_review(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/coordinators/requests/")
    page.locator('a[href*="/candidates/"]').first.click()
    page.wait_for_load_state("load")
    page.screenshot(path=str(TARGET / "coordinator-review.png"), full_page=True)


def certificate(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/coordinators/certificates/")
    volunteer = page.locator('select[name="volunteer"] option', has_text=VOLUNTEER_NAME).first
    page.locator('select[name="volunteer"]').select_option(str(volunteer.get_attribute("value")))
    page.locator('select[name="kind"]').select_option("training")
    with page.expect_navigation():
        page.locator('input[name="action"][value="issue"]').locator("..").locator(
            'button[type="submit"]'
        ).click()
    row = page.locator("tbody tr", has_text=VOLUNTEER_NAME).first
    pdf_path = str(row.locator('a[href*="pdf"]').first.get_attribute("href"))
    pdf = page.context.request.get(base_url + pdf_path).body()
    rendered = pypdfium2.PdfDocument(pdf)[0].render(scale=1.5).to_pil()
    rendered.save(TARGET / "certificate.png")
    serial = row.locator('a[href*="pdf"]').first.inner_text().strip()
    page.goto(f"{base_url}/verify/{serial}/")
    page.screenshot(path=str(TARGET / "certificate-check.png"), full_page=True)


def optimise(path: Path) -> None:
    """A 256-colour palette, no dithering, and the PNG encoder's best effort."""
    image = Image.open(path).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette.save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--language", default="pl", choices=["pl", "uk", "en"])
    arguments = parser.parse_args()
    base_url = arguments.base_url.rstrip("/")
    TARGET.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox"] if os.geteuid() == 0 else []
        )
        context = browser.new_context(
            locale=arguments.language, viewport={"width": 1100, "height": 800}
        )
        page = context.new_page()
        sign_in(page, base_url)
        coordinator_review(page, base_url)
        certificate(page, base_url)
        browser.close()
    for name in NAMES:
        optimise(TARGET / f"{name}.png")
        print(TARGET / f"{name}.png")


if __name__ == "__main__":
    main()
