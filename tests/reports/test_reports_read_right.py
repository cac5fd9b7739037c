"""Reports that read right: a hidden count ("fewer than 5") is drawn as a hatched bar with
the words beside it, on the page and in the PDF (never run into its label); headings are in
the reader's language; the chart library loads only where a chart is."""

from __future__ import annotations

import json
import re
from datetime import date
from io import BytesIO

from django.test import Client
from pypdf import PdfReader

from accounts.models import Program, User
from reports.services import report_publish
from tests.clients import signed_in
from tests.reports.reports_cast import running_since, year_2025


def _chart_data(html: str, chart_id: str) -> dict[str, object]:
    found = re.search(rf'<script id="{chart_id}" type="application/json">(.*?)</script>', html)
    assert found is not None
    return dict(json.loads(found.group(1)))


def test_a_hidden_count_is_a_hatched_bar_with_its_words(
    program: Program, coordinator: User
) -> None:
    year_2025(program)
    report_publish(program=program, year=2025, by=coordinator)

    html = Client(HTTP_ACCEPT_LANGUAGE="en").get("/reports/warszawa/2025/").content.decode()

    data = _chart_data(html, "chart-languages")
    assert data["suppressed_label"] == "fewer than 5"
    datasets = data["datasets"]
    assert isinstance(datasets, list)
    hidden = [
        value
        for dataset in datasets
        for value, is_hidden in zip(dataset["data"], dataset["suppressed"], strict=True)
        if is_hidden
    ]
    # Every hidden count is drawn (a bar of 4, hatched by charts.js), none left as a gap.
    assert hidden and set(hidden) == {4}
    assert all(value is not None for dataset in datasets for value in dataset["data"])


def test_the_pdf_draws_hidden_counts_hatched_and_never_runs_words_together(
    program: Program, coordinator: User
) -> None:
    year_2025(program)
    report_publish(program=program, year=2025, by=coordinator)

    response = Client().get("/reports/warszawa/2025.pdf", HTTP_ACCEPT_LANGUAGE="en")

    pages = PdfReader(BytesIO(response.content)).pages
    text = "".join(page.extract_text() for page in pages)
    assert "fewer than 5" in text
    assert re.search(r"fewer than 5[^\W\d_]", text) is None
    # The hatching is clipped to its bar: a clipping path in the page's drawing.
    drawing = b"".join(page.get_contents().get_data() for page in pages)  # type: ignore[union-attr]
    assert re.search(rb"\bW\*?\s+n\b", drawing)


def test_the_dashboard_heading_is_in_the_readers_language(
    program: Program, coordinator: User
) -> None:
    running_since(program, date(2025, 1, 1))  # 2025 is on its year menu
    html = (
        signed_in(coordinator, language="en")
        .get("/coordinators/dashboard/?year=2025")
        .content.decode()
    )

    assert "<h1>The year 2025 in figures</h1>" in html
    assert ": the year in figures" not in html


def test_the_chart_library_loads_only_where_a_chart_is(program: Program, coordinator: User) -> None:
    client = signed_in(coordinator, language="en")

    dashboard = client.get("/coordinators/dashboard/?year=2025").content.decode()
    home = client.get("/coordinators/").content.decode()

    assert "chart.umd.min.js" in dashboard and "<canvas" in dashboard
    assert "chart.umd.min.js" not in home
