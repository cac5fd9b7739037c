"""No stored text can break the mail or a file (issue #20, point 4): control characters are
refused at the field in the API, in forms and per row in the CSV import; subjects are one line
whatever a stored value holds; a message that cannot be sent is marked failed with the reason
and the rest of the batch goes on."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Notification, NotificationStatus, Program, Role, User
from accounts.notifications import Outgoing, notifications_queue_many, notifications_send
from core.text import control_characters
from reports.imports import import_check
from tests.accounts.test_register import URL, body
from tests.factories import member


def test_the_rule_is_unicode_category_cc_with_tab_and_line_breaks_kept_in_notes() -> None:
    every_cc = "".join(chr(code) for code in range(0x110000)
                       if unicodedata.category(chr(code)) == "Cc")  # fmt: skip

    assert "".join(control_characters(every_cc, multi_line=False)) == every_cc
    assert "".join(control_characters(every_cc, multi_line=True)) == re.sub(
        "[\t\n\r]", "", every_cc
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("full_name", "Ola\nBcc: spy@evil.example"),  # a line break in a one-line field
        ("full_name", "Jan\x00Kowalski"),  # a NUL anywhere (the parser's rule)
        ("password", "spacer\x1bpo-wisle-2027"),  # an escape, even where nothing is shown
    ],
    ids=["line break in a name", "NUL", "escape"],
)
def test_a_control_character_in_the_api_is_a_400_naming_the_field(
    field: str, value: str, api: APIClient, program: Program
) -> None:
    response = api.post(URL, body(**{field: value}))

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not User.objects.filter(email="ewa.nowak@example.org").exists()


def test_a_line_break_in_a_name_on_the_sign_up_page_is_shown_at_the_field(
    program: Program,
) -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        "/accounts/signup/",
        {
            "email": "ola@example.org",
            "password1": "spacer-po-wisle-2027",
            "password2": "spacer-po-wisle-2027",
            "full_name": "Ola\r\nBcc: spy@evil.example",
            "role": "volunteer",
            "program": program.pk,
            "preferred_language": "pl",
        },
    )

    assert page.status_code == 200
    assert page.context["form"].errors["full_name"] == [
        "Remove the line breaks and control characters: this is one line of text."
    ]
    assert not User.objects.filter(email="ola@example.org").exists()


def test_a_csv_row_with_a_nul_or_a_non_ascii_number_is_rejected_at_its_column(
    program: Program,
) -> None:
    text = (
        "full name,email,languages,capacity\n"
        "Jan\x00Kowalski,jan@example.org,pl:native,1\n"
        "Ewa Nowak,ewa@example.org,pl:native,²\n"
        "Adam Lis,adam@example.org,pl:native,2\n"
    )

    report = import_check(program=program, kind="volunteers", text=text)

    assert [(row.action, sorted(row.errors)) for row in report.rows] == [
        ("reject", ["full_name"]),
        ("reject", ["capacity"]),
        ("create", []),
    ]


def test_a_name_stored_with_a_line_break_makes_a_one_line_subject_that_is_sent(
    program: Program, volunteer: User, django_capture_on_commit_callbacks: Any
) -> None:
    User.objects.filter(pk=volunteer.pk).update(full_name="Ola\nBcc: spy@evil.example")
    volunteer.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        notifications_queue_many(
            [
                Outgoing(
                    user=volunteer,
                    kind="match_reminder",
                    key="reminder:1",
                    template="match_reminder",
                    context={
                        "program": program,
                        "quiet_since": date(2027, 3, 1),
                        "quiet_days": 21,
                    },
                    merge={"partner": "Ola\nBcc: spy@evil.example"},
                )
            ]
        )

    assert [message.subject for message in mail.outbox] == [
        "Jak Wam idzie? Ty i Ola Bcc: spy@evil.example – Ambasadorzy Powitania Warszawa"
    ]
    assert mail.outbox[0].bcc == []


def test_one_message_that_cannot_be_sent_is_marked_failed_and_the_others_go(
    program: Program,
) -> None:
    people = [member(program, Role.VOLUNTEER) for _ in range(12)]
    ids = [
        Notification.objects.create(
            key=f"test:{person.pk}", user=person, kind="test", subject="Hello", body="."
        ).pk
        for person in people
    ]
    # A row stored before subjects were built on one line.
    Notification.objects.filter(pk=ids[5]).update(subject="Ola\nBcc: spy@evil.example")

    sent = notifications_send(notification_ids=ids)

    assert sent == 11
    assert len(mail.outbox) == 11
    poisoned = Notification.objects.get(pk=ids[5])
    assert (poisoned.status, poisoned.failure) == (NotificationStatus.FAILED, "BadHeaderError")
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 11
