"""The e-mail outbox: a notification is a row first and an e-mail second.

`notification_queue` stores the message under a unique key inside the caller's transaction
and enqueues its sending only after commit, so nothing is sent for work that rolled back and
nothing is sent twice for the same occasion. `notification_send` runs in the worker.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.utils import parseaddr
from functools import partial
from typing import Any, NamedTuple

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F, Q
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import Notification, NotificationStatus, User
from core.languages import reader_language
from core.names import first_name_of
from core.text import single_line

logger = logging.getLogger("welcome_ambassador.notifications")


def notification_queue(
    *, user: User, kind: str, key: str, template: str, context: dict[str, Any] | None = None
) -> Notification | None:
    """Store the message for `key` unless it exists; returns the new row, or None if it did.

    `template` names `emails/<template>_subject.txt` and `emails/<template>_body.txt`,
    rendered in the recipient's preferred language.
    """
    context = {"user": user, **(context or {})}
    language = reader_language(user.preferred_language)
    subject, body = _rendered(template, context, language)
    return _stored(key=key, kind=kind, subject=subject, body=body, user=user, language=language)


def notification_queue_to_address(
    *, address: str, language: str, kind: str, key: str, template: str, context: dict[str, Any]
) -> Notification | None:
    """Like `notification_queue`, for someone without an account: to `address`, in `language`."""
    language = reader_language(language)
    subject, body = _rendered(template, context, language)
    return _stored(
        key=key, kind=kind, subject=subject, body=body, address=address, language=language
    )


def text_context(values: dict[str, Any]) -> Context:
    """A context for a text/plain template: nothing is HTML-escaped, so "Мар'яна" stays so."""
    return Context({"site_url": settings.SITE_URL, **values}, autoescape=False)


def _template(name: str) -> Template:
    return get_template(name).template  # type: ignore[attr-defined,no-any-return]


def sender(language: str) -> str:
    """The From header: the platform's name in the recipient's language, at the deployment's
    address (DEFAULT_FROM_EMAIL)."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    with translation.override(reader_language(language)):
        name = gettext("Welcome Ambassador")
    username, _at, domain = address.rpartition("@")
    return str(Address(display_name=name, username=username, domain=domain))


def _rendered(template: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    values = text_context(context)
    with translation.override(language):
        subject = single_line(_template(f"emails/{template}_subject.txt").render(values))
        body = _template(f"emails/{template}_body.txt").render(values)
    return subject, body


def _stored(
    *,
    key: str,
    kind: str,
    subject: str,
    body: str,
    language: str,
    user: User | None = None,
    address: str = "",
) -> Notification | None:
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            key=key,
            defaults={
                "user": user,
                "address": address,
                "kind": kind,
                "subject": subject,
                "body": body,
                "language": language,
            },
        )
        if created:
            from accounts.tasks import send_notification

            transaction.on_commit(lambda: send_notification.delay(notification.pk))
    return notification if created else None


