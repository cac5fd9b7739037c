"""The printable certificate: one A4 page, in the holder's language with Polish beside it.

Drawn with ReportLab on `core.pdf.archival_canvas` (DejaVu Sans, embedded). The QR
code of the public verification URL is drawn as vector squares from segno's matrix. Rendering
reads only the certificate row and never writes: call it outside any transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO

import segno
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from certificates.kinds import date_in_words, kind_of
from certificates.models import Certificate
from core.languages import reader_language
from core.pdf import (
    ACCENT,
    BOLD,
    INK,
    MARGIN,
    MUTED,
    REGULAR,
    Column,
    archival_canvas,
)

QR_MODULE = 2.6  # points per QR module: about 0.9 mm, easy for a phone camera
VERIFICATION_BLOCK = 150.0  # points the QR code and the serial need above the bottom margin


@contextmanager
def _in(language: str) -> Iterator[None]:
    with translation.override(language):
        yield


def _bilingual(
    page: Column,
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
    kind = kind_of(certificate)
    buffer = BytesIO()
    with _in(language):
        canvas = archival_canvas(
            buffer,
            title=f"{kind.heading()} – {certificate.holder_name}",
            author=certificate.program_name,
            subject=kind.description(certificate, language),
            language=language,
            created=certificate.issued_at,
        )
    canvas.setKeywords(certificate.serial_display)
    page = Column(canvas)

    page.text(certificate.program_name, size=13, font=BOLD, color=ACCENT, center=True, after=0)
    page.text(certificate.program_city, size=11, color=MUTED, center=True, after=18)
    _bilingual(page, language, kind.heading, size=21, font=BOLD, center=True)
    page.gap(10)
    _bilingual(page, language, lambda: _("This certifies that"), size=12, center=True)
    page.text(certificate.holder_name, size=26, font=BOLD, center=True, after=16)

    with _in(language):
        paragraphs = kind.statement(certificate, language)
    for paragraph in paragraphs:
        page.text(paragraph, size=12, after=3)
    if language != "pl":
        page.gap(4)
        with _in("pl"):
            for paragraph in kind.statement(certificate, "pl"):
                page.text(paragraph, size=10, color=MUTED, after=2)
    quoted = kind.quoted(certificate)
    if quoted:
        page.gap(8)
        for paragraph in quoted:
            page.text(paragraph, size=11, after=3)
    page.gap(18)

    def issued() -> str:
        names = {
            "issuer": certificate.issuer_name,
            "program": certificate.program_name,
            "date": date_in_words(certificate.issued_on, reader_language()),
        }
        if certificate.issuer_name == certificate.program_name:
            # Issued by the programme itself (a confirmation of service): named once.
            return _("Issued on %(date)s by %(program)s.") % names
        return _("Issued on %(date)s by %(issuer)s, %(program)s.") % names

    _bilingual(page, language, issued, size=11)

    # The verification block at the foot of the page: QR code left, serial and URL right;
    # on a page of its own when a long text (an opinion) reaches down to it.
    if page.y < MARGIN + VERIFICATION_BLOCK:
        canvas.showPage()
        page = Column(canvas)
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
