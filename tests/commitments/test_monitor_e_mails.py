"""The sweep's e-mails through the bulk outbox read exactly as `notification_queue` would
render them: merged values (names, links) land where the template prints them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import Notification, Program, User
from accounts.notifications import Outgoing, notifications_queue_many

pytestmark = pytest.mark.django_db

CASES: list[tuple[str, dict[str, Any], dict[str, str]]] = [
    ("match_reminder", {"quiet_since": date(2027, 3, 1), "quiet_days": 21}, {"partner": "Олена"}),
    (
        "match_at_risk",
        {"quiet_since": date(2027, 3, 1), "quiet_days": 35},
        {"volunteer_name": "Anna & Co <x>", "newcomer_name": "Олена Ковальчук"},
    ),
    (
        "match_completed",
        {"started_on": date(2026, 8, 31), "ended_on": date(2027, 2, 28)},
        {"partner": "Anna"},
    ),
    ("match_survey", {"number": 2}, {"partner": "Anna", "survey_url": "http://x/s/a:b?c=1&d"}),
]


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
@pytest.mark.parametrize(("template", "context", "merge"), CASES)
def test_a_merged_e_mail_reads_as_one_rendered_alone(
    program: Program,
    volunteer: User,
    language: str,
    template: str,
    context: dict[str, Any],
    merge: dict[str, str],
) -> None:
    User.objects.filter(pk=volunteer.pk).update(preferred_language=language)
    volunteer.refresh_from_db()
    context = {"program": program, **context}

    notifications_queue_many(
        [
            Outgoing(
                user=volunteer,
                kind=template,
                key=f"test:{template}",
                template=template,
                context=context,
                merge=merge,
            )
        ]
    )

    alone = {"user": volunteer, "site_url": settings.SITE_URL, **context, **merge}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", alone).strip()
        body = render_to_string(f"emails/{template}_body.txt", alone)
    stored = Notification.objects.get(key=f"test:{template}")
    assert (stored.subject, stored.body) == (subject, body)
    assert all(value in stored.body + stored.subject for value in merge.values())
