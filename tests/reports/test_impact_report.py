"""The yearly impact report: published by a coordinator as a suppressed snapshot, then a
public page, a PDF and an embeddable headline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from accounts.models import Program, User
from certificates.services import recognition_consent_set
from matching.models import Match
from reports.models import PublishedReport
from reports.services import report_publish
from reports.suppression import FEWER_THAN_FIVE
from tests.archival_pdf import fonts_of, information_of
from tests.clients import signed_in
from tests.reports.reports_cast import running_since, year_2025

ClientAs = Callable[[User], Client]


def test_publishing_snapshots_the_suppressed_figures(program: Program, coordinator: User) -> None:
    year_2025(program)

    report = report_publish(program=program, year=2025, by=coordinator)

    figures = report.figures
    assert figures["volunteers_registered"] == FEWER_THAN_FIVE  # 3
    assert figures["certificates_issued"] == FEWER_THAN_FIVE  # 1
    assert figures["check_in_hours"] == FEWER_THAN_FIVE  # 3.5, rounded up to 4
    assert figures["by_language"] == {"uk": FEWER_THAN_FIVE, "vi": FEWER_THAN_FIVE}
    assert "requests_open" not in figures
    assert figures["program"] == {
        "name": "Ambasadorzy Powitania Warszawa", "city": "Warszawa", "slug": "warszawa",
    }  # fmt: skip


def test_later_changes_do_not_alter_a_published_report_until_it_is_published_again(
    program: Program, coordinator: User
) -> None:
    cast = year_2025(program)
    report_publish(program=program, year=2025, by=coordinator)
    before = PublishedReport.objects.get(program=program, year=2025).figures

    Match.objects.filter(pk=cast.matches["active"].pk).delete()

    assert PublishedReport.objects.get(program=program, year=2025).figures == before
    again = report_publish(program=program, year=2025, by=coordinator)
    assert again.figures["matches_started"] == FEWER_THAN_FIVE
    assert PublishedReport.objects.filter(program=program).count() == 1


def test_the_public_page_shows_the_report_to_anyone(program: Program, coordinator: User) -> None:
    year_2025(program)
    report_publish(program=program, year=2025, by=coordinator)

    response = Client().get("/reports/warszawa/2025/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert "fewer than 5" in page
    assert 'data-chart="chart-months"' in page
    assert '<script id="chart-months" type="application/json">' in page
    assert "vendor/chartjs/chart.umd.min.js" in page
    assert "<table>" in page
    assert "/reports/warszawa/2025/embed/" in page
    assert "<script>" not in page  # no inline script: data travels as JSON only


def test_an_unpublished_report_is_404_everywhere(program: Program) -> None:
    client = Client()
    for path in (
        "/reports/warszawa/2025/",
        "/reports/warszawa/2025.pdf",
        "/reports/warszawa/2025/embed/",
    ):
        assert client.get(path).status_code == 404


def test_the_pdf_carries_the_headline_figures(program: Program, coordinator: User) -> None:
    cast = year_2025(program)
    recognition_consent_set(volunteer=cast.anna, is_given=True)
    report_publish(program=program, year=2025, by=coordinator)

    response = Client().get("/reports/warszawa/2025.pdf", HTTP_ACCEPT_LANGUAGE="pl")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "2025" in text
    assert "Anna" in text
    assert "Kowalska" not in text  # first names only


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_the_pdf_embeds_every_font_and_describes_itself(
    language: str, program: Program, coordinator: User
) -> None:
    year_2025(program)
    report = report_publish(program=program, year=2025, by=coordinator)

    response = Client().get("/reports/warszawa/2025.pdf", HTTP_ACCEPT_LANGUAGE=language)

    document = response.content
    assert [font.font_file for font in fonts_of(document)] == ["/FontFile2", "/FontFile2"]
    information = information_of(document)
    with translation.override(language):
        title = translation.gettext("Impact report %(year)s") % {"year": 2025}
    assert information["/Title"] == f"Ambasadorzy Powitania Warszawa – {title}"
    assert information["/Author"] == "Ambasadorzy Powitania Warszawa"
    assert "2025" in information["/Subject"]
    assert information["/Lang"] == language
    stamp = report.published_at.strftime("D:%Y%m%d%H%M%S+00'00'")
    assert information["/CreationDate"] == stamp


def test_the_embed_may_be_framed_and_the_report_page_may_not(
    program: Program, coordinator: User
) -> None:
    year_2025(program)
    report_publish(program=program, year=2025, by=coordinator)
    client = Client()

    embed = client.get("/reports/warszawa/2025/embed/")
    page = client.get("/reports/warszawa/2025/")

    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    assert page["X-Frame-Options"] == "DENY"


def test_only_consenting_ambassadors_are_named_and_withdrawal_is_immediate(
    program: Program, coordinator: User
) -> None:
    cast = year_2025(program)
    recognition_consent_set(volunteer=cast.anna, is_given=True)
    recognition_consent_set(volunteer=cast.jan, is_given=True)  # no activity in 2025
    report_publish(program=program, year=2025, by=coordinator)
    assert "Anna" in Client().get("/reports/warszawa/2025/").content.decode()

    recognition_consent_set(volunteer=cast.anna, is_given=False)

    page = Client().get("/reports/warszawa/2025/").content.decode()
    assert "Anna" not in page
    assert "Piotr" not in page
    assert "Jan" not in page


def test_a_coordinator_publishes_from_the_dashboard(program: Program, coordinator: User) -> None:
    running_since(program, date(2025, 1, 1))
    response = signed_in(coordinator).post(
        "/coordinators/dashboard/publish/",
        {"program": "warszawa", "year": "2025", "action": "publish"},
    )

    assert response.status_code == 302
    assert PublishedReport.objects.filter(program=program, year=2025).exists()


def test_a_coordinator_takes_a_report_down(program: Program, coordinator: User) -> None:
    running_since(program, date(2025, 1, 1))
    report_publish(program=program, year=2025, by=coordinator)

    signed_in(coordinator).post(
        "/coordinators/dashboard/publish/",
        {"program": "warszawa", "year": "2025", "action": "unpublish"},
    )

    assert not PublishedReport.objects.filter(program=program).exists()
    assert Client().get("/reports/warszawa/2025/").status_code == 404


def test_another_programmes_coordinator_cannot_publish(program: Program, outsider: User) -> None:
    response = signed_in(outsider).post(
        "/coordinators/dashboard/publish/",
        {"program": "warszawa", "year": "2025", "action": "publish"},
    )

    assert response.status_code == 404
    assert not PublishedReport.objects.exists()


def test_a_volunteer_cannot_publish(program: Program, volunteer: User) -> None:
    response = signed_in(volunteer).post(
        "/coordinators/dashboard/publish/",
        {"program": "warszawa", "year": "2025", "action": "publish"},
    )

    assert response.status_code == 403
    assert not PublishedReport.objects.exists()
