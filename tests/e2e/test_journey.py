"""The whole story in a real browser, each step as people do it, with a screenshot per step.

A resident signs up in Polish, confirms her address from the welcome e-mail, fills the profile
and takes a place in a training session; the coordinator marks attendance; a newcomer signs up
and confirms too, and asks for support in Ukrainian on a 360x740 phone; the coordinator opens
the request, reads why each candidate fits, and approves; both log a meeting; the coordinator
ends the pairing early and finds the request back in the queue; the coordinator issues the
session's certificates and watches the summary appear; the volunteer downloads the PDF; a
stranger follows its QR code and sees that it is valid.

Every page on the way is also checked for its weight before `load` (< 150 KB) and for
sideways scrolling at its viewport (conftest.Tab). Screenshots: test-artifacts/e2e/.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pypdfium2
import pytest
import zxingcpp
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from accounts.models import User
from accounts.services import coordinator_create, program_create
from core import clock
from newcomers.models import SupportRequest
from tests.confirming import confirmation_link
from tests.e2e.conftest import PASSWORD, PHONE, Tab, sign_in
from training.models import TrainingSession
from training.services import module_create, session_schedule

pytestmark = pytest.mark.django_db(transaction=True)

COORDINATOR = "koordynator@warszawa.example.org"
RESIDENT = "ewa.maj@example.org"
NEWCOMER = "oksana.melnyk@example.org"


def t(language: str, text: str) -> str:
    """`text` as the page shows it in `language` (the compiled catalogue)."""
    with translation.override(language):
        return gettext(text)


@scopes_disabled()
def a_programme_with_one_training_session() -> TrainingSession:
    program = program_create(
        slug="warszawa", name="Ambasadorzy Powitania Warszawa", city="Warszawa"
    ).program
    coordinator = coordinator_create(
        program=program, email=COORDINATOR, password=PASSWORD, full_name="Agnieszka Wiśniewska"
    )
    module = module_create(
        program=program,
        data={
            "title": "Podstawy Ambasadora Powitania",
            "is_required": True,
            "translations": {
                "uk": {"title": "Основи амбасадора привітання"},
                "en": {"title": "Welcome Ambassador basics"},
            },
        },
    )
    return session_schedule(
        module=module,
        data={
            "starts_at": timezone.now() + timedelta(days=2),
            "place": "Warszawa, Centrum Wielokulturowe",
            "trainer": "Marta Lis",
            "capacity": 12,
        },
        by=coordinator,
    )


def sign_up(tab: Tab, language: str, email: str, full_name: str, role: str) -> None:
    page = tab.page
    page.get_by_label(t(language, role)).check()
    page.get_by_label(t(language, "Full name")).fill(full_name)
    page.locator('input[name="email"]').fill(email)
    page.locator('input[name="password1"]').fill("Dobre-haslo-2027!")
    page.locator('input[name="password2"]').fill("Dobre-haslo-2027!")
    page.get_by_label(t(language, "Preferred language")).select_option(language)


def follow_confirmation_link(tab: Tab, email: str) -> None:
    """Open the link of the welcome e-mail and confirm; the notice is gone afterwards."""
    tab.go(confirmation_link(User.objects.get(email=email)))
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.locator("form[action*='/confirm-email/'] button[type=submit]").click()
    tab.check_page()
    tab.go("/home/")
    expect(tab.page.locator("#confirm-email-heading")).to_have_count(0)


def test_the_whole_story_from_sign_up_to_a_verified_certificate(
    open_tab: Callable[..., Tab],
) -> None:
    session = a_programme_with_one_training_session()

    # A resident signs up in Polish, on her phone.
    ewa = open_tab("resident", "pl", PHONE)
    ewa.go("/")
    ewa.shot("landing")
    ewa.page.get_by_role("link", name=t("pl", "Become an ambassador")).click()
    ewa.check_page()
    sign_up(ewa, "pl", RESIDENT, "Ewa Maj", "help as a welcome ambassador")
    ewa.shot("sign-up")
    ewa.submit(t("pl", "Sign Up"))

    # ... is told to confirm her address, and follows the link in her welcome e-mail.
    ewa.go("/home/")
    expect(ewa.page.get_by_text(t("pl", "Please confirm your e-mail address"))).to_be_visible()
    ewa.shot("confirm-email-notice")
    follow_confirmation_link(ewa, RESIDENT)

    # ... fills her profile ...
    ewa.go("/residents/profile/")
    page = ewa.page
    page.locator('select[name="language_1"]').select_option("uk")
    page.locator('select[name="level_1"]').select_option("B2")
    page.locator('select[name="language_2"]').select_option("pl")
    page.locator('select[name="level_2"]').select_option("native")
    page.locator('input[name="skills"][value="admin_procedures"]').check()
    page.locator('input[name="skills"][value="healthcare"]').check()
    page.locator("input[name=city]").fill("Warszawa")
    page.locator("input[name=district]").fill("Mokotów")
    page.locator('input[name="days"][value="tue"]').check()
    page.locator('input[name="days"][value="sat"]').check()
    page.locator('input[name="modes"][value="in_person"]').check()
    ewa.shot("profile")
    ewa.submit(t("pl", "Save my profile"))
    expect(page.locator(".errorlist")).to_have_count(0)

    # ... and takes a place in the training session.
    ewa.go("/residents/training/")
    ewa.submit(t("pl", "Sign me up"))
    expect(page.get_by_text(t("pl", "You are signed up."), exact=True)).to_be_visible()
    ewa.shot("training-signed-up")

    # The session takes place; the coordinator marks who came.
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=2)
    )
    agnieszka = open_tab("coordinator", "pl")
    sign_in(agnieszka, COORDINATOR)
    agnieszka.go("/coordinators/training/sessions/")
    agnieszka.page.get_by_role("link", name=t("pl", "mark attendance")).click()
    agnieszka.check_page()
    agnieszka.page.get_by_label("Ewa Maj").check()
    agnieszka.shot("attendance")
    agnieszka.submit(t("pl", "Save attendance"))
    ewa.go("/residents/training/")
    expect(
        ewa.page.get_by_text(t("pl", "You are trained and ready to mentor. Thank you!"))
    ).to_be_visible()
    ewa.shot("trained")

    # A newcomer asks for support in Ukrainian on a 360x740 phone.
    oksana = open_tab("newcomer", "uk", PHONE)
    oksana.go("/")
    oksana.page.get_by_role("link", name=t("uk", "Ask for support")).first.click()
    oksana.check_page()
    sign_up(oksana, "uk", NEWCOMER, "Оксана Мельник", "get support as a newcomer")
    oksana.shot("sign-up")
    oksana.submit(t("uk", "Sign Up"))
    follow_confirmation_link(oksana, NEWCOMER)
    oksana.go("/newcomers/ask/")
    page = oksana.page
    page.locator('input[name="needs"][value="admin_procedures"]').check()
    page.locator('input[name="modes"][value="in_person"]').check()
    page.get_by_label(t("uk", "Your city")).fill("Warszawa")
    page.get_by_label(t("uk", "Your district (optional)")).fill("Mokotów")
    page.locator('select[name="language_1"]').select_option("uk")
    page.locator('select[name="level_1"]').select_option("native")
    oksana.shot("ask")
    oksana.submit(t("uk", "Send my request"))
    expect(page.get_by_role("heading", name=t("uk", "Thank you!"))).to_be_visible()
    oksana.shot("request-sent")

    # The coordinator opens the request, reads why the candidate fits, and approves.
    agnieszka.go("/coordinators/requests/")
    agnieszka.page.get_by_role("link", name=t("pl", "Candidates")).click()
    agnieszka.check_page()
    candidate = agnieszka.page.get_by_role("row", name="Ewa Maj")
    expect(candidate).to_contain_text("%")
    reasons = candidate.locator("li")
    assert reasons.count() >= 2, reasons.all_inner_texts()
    agnieszka.shot("candidates")
    # Approving at once asks first: what will happen, who will be told.
    candidate.get_by_role("link", name=t("pl", "Propose and approve…")).click()
    agnieszka.check_page()
    expect(agnieszka.page.get_by_role("heading", level=1)).to_have_text(
        t("pl", "Propose and approve this match?")
    )
    agnieszka.shot("confirm-approve")
    agnieszka.submit(t("pl", "Propose and approve"))
    expect(agnieszka.page.locator(".message-success")).to_be_visible()

    # Both log a meeting.
    for tab, language, note in ((ewa, "pl", "Urząd dzielnicy"), (oksana, "uk", "Дякую!")):
        tab.go("/matches/")
        tab.page.get_by_role("link", name=t(language, "Open and log a meeting")).click()
        tab.check_page()
        tab.page.get_by_label(t(language, "When did you meet?")).fill(clock.today().isoformat())
        tab.page.get_by_label(t(language, "A few words (optional)")).fill(note)
        tab.submit(t(language, "Save our meeting"))
        expect(tab.page.get_by_text(note)).to_be_visible()
        tab.shot("check-in")

    # The coordinator ends the pairing early; the request is back in the queue.
    agnieszka.go("/coordinators/commitments/")
    agnieszka.shot("commitments")
    agnieszka.page.get_by_role("link", name=t("pl", "End early…")).click()
    agnieszka.check_page()
    agnieszka.page.get_by_label(t("pl", "Why does it end?")).select_option(index=1)
    agnieszka.shot("end-early")
    agnieszka.submit(t("pl", "End the pairing"))
    agnieszka.go("/coordinators/requests/")
    expect(agnieszka.page.get_by_role("cell", name="Оксана")).to_be_visible()
    agnieszka.shot("request-back-in-queue")
    with scopes_disabled():
        assert SupportRequest.objects.get(newcomer__user__email=NEWCOMER).status == "open"

    # The coordinator issues the session's certificates and sees the summary.
    agnieszka.go("/coordinators/certificates/")
    agnieszka.page.get_by_label(t("pl", "Training session")).select_option(index=1)
    agnieszka.submit(t("pl", "Issue for everyone present"))
    summary = agnieszka.page.locator(".batch .progress-summary").first
    expect(summary).to_contain_text("1")
    agnieszka.shot("certificates-issued")

    # The volunteer downloads the PDF ...
    ewa.go("/residents/certificates/")
    ewa.shot("my-certificates")
    link = ewa.page.get_by_role("link", name=t("pl", "Download (PDF)"))
    download = ewa.page.context.request.get(ewa.base_url + str(link.get_attribute("href")))
    assert download.headers["content-type"] == "application/pdf"
    pdf = download.body()
    assert pdf.startswith(b"%PDF")
    (ewa.shots / "certificate.pdf").write_bytes(pdf)
    rendered = pypdfium2.PdfDocument(pdf)[0].render(scale=2).to_pil()
    rendered.save(ewa.shots / "certificate.png")
    codes = [code.text for code in zxingcpp.read_barcodes(rendered)]
    assert len(codes) == 1 and codes[0].startswith(ewa.base_url + "/verify/"), codes

    # ... and a stranger follows the QR code.
    stranger = open_tab("stranger", "en", PHONE)
    stranger.go(codes[0].removeprefix(stranger.base_url))
    expect(stranger.page.get_by_text("Valid.")).to_be_visible()
    expect(stranger.page.get_by_text("Ewa Maj")).to_be_visible()
    stranger.shot("verified")

    with scopes_disabled():
        assert User.objects.filter(email__in=[RESIDENT, NEWCOMER]).count() == 2
