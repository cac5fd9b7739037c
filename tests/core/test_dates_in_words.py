"""Dates a person reads have the month in words in their language, times are 24-hour (#16).

A match approved on 7 December 2026 at 14:05 in Warsaw is shown on the coordinator's and the
participant's pages, told in the approval e-mail, and an impact report published then carries
the day in its page and PDF: each in Polish, Ukrainian and English, never as a numeric day and
month (read 12 July by one reader, 7 December by another), never with a doubled full stop.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from io import BytesIO

import pytest
import time_machine
from django.core import mail
from django.test import Client
from pypdf import PdfReader

from accounts.models import Program, Role, User
from reports.services import report_publish
from tests.factories import member
from tests.instants import WARSAW
from tests.matching.matches_cast import active, open_request, ready_volunteer

pytestmark = pytest.mark.django_db

APPROVED = datetime(2026, 12, 7, 14, 5, tzinfo=WARSAW)
IN_WORDS = {
    "pl": ("7 grudnia 2026", "7 czerwca 2027"),
    "uk": ("7 грудня 2026", "7 червня 2027"),
    "en": ("7 December 2026", "7 June 2027"),
}
# 12/07/2026, 07.12.2026, 7-12-26, and ISO 2026-12-07 alike.
NUMERIC_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b")
DOUBLED_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
TWELVE_HOUR = re.compile(r"\b\d{1,2}:\d{2}\s*[ap]\.?m\.?", re.IGNORECASE)


def readable(page: str) -> str:
    """The text a reader sees: no scripts, styles, tags or attribute values."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def assert_unambiguous(text: str, language: str, where: str) -> None:
    assert not NUMERIC_DATE.findall(text), (where, NUMERIC_DATE.findall(text))
    assert not DOUBLED_STOP.search(text), (where, text[max(0, text.find("..") - 60) :][:120])
    assert not TWELVE_HOUR.search(text), where


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_pages_and_e_mails_write_the_match_dates_in_words(
    language: str, program: Program, django_capture_on_commit_callbacks: object
) -> None:
    coordinator = member(program, Role.COORDINATOR, preferred_language=language)
    volunteer_user = member(program, Role.VOLUNTEER, preferred_language=language)
    with time_machine.travel(APPROVED, tick=False):
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            match = active(
                open_request(program), ready_volunteer(program, user=volunteer_user), coordinator
            )
        pages = {
            "coordinator's matches": _page(coordinator, "/coordinators/matches/", language),
            "participant's match": _page(volunteer_user, f"/matches/{match.pk}/", language),
        }
    e_mail = next(message for message in mail.outbox if message.to == [volunteer_user.email])
    texts = {**pages, "approval e-mail": f"{e_mail.subject}\n{e_mail.body}"}

    started, ends = IN_WORDS[language]
    for where, text in texts.items():
        assert started in text and ends in text, (where, language)
        assert_unambiguous(text, language, where)


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_the_impact_report_page_and_pdf_write_the_day_in_words(
    language: str, program: Program, coordinator: User
) -> None:
    with time_machine.travel(APPROVED, tick=False):
        report_publish(program=program, year=2026, by=coordinator)
    client = Client()

    page = readable(
        client.get("/reports/warszawa/2026/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    )
    pdf = client.get("/reports/warszawa/2026.pdf", HTTP_ACCEPT_LANGUAGE=language)
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)

    for where, text in (("report page", page), ("report PDF", pdf_text)):
        assert IN_WORDS[language][0] in " ".join(text.split()), (where, language)
        assert_unambiguous(text, language, where)


def _page(user: User, path: str, language: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, path
    return readable(response.content.decode())
