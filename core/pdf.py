"""Documents people keep, drawn with ReportLab: the archival canvas every PDF starts from.

Drawn in DejaVu Sans, embedded from `core/fonts/` (ReportLab's built-in fonts lack Polish and
Cyrillic letters, and a fresh machine may have no system fonts). Certificates, the impact
report and volunteer agreements all start here, so every PDF the platform makes embeds every
font it references and describes itself.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from io import BytesIO
from pathlib import Path

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONTS_DIRECTORY = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
INK = HexColor("#1f2937")
MUTED = HexColor("#4b5563")
ACCENT = HexColor("#1d4ed8")
MARGIN = 56.0


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS_DIRECTORY / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS_DIRECTORY / "DejaVuSans-Bold.ttf")))


def archival_canvas(
    buffer: BytesIO, *, title: str, author: str, subject: str, language: str, created: datetime
) -> Canvas:
    """An A4 canvas for a document people keep: every font it uses embedded, and its
    document information (title, author, subject, language, date) set.

    ReportLab starts every page in Helvetica, one of the PDF standard fonts it never embeds,
    even when nothing is drawn in it; starting in the embedded DejaVu Sans leaves no font
    unembedded. The date is the document's own (issued, published), not the moment of
    rendering, so the same document renders to the same bytes.
    """
    register_fonts()
    canvas = Canvas(buffer, pagesize=A4, invariant=True, initialFontName=REGULAR, lang=language)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(subject)
    canvas.setCreator("Welcome Ambassador")
    stamp = created.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
    canvas.setDateFormatter(lambda *_date: stamp)
    return canvas


class Column:
    """A cursor down the page that wraps text to the column, and turns the page when the
    text reaches the bottom margin."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.width, self.height = A4
        self.y = self.height - MARGIN

    def text(
        self,
        text: str,
        *,
        size: float,
        font: str = REGULAR,
        color: Color = INK,
        center: bool = False,
        after: float = 4.0,
        width: float | None = None,
    ) -> None:
        column = width or self.width - 2 * MARGIN
        for line in simpleSplit(text, font, size, column):
            if self.y - size * 1.25 < MARGIN:
                self.canvas.showPage()
                self.y = self.height - MARGIN
            self.canvas.setFont(font, size)
            self.canvas.setFillColor(color)
            self.y -= size * 1.25
            if center:
                self.canvas.drawCentredString(self.width / 2, self.y, line)
            else:
                self.canvas.drawString(MARGIN, self.y, line)
        self.y -= after

    def gap(self, points: float) -> None:
        self.y -= points
