"""A model text of the volunteer agreement, offered to a programme setting up its terms.

It covers what art. 44 and 45 of the Act on public benefit activity and volunteering ask the
agreement to settle: the scope, the manner and the time of the service, how it can end, the
risks of the role and the safety rules, and (GDPR) how the volunteer's data are processed.
`${...}` names are filled in by `volunteers.agreements` (see PLACEHOLDERS there). The texts
are in `volunteers/agreement_texts/<language>.txt`; a programme adapts them to its own
practice, and a lawyer should read them before they are used.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

TEXTS = Path(__file__).resolve().parent / "agreement_texts"


@cache
def model_text(language: str) -> str:
    return (TEXTS / f"{language}.txt").read_text(encoding="utf-8").strip()
