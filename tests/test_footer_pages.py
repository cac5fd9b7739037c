"""Every page's footer (#18, point 6): privacy notice, accessibility statement, contact."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from accounts.models import Program, User

FOOTER_LINKS = ('href="/privacy-notice/"', 'href="/accessibility/"', 'href="/contact/"')


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/contact/"])
def test_every_page_s_footer_links_the_notice_the_statement_and_the_contact(
    client: Client, program: Program, path: str
) -> None:
    page = client.get(path).content.decode()

    footer = page.split('<footer class="site-footer">')[1]
    for link in FOOTER_LINKS:
        assert link in footer
    assert "API" not in footer  # no jargon for participants


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("pl", ["Kto jest administratorem Twoich danych", "24 miesiące", "Prezesa Urzędu"]),
        ("uk", ["Хто є володільцем ваших даних", "24 місяці", "UODO"]),
        ("en", ["Who holds your data", "24 months", "Personal Data Protection Office"]),
    ],
)
def test_the_privacy_notice_says_who_why_how_long_and_the_rights(
    client: Client, program: Program, language: str, words: list[str]
) -> None:
    program.data_controller = "Urząd m.st. Warszawy, pl. Bankowy 3/5, 00-950 Warszawa"
    program.contact_email = "ambasadorzy@um.warszawa.pl"
    program.save()

    page = client.get("/privacy-notice/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert "Urząd m.st. Warszawy" in page
    assert "ambasadorzy@um.warszawa.pl" in page
    for word in words:
        assert word in page


def test_a_signed_in_person_reads_their_own_programme_s_notice(
    client: Client, program: Program, other_program: Program, newcomer: User
) -> None:
    client.force_login(newcomer)

    page = client.get("/privacy-notice/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert program.name in page
    assert other_program.name not in page


def test_the_accessibility_statement_has_the_parts_polish_law_asks_for(
    client: Client, db: None
) -> None:
    page = client.get("/accessibility/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()

    for part in (
        "Deklaracja dostępności",
        "Data publikacji strony internetowej",
        "Status pod względem zgodności z ustawą",
        "Treści niedostępne",
        "Przygotowanie deklaracji dostępności",
        "Informacje zwrotne i dane kontaktowe",
        "Procedura wnioskowo-skargowa",
        "Rzecznika Praw Obywatelskich",
    ):
        assert part in page


def test_the_site_has_a_favicon(client: Client, db: None) -> None:
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.ico")
    assert finders.find("favicon.ico") and finders.find("favicon.svg")
