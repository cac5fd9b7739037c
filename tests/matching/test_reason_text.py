"""Reason codes become JSON and short sentences in the reader's language."""

from __future__ import annotations

import numpy as np
from django.utils import translation

from matching.engine import Reason
from matching.reason_text import reason_sentences, reasons_as_json

REASONS = [
    {"code": "shared_language", "params": {"language": "uk", "level": "B2"}},
    {"code": "speaks_first_language", "params": {"language": "uk", "level": "native"}},
    {"code": "practises_polish", "params": {"level": "native"}},
    {"code": "covers_need", "params": {"need": "admin_procedures"}},
    {"code": "covers_need", "params": {"need": "housing"}},
    {"code": "distance_km", "params": {"km": 2.1}},
    {"code": "shared_interest", "params": {"interest": "chess"}},
    {"code": "shared_interest", "params": {"interest": "rock"}},
    {"code": "shared_days", "params": {"days": ["mon", "wed"]}},
]


def test_every_reason_reads_as_a_sentence_in_english() -> None:
    with translation.override("en"):
        sentences = reason_sentences(REASONS)

    assert sentences == [
        "Both speak Ukrainian (B2).",
        "Speaks the newcomer's first language, Ukrainian (native).",
        "Can practise Polish with the newcomer (native).",
        "Can help with: Official procedures, Housing.",
        "2.1 km away.",
        "Shared interests: Chess, rock.",
        "Both free on Monday, Wednesday.",
    ]


def test_a_pair_meeting_online_reads_as_online_meetings() -> None:
    with translation.override("en"):
        sentences = reason_sentences([{"code": "online", "params": {}}])

    assert sentences == ["Offers online meetings."]


def test_names_and_labels_follow_the_active_language() -> None:
    with translation.override("uk"):
        sentences = reason_sentences(REASONS[:1] + REASONS[3:4] + REASONS[6:7])

    assert "українська" in sentences[0]
    assert "Справи в установах" in sentences[1]
    assert "Шахи" in sentences[2]


def test_unknown_codes_and_unreadable_params_are_skipped() -> None:
    reasons = [
        {"code": "charisma", "params": {"level": 9}},
        {"code": "shared_language", "params": {}},
        {"code": "distance_km", "params": {"km": "far"}},
        "not a reason",
        {"code": "online"},
    ]

    with translation.override("en"):
        sentences = reason_sentences(reasons)  # type: ignore[arg-type]

    assert sentences == ["Offers online meetings."]


def test_reasons_as_json_keeps_codes_and_makes_params_plain() -> None:
    reasons = [
        Reason("distance_km", {"km": np.float64(2.1)}),
        Reason("shared_days", {"days": ("mon", "wed")}),
    ]

    assert reasons_as_json(reasons) == [
        {"code": "distance_km", "params": {"km": 2.1}},
        {"code": "shared_days", "params": {"days": ["mon", "wed"]}},
    ]
    assert type(reasons_as_json(reasons)[0]["params"]["km"]) is float
