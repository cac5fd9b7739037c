"""`nothing_changes`: what a refused write must leave as it was.

A refused request (401, 403, 404, 400, 405, 409, 429, or a page that sends the caller away)
changes nothing a person could notice: no row of the project's tables, the audit trail, API
tokens, e-mail addresses or second factors is added, changed or removed, and no e-mail leaves.
Tests wrap the refused request:

    client = signed_in(volunteer)
    with nothing_changes():
        response = client.post(url, body)
    assert response.status_code == 403
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import connection
from django.db.models import Model

Rows = dict[str, list[tuple[Any, ...]]]

# A token's record notes when it was last used on every request made with it, refused or
# not (which is what its holder wants to know).
_CHANGES_ON_EVERY_REQUEST = {"accounts.ApiTokenRecord"}


# What the libraries keep for us: the audit trail, API tokens, e-mail addresses, second factors.
_THEIRS = ("auditlog.LogEntry", "knox.AuthToken", "account.EmailAddress", "mfa.Authenticator")


def watched_models() -> list[type[Model]]:
    """Every concrete model of the project's own apps, and the libraries' tables that hold
    what a person would notice (`_THEIRS`)."""
    ours = [
        config
        for config in apps.get_app_configs()
        if config.path.startswith(str(settings.BASE_DIR)) and ".venv" not in config.path
    ]
    models = [model for config in ours for model in config.get_models()]
    models.extend(apps.get_model(label) for label in _THEIRS)
    return [
        model
        for model in models
        if not model._meta.proxy and model._meta.label not in _CHANGES_ON_EVERY_REQUEST
    ]


def fingerprint(models: Iterable[type[Model]] | None = None) -> Rows:
    """Every row of the given tables (by default `watched_models()`), in primary-key order.

    Raw SQL: model instances would cost ten times as much, and the authorisation matrix takes
    one around every refused request."""
    tables: Rows = {}
    with connection.cursor() as cursor:
        for model in watched_models() if models is None else models:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 - our names
            tables[model._meta.label] = cursor.fetchall()
    return tables


def differences(before: Rows, after: Rows) -> list[str]:
    """The tables whose rows differ, each with how many rows came and went."""
    found = []
    for label, rows in before.items():
        if after[label] != rows:
            old, new = set(rows), set(after[label])
            found.append(f"{label} (+{len(new - old)} -{len(old - new)} rows)")
    return found


def e_mails_sent() -> int:
    return len(getattr(mail, "outbox", []))


@contextmanager
def nothing_changes(*models: type[Model]) -> Iterator[None]:
    """Asserts that the block changes no row (of `models`, by default of every watched table)
    and sends no e-mail."""
    watched = models or None
    before, sent = fingerprint(watched), e_mails_sent()
    yield
    changed = differences(before, fingerprint(watched))
    assert not changed, f"a refused write changed {', '.join(changed)}"
    new_mail = mail.outbox[sent:] if hasattr(mail, "outbox") else []
    assert not new_mail, f"a refused write sent e-mail: {[m.subject for m in new_mail]}"
