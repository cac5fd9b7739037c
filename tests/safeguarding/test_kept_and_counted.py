"""Case records are kept as the law expects and counted, never detailed (issue #22, points 5
and 7)."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from accounts.data_register import registered, unclassified_fields
from accounts.personal_data import Person
from commitments.services import match_end
from matching.models import Match
from privacy.retention import retention_sweep
from privacy.services import person_erase, person_export
from reports.impact import public_figures
from reports.models import PublishedReport
from reports.services import report_publish
from reports.statistics import program_statistics
from reports.suppression import FEWER_THAN_FIVE
from safeguarding.models import Concern, ConcernAction
from safeguarding.retention import concerns_retention_sweep
from safeguarding.services import concern_raise, concern_update
from tests.clients import signed_in
from tests.safeguarding.cast import Pair, pair_in

pytestmark = pytest.mark.django_db

SECRET = "Zostawiał mnie samą z dziećmi"


@pytest.fixture
def pair(program, coordinator, volunteer, newcomer) -> Pair:
    return pair_in(program, coordinator=coordinator, volunteer=volunteer, newcomer=newcomer)


def _concern(pair: Pair) -> Concern:
    return concern_raise(
        by=pair.newcomer, match=pair.match, about=pair.volunteer, category="other",
        description=SECRET,
    )  # fmt: skip


def test_the_ordinary_retention_sweep_leaves_case_records(pair):
    concern = _concern(pair)
    concern_update(concern=concern, by=pair.lead, status="closed", outcome="advice")

    retention_sweep(today=timezone.localdate() + timedelta(days=365 * 5))

    assert Concern.objects.get(pk=concern.pk).description == SECRET


def test_case_records_go_after_their_own_retention(pair):
    concern = _concern(pair)
    open_one = _concern(pair)
    concern_update(concern=concern, by=pair.lead, status="closed", outcome="advice")
    today = timezone.localdate()

    assert concerns_retention_sweep(today=today + timedelta(days=365 * 9)) == 0
    assert concerns_retention_sweep(today=today + timedelta(days=365 * 10 + 5)) > 0

    assert list(Concern.objects.all()) == [open_one]  # an open case is never deleted
    assert not ConcernAction.objects.filter(concern_id=concern.pk).exists()


def test_erasing_the_person_leaves_the_case_to_the_lead_and_exports_nothing_of_it(pair):
    concern = _concern(pair)
    concern_update(concern=concern, by=pair.lead, status="closed", outcome="no_action")
    match_end(match=Match.objects.get(pk=pair.match.pk), by=pair.lead, end_reason="moved_away")

    assert SECRET not in str(person_export(Person(user=pair.newcomer)))
    assert SECRET not in str(person_export(Person(user=pair.volunteer)))
    person_erase(person=Person(user=pair.volunteer), by=pair.coordinator)

    assert Concern.objects.get(pk=concern.pk).description == SECRET


def test_concerns_are_in_the_register_of_personal_data():
    assert registered()["safeguarding.Concern"]["description"].category == "special-category"
    assert not [name for name in unclassified_fields() if "safeguarding" in name]


def test_the_yearly_report_counts_concerns_with_small_count_suppression(pair):
    year = timezone.localdate().year
    for _ in range(2):
        _concern(pair)

    statistics = program_statistics(program=pair.program, year=year)
    assert (statistics.concerns_raised, statistics.concerns_closed) == (2, 0)
    figures = public_figures(statistics)
    assert figures["concerns_raised"] == FEWER_THAN_FIVE
    assert figures["concerns_closed"] == 0
    assert SECRET not in str(figures)


def _counted_year(pair: Pair) -> int:
    """Six concerns raised this year, two of them closed."""
    concerns = [_concern(pair) for _ in range(6)]
    for concern in concerns[:2]:
        concern_update(concern=concern, by=pair.lead, status="closed", outcome="advice")
    return timezone.localdate().year


def test_the_published_report_page_shows_the_counts_suppressed_in_the_readers_language(pair):
    year = _counted_year(pair)
    report_publish(program=pair.program, year=year, by=pair.coordinator)

    page = Client().get(f"/reports/warszawa/{year}/", HTTP_ACCEPT_LANGUAGE="uk").content.decode()

    assert "<dt>повідомлень щодо безпеки</dt><dd>6</dd>" in page
    assert "<dt>закритих повідомлень щодо безпеки</dt><dd>менше ніж 5</dd>" in page
    assert SECRET not in page


def test_the_pdf_shows_the_counts_suppressed(pair):
    year = _counted_year(pair)
    report_publish(program=pair.program, year=year, by=pair.coordinator)

    response = Client().get(f"/reports/warszawa/{year}.pdf", HTTP_ACCEPT_LANGUAGE="pl")

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "6 zgłoszeń dotyczących bezpieczeństwa" in " ".join(text.split())
    assert "mniej niż 5 zamkniętych zgłoszeń dotyczących bezpieczeństwa" in " ".join(text.split())
    assert SECRET not in text


def test_a_report_published_before_the_counts_existed_says_nothing_of_them(pair):
    year = _counted_year(pair)
    report = report_publish(program=pair.program, year=year, by=pair.coordinator)
    figures = {k: v for k, v in report.figures.items() if not k.startswith("concerns_")}
    PublishedReport.objects.filter(pk=report.pk).update(figures=figures)

    page = Client().get(f"/reports/warszawa/{year}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "safeguarding concerns" not in page


def test_the_dashboard_shows_every_coordinator_the_counts_as_published(pair):
    _counted_year(pair)

    page = signed_in(pair.coordinator, language="en").get("/coordinators/dashboard/")

    body = page.content.decode()
    assert "<dt>safeguarding concerns raised</dt><dd>6</dd>" in body
    assert "<dt>safeguarding concerns closed</dt><dd>fewer than 5</dd>" in body
    assert SECRET not in body
