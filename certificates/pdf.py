"""The printable certificate: one A4 page, in the holder's language with Polish beside it.

Drawn with ReportLab in DejaVu Sans, embedded from `certificates/fonts/` (ReportLab's built-in
fonts lack Polish and Cyrillic letters, and a fresh machine may have no system fonts). The QR
code of the public verification URL is drawn as vector squares from segno's matrix. Rendering
reads only the certificate row and never writes: call it outside any transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path

import segno
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from certificates.models import Certificate, CertificateKind
from core.languages import reader_language

FONTS_DIRECTORY = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
INK = HexColor("#1f2937")
MUTED = HexColor("#4b5563")
ACCENT = HexColor("#1d4ed8")
MARGIN = 56.0
QR_MODULE = 2.6  # points per QR module: about 0.9 mm, easy for a phone camera


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS_DIRECTORY / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS_DIRECTORY / "DejaVuSans-Bold.ttf")))


@contextmanager
def _in(language: str) -> Iterator[None]:
    with translation.override(language):
        yield


def _date(day: str | date, language: str) -> str:
    value = date.fromisoformat(day) if isinstance(day, str) else day
    with _in(language):
        return formats.date_format(value, "DATE_FORMAT")


def _heading(certificate: Certificate) -> str:
    return {
        CertificateKind.TRAINING: _("Certificate of completed volunteer training"),
        CertificateKind.COMMITMENT: _("Certificate of a completed mentoring commitment"),
        CertificateKind.RECOGNITION: _("Certificate of recognition"),
    }[CertificateKind(certificate.kind)]


def _achievement(certificate: Certificate, language: str) -> list[str]:
    """What the holder achieved, as paragraphs, in the active language."""
    details = certificate.details
    if certificate.kind == CertificateKind.TRAINING:
        lines = [_("has completed the training of the programme's welcome ambassadors:")]
        for module in details.get("modules", []):
            title = module["titles"].get(language) or module["titles"].get("pl", "")
            lines.append(
                "• "
                + _("%(module)s, completed on %(date)s")
                % {"module": title, "date": _date(module["completed_on"], language)}
            )
        return lines
    if certificate.kind == CertificateKind.COMMITMENT:
        months = int(details.get("months", 0))
        return [
            ngettext(
                "has completed a mentoring commitment of %(months)d month as a welcome "
                "ambassador, supporting a newcomer from %(start)s to %(end)s.",
                "has completed a mentoring commitment of %(months)d months as a welcome "
                "ambassador, supporting a newcomer from %(start)s to %(end)s.",
                months,
            )
            % {
                "months": months,
                "start": _date(details["started_on"], language),
                "end": _date(details["ended_on"], language),
            }
        ]
    return [_("is awarded the recognition:"), certificate.title]


class _Page:
    """A cursor down the page that wraps text to the column."""

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
        self.canvas.setFont(font, size)
        self.canvas.setFillColor(color)
        for line in simpleSplit(text, font, size, column):
            self.y -= size * 1.25
            if center:
                self.canvas.drawCentredString(self.width / 2, self.y, line)
            else:
                self.canvas.drawString(MARGIN, self.y, line)
        self.y -= after

    def gap(self, points: float) -> None:
        self.y -= points


def _bilingual(
    page: _Page,
    language: str,
    make: Callable[[], str],
    *,
    size: float,
    font: str = REGULAR,
    center: bool = False,
) -> None:
    """`make()` in the holder's language, then in Polish (smaller) unless that is Polish."""
    with _in(language):
        page.text(make(), size=size, font=font, center=center, after=1)
    if language != "pl":
        with _in("pl"):
            page.text(make(), size=size * 0.8, color=MUTED, center=center, after=2)
    page.gap(6)


def _draw_qr(canvas: Canvas, url: str, *, x: float, y: float) -> float:
    """Draw the QR code with its lower left corner at (x, y); returns its side in points."""
    code = segno.make(url, error="m", micro=False)
    rows = [list(row) for row in code.matrix_iter(scale=1, border=4)]
    side = len(rows) * QR_MODULE
    canvas.setFillColor(HexColor("#ffffff"))
    canvas.rect(x, y, side, side, stroke=0, fill=1)
    canvas.setFillColor(HexColor("#000000"))
    for row_index, row in enumerate(rows):
        top = y + side - (row_index + 1) * QR_MODULE
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            canvas.rect(x + start * QR_MODULE, top, (column - start) * QR_MODULE, QR_MODULE, 0, 1)
    return side


def certificate_pdf(certificate: Certificate, *, language: str, verify_url: str) -> bytes:
    """The A4 PDF of `certificate` in `language` (pl, uk or en), Polish alongside."""
    register_fonts()
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(f"{certificate.holder_name} – {certificate.serial_display}")
    canvas.setAuthor(certificate.program_name)
    canvas.setCreator("Welcome Ambassador")
    page = _Page(canvas)

    page.text(certificate.program_name, size=13, font=BOLD, color=ACCENT, center=True, after=0)
    page.text(certificate.program_city, size=11, color=MUTED, center=True, after=18)
    _bilingual(page, language, lambda: _heading(certificate), size=21, font=BOLD, center=True)
    page.gap(10)
    _bilingual(page, language, lambda: _("This certifies that"), size=12, center=True)
    page.text(certificate.holder_name, size=26, font=BOLD, center=True, after=16)

    with _in(language):
        paragraphs = _achievement(certificate, language)
    for paragraph in paragraphs:
        page.text(paragraph, size=12, after=3)
    if language != "pl":
        page.gap(4)
        with _in("pl"):
            for paragraph in _achievement(certificate, "pl"):
                page.text(paragraph, size=10, color=MUTED, after=2)
    page.gap(18)

    def issued() -> str:
        return _("Issued on %(date)s by %(issuer)s, %(program)s.") % {
            "issuer": certificate.issuer_name,
            "program": certificate.program_name,
            "date": _date(certificate.issued_on, reader_language()),
        }

    _bilingual(page, language, issued, size=11)

    # The verification block at the foot of the page: QR code left, serial and URL right.
    bottom = MARGIN
    side = _draw_qr(canvas, verify_url, x=MARGIN, y=bottom)
    text_x = MARGIN + side + 18
    text_width = page.width - MARGIN - text_x
    page.y = bottom + side - 4
    for label_language in dict.fromkeys([language, "pl"]):
        with _in(label_language):
            label = _("Serial number")
        canvas.setFont(REGULAR, 9)
        canvas.setFillColor(MUTED)
        page.y -= 11
        canvas.drawString(text_x, page.y, label)
    canvas.setFont(BOLD, 15)
    canvas.setFillColor(INK)
    page.y -= 20
    canvas.drawString(text_x, page.y, certificate.serial_display)
    page.y -= 10
    for label_language in dict.fromkeys([language, "pl"]):
        with _in(label_language):
            label = _("Check that this certificate is genuine:")
        canvas.setFont(REGULAR, 9)
        canvas.setFillColor(MUTED)
        page.y -= 12
        canvas.drawString(text_x, page.y, label)
    for line in simpleSplit(verify_url, REGULAR, 9, text_width):
        page.y -= 12
        canvas.setFillColor(ACCENT)
        canvas.drawString(text_x, page.y, line)

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
