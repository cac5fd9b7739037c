"""The volunteer agreement as a PDF: Polish first, then the volunteer's language, each with
its parties, paragraphs and the two signature lines. Drawn on `core.pdf.archival_canvas`
(every font embedded, described, the same bytes for the same content)."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from typing import Any

from core.pdf import ACCENT, BOLD, MUTED, Column, archival_canvas


def agreement_pdf(content: dict[str, Any], *, made_at: datetime, program_name: str) -> bytes:
    versions = content["versions"]
    polish = versions["pl"]
    buffer = BytesIO()
    canvas = archival_canvas(
        buffer,
        title=f"{polish['title']} – {content['volunteer']}",
        author=content["organisation"],
        subject=polish["title"],
        language="pl",
        created=made_at,
    )
    page = Column(canvas)
    for position, language in enumerate(content["languages"]):
        version = versions[language]
        if position:
            canvas.showPage()
            page = Column(canvas)
        page.text(program_name, size=11, color=MUTED, center=True, after=6)
        page.text(version["title"], size=18, font=BOLD, color=ACCENT, center=True, after=10)
        page.text(version["parties"], size=10, after=10)
        for paragraph in version["paragraphs"]:
            is_heading = paragraph.startswith("§")
            page.text(
                paragraph,
                size=10.5 if is_heading else 10,
                font=BOLD if is_heading else "DejaVuSans",
                after=6 if is_heading else 4,
            )
        page.gap(36)
        page.text("_" * 34, size=10, after=0)
        page.text(version["organisation_signs"], size=9, color=MUTED, after=20)
        page.text("_" * 34, size=10, after=0)
        page.text(version["volunteer_signs"], size=9, color=MUTED, after=0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