def notification_send(*, notification_id: int) -> bool:
    """Send one stored notification; True if this call sent it.

    The claim is a conditional update, so two workers holding the same message (a redelivery
    after a crash, a duplicated enqueue) cannot both send it.
    """
    now = timezone.now()
    abandoned = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimed = Notification.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=abandoned),
        pk=notification_id,
        status=NotificationStatus.PENDING,
    ).update(claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    try:
        send_mail(
            notification.subject,
            notification.body,
            sender(notification.language),
            [notification.recipient],
        )
    except OSError:
        # The server or the network (SMTP errors are OSErrors): release the claim so the
        # task's retry can send it.
        Notification.objects.filter(pk=notification_id).update(claimed_at=None)
        raise
    except Exception as error:
        # The message itself cannot be sent (a header Django refuses, an address it cannot
        # encode): no retry would change that. It is marked failed with the reason (the
        # error's kind: its text would repeat the header, a person's name), and a batch goes
        # on with the next message.
        reason = type(error).__name__
        Notification.objects.filter(pk=notification_id).update(
            status=NotificationStatus.FAILED, failure=reason
        )
        logger.warning("notification %s failed for good: %s", notification_id, reason)
        return False
    Notification.objects.filter(pk=notification_id).update(
        status=NotificationStatus.SENT, sent_at=timezone.now()
    )
    return True


# The bulk path ------------------------------------------------------------------------------
# A sweep that owes thousands of e-mails at once (every quiet match of a city on one morning)
# stores them in a few queries instead of one `get_or_create` each. Same guarantees as
# `notification_queue`: one row per key, rendered in the recipient's language, sent after
# commit, never twice.

SEND_BATCH_SIZE = 100


class Addressee(NamedTuple):
    """A recipient as the bulk path reads one: what it needs of a `User` (id, name, language)
    without the model instance; a sweep reading 200,000 of them as rows saves seconds."""

    pk: int
    full_name: str
    preferred_language: str

    @property
    def first_name(self) -> str:
        return first_name_of(self.full_name)


@dataclass(frozen=True)
class Outgoing:
    """One e-mail to store: like `notification_queue`'s arguments (`user` a `User` or its
    `Addressee`).

    `merge` (opt-in) names plain-text values that are put into the rendered text verbatim,
    so that all messages of a template and language that differ only in them (and in the
    recipient's `user.first_name` / `user.full_name`) are rendered once: thousands of
    reminders cost a few renders. The template must print merge values unfiltered and use
    nothing of `user` but those two names; everything else goes in `context`, whose values
    must then be hashable.
    """

    user: User | Addressee
    kind: str
    key: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    merge: dict[str, str] | None = None


@dataclass(frozen=True)
class _Recipient:
    first_name: str
    full_name: str


_MARK = "\x1f"  # a control character: no template or stored value holds one


def _placeholder(name: str) -> str:
    return f"{_MARK}{name}{_MARK}"


def _format(text: str) -> str:
    """A text rendered with placeholders, as a format string naming them: merging is then one
    `format_map` pass (merged values are inserted as they are, never read as a format)."""
    parts = text.replace("{", "{{").replace("}", "}}").split(_MARK)
    # The placeholders' names are the odd parts: "\x1fpartner\x1f" -> "{partner}".
    return "".join(f"{{{part}}}" if index % 2 else part for index, part in enumerate(parts))


class _Renderer:
    """Renders messages with compiled templates, once per shape for merged messages."""

    def __init__(self) -> None:
        self.templates: dict[str, Template] = {}
        self.shapes: dict[tuple[Any, ...], tuple[str, str]] = {}

    def _template(self, name: str) -> Template:
        if name not in self.templates:
            self.templates[name] = _template(name)
        return self.templates[name]

    def _render(self, template: str, context: dict[str, Any]) -> tuple[str, str]:
        values = text_context(context)
        return (
            self._template(f"emails/{template}_subject.txt").render(values),
            self._template(f"emails/{template}_body.txt").render(values),
        )

    def render(self, item: Outgoing, language: str) -> tuple[str, str]:
        """(subject, body) of `item`, in the active language (`language` names it)."""
        if item.merge is None:
            subject, body = self._render(item.template, {"user": item.user, **item.context})
            return single_line(subject), body
        shape = (item.template, language, tuple(sorted(item.context.items())), *sorted(item.merge))
        if shape not in self.shapes:
            recipient = _Recipient(_placeholder("first_name"), _placeholder("full_name"))
            placeholders = {name: _placeholder(name) for name in item.merge}
            subject, body = self._render(
                item.template, {"user": recipient, **item.context, **placeholders}
            )
            self.shapes[shape] = (_format(subject), _format(body))
        subject, body = self.shapes[shape]
        values = {
            "first_name": item.user.first_name,
            "full_name": item.user.full_name,
            **item.merge,
        }
        return single_line(subject.format_map(values)), body.format_map(values)


def notifications_queue_many(items: Iterable[Outgoing]) -> list[int]:
    """Store the messages whose keys do not exist yet; returns the ids of the rows stored here.

    Two queries however many items on PostgreSQL: the keys already stored (nothing is rendered
    for them), and one `INSERT ... ON CONFLICT DO NOTHING RETURNING id` per INSERT_BATCH_SIZE
    rows (elsewhere a multi-row insert that skips taken keys, then the ids). Messages are
    rendered in the recipient's language, grouped by it (one translation switch per
    language), with templates compiled once per call and merged messages rendered once per
    shape (see `Outgoing`). Sending is enqueued after commit in batches of SEND_BATCH_SIZE
    (`accounts.send_notifications`). Should another transaction store one of the same keys
    between the first query and the insert, PostgreSQL returns it to that transaction only;
    elsewhere both enqueue it and the send's claim lets only one of them send it.
    """
    unique: dict[str, Outgoing] = {}
    for item in items:
        unique.setdefault(item.key, item)
    if not unique:
        return []
    stored = _stored_keys(list(unique))
    fresh = [item for key, item in unique.items() if key not in stored]
    if not fresh:
        return []
    by_language: dict[str, list[Outgoing]] = defaultdict(list)
    for item in fresh:
        by_language[reader_language(item.user.preferred_language)].append(item)
    renderer = _Renderer()
    rows: list[_Row] = []
    for language, group in by_language.items():
        with translation.override(language):
            for item in group:
                subject, body = renderer.render(item, language)
                rows.append(_Row(item.key, item.user.pk, item.kind, subject, body, language))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            created = _inserted_returning(rows)
        else:
            created = _inserted(rows)
        for first in range(0, len(created), SEND_BATCH_SIZE):
            batch = created[first : first + SEND_BATCH_SIZE]
            transaction.on_commit(partial(_send_later, batch))
    return created


def _stored_keys(keys: list[str]) -> set[str]:
    """Which of `keys` are stored already. On PostgreSQL the keys go as one JSON text (see
    `_INSERT_RETURNING`): a thousand placeholders cost more to build, quote and plan than the
    lookup itself."""
    if connection.vendor != "postgresql":
        return set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(_STORED_KEYS, [json.dumps(keys, ensure_ascii=False)])
        return {key for (key,) in cursor.fetchall()}


_STORED_KEYS = """
    SELECT key FROM accounts_notification
    WHERE key = ANY(ARRAY(SELECT json_array_elements_text(%s::json)))
"""


class _Row(NamedTuple):
    key: str
    user_id: int
    kind: str
    subject: str
    body: str
    language: str


# One statement per this many rows on PostgreSQL.
INSERT_BATCH_SIZE = 5000
# The rows travel as one JSON text, [[key, user id, kind, subject, body, language], ...]: the
# standard library encodes it in C, where text arrays were quoted element by element in
# Python by the driver (a tenth of the worst-case sweep's CPU, bench/README.md).
_INSERT_RETURNING = """
    INSERT INTO accounts_notification
        (key, user_id, address, kind, subject, body, language, status, attempts, created_at,
         failure)
    SELECT row->>0, (row->>1)::bigint, '', row->>2, row->>3, row->>4, row->>5, %s, 0, %s, ''
    FROM jsonb_array_elements(%s::jsonb) AS row
    ON CONFLICT (key) DO NOTHING
    RETURNING id
"""


def _inserted_returning(rows: list[_Row]) -> list[int]:
    """PostgreSQL: insert the rows, skip taken keys, and get the new ids in one statement per
    batch (the worst-case sweep: 54 s instead of 92 s with `_inserted`, bench/README.md)."""
    now = timezone.now()
    created: list[int] = []
    with connection.cursor() as cursor:
        for first in range(0, len(rows), INSERT_BATCH_SIZE):
            batch = json.dumps(rows[first : first + INSERT_BATCH_SIZE], ensure_ascii=False)
            cursor.execute(_INSERT_RETURNING, [NotificationStatus.PENDING, now, batch])
            created.extend(row[0] for row in cursor.fetchall())
    return sorted(created)


def _inserted(rows: list[_Row]) -> list[int]:
    """Elsewhere (SQLite): a multi-row insert that skips taken keys, then the new keys' ids."""
    Notification.objects.bulk_create(
        [
            Notification(
                key=row.key,
                user_id=row.user_id,
                kind=row.kind,
                subject=row.subject,
                body=row.body,
                language=row.language,
            )
            for row in rows
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return list(
        Notification.objects.filter(
            key__in=[row.key for row in rows], status=NotificationStatus.PENDING
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _send_later(notification_ids: list[int]) -> None:
    from accounts.tasks import send_notifications

    send_notifications.delay(notification_ids)


def notifications_send(*, notification_ids: Iterable[int]) -> int:
    """Send stored notifications one by one, each claimed like `notification_send`; returns
    how many this call sent (a row another worker claimed or already sent is skipped)."""
    return sum(
        notification_send(notification_id=notification_id) for notification_id in notification_ids
    )


def notifications_resend_stale(*, kinds: Iterable[str], since: datetime) -> int:
    """Enqueue again the unsent notifications of `kinds` stored since `since` whose sending
    was lost (a worker died between storing and sending, or while sending); returns how many.

    A row counts as lost once it is older than the task time limit and not claimed within it:
    the same window after which `notification_send` takes over an abandoned claim.
    """
    abandoned = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    stale = list(
        Notification.objects.filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=abandoned),
            kind__in=list(kinds),
            status=NotificationStatus.PENDING,
            created_at__gte=since,
            created_at__lt=abandoned,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for first in range(0, len(stale), SEND_BATCH_SIZE):
        transaction.on_commit(partial(_send_later, stale[first : first + SEND_BATCH_SIZE]))
    return len(stale)
