"""The printable impact report: A4 pages of the published (suppressed) figures.

Drawn with ReportLab in DejaVu Sans on `core.pdf.archival_canvas` (ReportLab's own
fonts lack Polish and Cyrillic letters; every font is embedded and the document described).
The bars are vector rectangles; a cell shown as "fewer than 5" gets no bar, only its words.
Rendering reads the snapshot only and never writes.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from core.pdf import ACCENT, BOLD, INK, MARGIN, MUTED, REGULAR, archival_canvas
from reports.impact import FIGURE_LABELS, HEADLINE, concern_figures, labelled, shown
from reports.selectors import PublicReport
from reports.suppression import is_suppressed

# A hidden count (1 to 4) is drawn hatched, as long as a bar of 4.
SUPPRESSED_BAR = 4

BAR = HexColor("#93c5fd")
RULE = HexColor("#c9ced6")
BAR_HEIGHT = 10.0
LABEL_WIDTH = 170.0


class _Page:
    """A cursor down the page that starts a new page when the column is full."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.width, self.height = A4
        self.y = self.height - MARGIN

    def room(self, points: float) -> None:
        if self.y - points < MARGIN:
            self.canvas.showPage()
            self.y = self.height - MARGIN

    def text(
        self, text: str, *, size: float, font: str = REGULAR, color: Any = INK, after: float = 4
    ) -> None:
        lines = simpleSplit(text, font, size, self.width - 2 * MARGIN)
        self.room(len(lines) * size * 1.3)
        self.canvas.setFont(font, size)
        self.canvas.setFillColor(color)
        for line in lines:
            self.y -= size * 1.25
            self.canvas.drawString(MARGIN, self.y, line)
        self.y -= after

    def figure(self, value: str, label: str) -> None:
        """A headline figure, large, with its label after it."""
        canvas = self.canvas
        self.room(26)
        self.y -= 22
        canvas.setFont(BOLD, 18)
        canvas.setFillColor(ACCENT)
        canvas.drawString(MARGIN, self.y, value)
        # The label after the figure, never into it ("fewer than 5" is wider than a number).
        label_x = MARGIN + max(130.0, canvas.stringWidth(value, BOLD, 18) + 12)
        canvas.setFont(REGULAR, 11)
        canvas.setFillColor(INK)
        canvas.drawString(label_x, self.y + 2, label)

    def hatched(self, x: float, y: float, width: float, height: float) -> None:
        """An outlined rectangle filled with diagonal lines: a count that is not shown."""
        canvas = self.canvas
        canvas.saveState()
        frame = canvas.beginPath()
        frame.rect(x, y, width, height)
        canvas.clipPath(frame, stroke=0, fill=0)
        canvas.setStrokeColor(BAR)
        canvas.setLineWidth(0.8)
        step = 3.0
        start = x - height
        while start < x + width:
            canvas.line(start, y, start + height, y + height)
            start += step
        canvas.restoreState()
        canvas.setStrokeColor(BAR)
        canvas.setLineWidth(0.8)
        canvas.rect(x, y, width, height, 1, 0)

    def bars(self, title: str, cells: list[dict[str, Any]]) -> None:
        """A horizontal bar per cell, scaled to the largest shown value."""
        self.text(title, size=13, font=BOLD, color=ACCENT, after=6)
        if not cells:
            self.text(_("Nothing to show for this year."), size=10, color=MUTED)
            return
        largest = max([cell["value"] for cell in cells if not is_suppressed(cell["value"])] + [1])
        span = self.width - 2 * MARGIN - LABEL_WIDTH - 70
        for cell in cells:
            self.room(BAR_HEIGHT + 6)
            self.y -= BAR_HEIGHT + 6
            self.canvas.setFont(REGULAR, 9.5)
            self.canvas.setFillColor(INK)
            self.canvas.drawString(MARGIN, self.y + 1, str(cell["label"])[:40])
            x = MARGIN + LABEL_WIDTH
            if is_suppressed(cell["value"]):
                # A hidden count (1 to 4): a hatched bar as long as 4 would be, then the words.
                width = max(span * SUPPRESSED_BAR / largest, 10.0)
                self.hatched(x, self.y, width, BAR_HEIGHT)
                x += width
            elif cell["value"]:
                self.canvas.setFillColor(BAR)
                self.canvas.rect(x, self.y, span * cell["value"] / largest, BAR_HEIGHT, 0, 1)
                x += span * cell["value"] / largest
            self.canvas.setFillColor(INK)
            self.canvas.drawString(x + 4, self.y + 1, cell["shown"])
        self.y -= 10


def impact_report_pdf(report: PublicReport, *, language: str) -> bytes:
    """The A4 PDF of a published report in `language` (pl, uk or en)."""
    buffer = BytesIO()
    figures = report.figures
    with translation.override(language):
        title = _("Impact report %(year)s") % {"year": report.year}
        canvas = archival_canvas(
            buffer,
            title=f"{report.program.local_name} – {title}",
            author=report.program.local_name,
            subject=_(
                "What the welcome ambassador programme achieved in %(year)s, as published, "
                "small counts suppressed."
            )
            % {"year": report.year},
            language=language,
            created=report.published_at,
        )
        page = _Page(canvas)
        page.text(report.program.local_name, size=13, font=BOLD, color=ACCENT, after=0)
        page.text(report.program.local_city, size=11, color=MUTED, after=10)
        page.text(title, size=24, font=BOLD, after=14)

        for name in (*HEADLINE, "check_in_hours"):
            page.figure(shown(figures.get(name, 0)), str(FIGURE_LABELS[name]))
        concerns = concern_figures(figures)
        if concerns:
            page.y -= 10
            page.text(_("Safeguarding"), size=13, font=BOLD, color=ACCENT, after=0)
            for figure in concerns:
                page.figure(figure["shown"], str(figure["label"]))
        page.y -= 16
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN, page.y, page.width - MARGIN, page.y)
        page.y -= 10

        months = [
            {
                "label": formats.date_format(month_start(row["month"]), "YEAR_MONTH_FORMAT"),
                "value": row["matches_started"],
                "shown": shown(row["matches_started"]),
            }
            for row in figures.get("by_month", [])
        ]
        page.bars(_("New pairs by month"), months)
        page.bars(
            _("Languages of the newcomers supported"),
            labelled(figures.get("by_language", {}), "language", language),
        )
        page.bars(
            _("What newcomers needed help with"),
            labelled(figures.get("by_need", {}), "need", language),
        )
        if report.ambassadors:
            page.text(_("Our ambassadors"), size=13, font=BOLD, color=ACCENT, after=4)
            names = ", ".join(
                f"{person['first_name']} ({person['district']})"
                if person["district"]
                else person["first_name"]
                for person in report.ambassadors
            )
            page.text(names, size=10.5, after=10)
        page.text(
            _(
                "To protect privacy, counts from 1 to 4 are shown as “fewer than 5”, and a "
                "second cell is hidden where a single hidden one could be worked out. Only "
                "ambassadors who agreed to it are named. Published on %(date)s."
            )
            % {"date": formats.date_format(timezone.localtime(report.published_at), "DATE_FORMAT")},
            size=8.5,
            color=MUTED,
        )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def month_start(month: str) -> date:
    year, number = month.split("-")
    return date(int(year), int(number), 1)
