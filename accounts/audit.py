"""The audit trail: who changed what and when, kept by django-auditlog.

Each app registers its models in its `AppConfig.ready()` through `audit_register`, naming the
fields whose values must never be stored (special-category or free-text fields: the log says
"changed" and stores `MASKED`) and how a row is filed: `subjects` returns the ids a row is
about (`program`, `user`, `volunteer`, `newcomer`, `match`), stored in the entry's
`additional_data`, so a person's or a match's history is one query and an erasure finds every
entry about the person without this floor knowing the higher ones.

Saves through `save()`/`create()` are logged by auditlog itself. Every other change of an
audited row goes through `audited_update` (a conditional or set-based `QuerySet.update()`
that writes one entry per changed row) or, for a change already made, `audit_record`. The
test suite fails any `update()` of an audited field that takes neither path
(`tests/conftest.py`), so an entry cannot be forgotten silently.

The actor is the signed-in person (`AuditActorMiddleware`, resolved when the entry is written,
so an API token's user counts too); tasks and commands that act for someone wrap the work in
`acting_as(user)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from auditlog.context import auditlog_disabled, auditlog_value, set_actor
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import pre_save
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

# What a masked field's old and new values are stored as.
MASKED = "***"
# What an erased person's values in the trail are replaced with.
ERASED = "erased"
# Keys of `additional_data` that file an entry under a programme, a person or a match.
SUBJECT_KEYS = ("program", "user", "volunteer", "newcomer", "match")

Subjects = Callable[[Any], dict[str, int | None]]


def mask_value(value: str) -> str:
    """auditlog's mask callable (settings.AUDITLOG_MASK_CALLABLE): no part of the value."""
    return MASKED


def _filed(subjects: Subjects) -> Callable[[Any], dict[str, Any]]:
    def get_additional_data(instance: Any) -> dict[str, Any]:
        return {key: value for key, value in subjects(instance).items() if value is not None}

    return get_additional_data


def audit_register(
    model: type[models.Model],
    *,
    subjects: Subjects,
    mask_fields: tuple[str, ...] = (),
    exclude_fields: tuple[str, ...] = (),
) -> None:
    """Log every create, change and deletion of `model`'s rows.

    `subjects(row)` must read only the row's own columns (no queries): it runs on every save.
    auditlog calls a model's `get_additional_data()` when it writes an entry; it is attached
    here so the models themselves stay free of audit code.
    """
    model.get_additional_data = _filed(subjects)  # type: ignore[attr-defined]
    # Stored columns only: auditlog would otherwise diff reverse relations on creation.
    included = [
        field.name for field in model._meta.concrete_fields if field.name not in exclude_fields
    ]
    auditlog.register(
        model,
        include_fields=included,
        mask_fields=list(mask_fields),
        exclude_fields=list(exclude_fields),
    )


def masked_fields_of(model: type[models.Model]) -> list[str]:
    if not auditlog.contains(model):
        return []
    return list(auditlog.get_model_fields(model)["mask_fields"])


def audit_record(
    *,
    instance: models.Model,
    event: str,
    changes: Mapping[str, tuple[Any, Any]],
    actor: Any = None,
    subjects: Mapping[str, int | None] | None = None,
) -> LogEntry:
    """Write one entry for a change made without `save()` (a conditional `update()`).

    `event` names the decision (`approved`, `rejected`, `ended`, `revoked`, `erased`, ...);
    values of the model's masked fields are stored as `MASKED`. Any extra `subjects` are
    merged into the ones the model registered.
    """
    masked = set(masked_fields_of(type(instance)))
    stored: dict[str, list[str | None]] = {
        field: [MASKED, MASKED] if field in masked else [_text(old), _text(new)]
        for field, (old, new) in changes.items()
    }
    filed: dict[str, Any] = {}
    get_additional_data = getattr(instance, "get_additional_data", None)
    if callable(get_additional_data):
        filed.update(get_additional_data())
    filed.update({key: value for key, value in (subjects or {}).items() if value is not None})
    filed["event"] = event
    extra: dict[str, Any] = {}
    if actor is not None and getattr(actor, "is_authenticated", False):
        extra = {"actor": actor, "actor_email": getattr(actor, "email", None)}
    entry: LogEntry = LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes=stored,
        additional_data=filed,
        **extra,
    )
    return entry


# Set while `audited_update` runs, so the suite's guard knows the update is recorded.
recording_update: ContextVar[bool] = ContextVar("recording_update", default=False)
LOG_BATCH = 2000


def audited_fields_of(model: type[models.Model]) -> set[str]:
    """The fields of `model` whose changes the trail records (empty when not audited)."""
    if not auditlog.contains(model):
        return set()
    registered = auditlog.get_model_fields(model)
    excluded = set(registered["exclude_fields"])
    return {name for name in registered["include_fields"] if name not in excluded}


def audited_update(
    queryset: QuerySet[Any],
    *,
    event: str,
    actor: Any = None,
    hide_values: bool = False,
    **changes: Any,
) -> int:
    """`queryset.update(**changes)` with one audit entry per row it changed; the number of
    rows updated.

    The rows are locked first (inside the caller's transaction, or one of its own), so the
    entries name exactly the rows the update changed, with their values before and after
    (after as stored, so `F()` expressions are recorded as what they came to). Masked fields
    are stored as `MASKED`; with `hide_values` (data removed for good, as by retention)
    every value is stored as `ERASED`. Inside `disable_auditlog()` (an erasure) it is a plain
    update.
    """
    model = queryset.model
    if auditlog_disabled.get() or not audited_fields_of(model):
        return int(queryset.update(**changes))
    audited = sorted(audited_fields_of(model) & set(changes))
    with transaction.atomic():
        before = {row.pk: row for row in queryset.select_for_update(of=("self",)).order_by("pk")}
        if not before:
            return 0
        token = recording_update.set(True)
        try:
            updated = int(model._default_manager.filter(pk__in=list(before)).update(**changes))
        finally:
            recording_update.reset(token)
        after = {
            values["pk"]: values
            for values in model._default_manager.filter(pk__in=list(before)).values(
                "pk", *[model._meta.get_field(name).attname for name in audited]
            )
        }
        entries = []
        masked = set(masked_fields_of(model))
        content_type = ContentType.objects.get_for_model(model)
        if actor is not None and not getattr(actor, "is_authenticated", False):
            actor = None
        now = timezone.now()
        for pk, row in before.items():
            changed: dict[str, list[str | None]] = {}
            for name in audited:
                attname = model._meta.get_field(name).attname
                old, new = getattr(row, attname), after[pk][attname]
                if old == new:
                    continue
                if hide_values:
                    changed[name] = [ERASED, ERASED]
                elif name in masked:
                    changed[name] = [MASKED, MASKED]
                else:
                    changed[name] = [_text(old), _text(new)]
            if not changed:
                continue
            filed = dict(row.get_additional_data())  # type: ignore[attr-defined]
            filed["event"] = event
            entries.append(
                LogEntry(
                    content_type=content_type,
                    object_pk=str(pk),
                    object_id=pk if isinstance(pk, int) else None,
                    object_repr=f"{model._meta.model_name} #{pk}",
                    action=LogEntry.Action.UPDATE,
                    changes=changed,
                    additional_data=filed,
                    actor=actor,
                    actor_email=getattr(actor, "email", None),
                    timestamp=now,
                )
            )
        for entry in entries:
            # What auditlog's own entries get on save: the request's actor and address when
            # no actor was named (bulk_create sends no signals of its own).
            pre_save.send(
                sender=LogEntry, instance=entry, raw=False, using=None, update_fields=None
            )
        LogEntry.objects.bulk_create(entries, batch_size=LOG_BATCH)
    return updated


def trail_values_erase(entries: QuerySet[LogEntry]) -> int:
    """Remove the values from `entries`; who did what, and when, stays. Returns how many."""
    changed = 0
    for entry in entries.iterator():
        # Plain UPDATE: LogEntry is not audited, and save() would stamp the current actor.
        LogEntry.objects.filter(pk=entry.pk).update(
            changes={name: [ERASED, ERASED] for name in (entry.changes or {})},
            object_repr=ERASED,
            serialized_data=None,
            changes_text="",
        )
        changed += 1
    return changed


def entries_of(model: type[models.Model], pks: Iterable[Any]) -> QuerySet[LogEntry]:
    """The trail of these rows of `model`."""
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_pk__in=[str(pk) for pk in pks],
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, models.Model):
        return str(value.pk)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


@contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """Entries written inside are by `actor` (a task or command acting for someone).

    auditlog's `set_actor` replaces the current context for good; this restores the outer
    one (a request's) afterwards, so an eager task inside a request does not orphan it.
    """
    previous = auditlog_value.get(None)
    try:
        with set_actor(actor):
            yield
    finally:
        if previous is not None:
            auditlog_value.set(previous)


class AuditActorMiddleware(AuditlogMiddleware):
    """auditlog's middleware, with the actor looked up when an entry is written.

    DRF authenticates a token inside the view, after middleware ran; it then sets the
    request's user, so a lazy look-up finds the token's user as well as a session's.
    """

    @staticmethod
    def _get_actor(request: HttpRequest) -> Any:
        def current_user() -> Any:
            user = getattr(request, "user", None)
            return user if user is not None and user.is_authenticated else None

        return SimpleLazyObject(current_user)


# Reading the trail ---------------------------------------------------------------------------

EVENT_LABELS = {
    "approved": _("approved"),
    "rejected": _("rejected"),
    "ended": _("ended early"),
    "do_not_pair": _("marked “do not pair again”"),
    "revoked": _("revoked"),
    "cancelled": _("cancelled"),
    "erased": _("personal data erased"),
}
ACTION_LABELS = {
    LogEntry.Action.CREATE: _("created"),
    LogEntry.Action.UPDATE: _("changed"),
    LogEntry.Action.DELETE: _("deleted"),
    LogEntry.Action.ACCESS: _("viewed"),
}


def history_entries(*, filed_under: Q, program_ids: Iterable[int]) -> QuerySet[LogEntry]:
    """Entries matching `filed_under` (a Q on `additional_data__<key>`), of the given
    programmes or of none (an account's own rows), newest first, with actor and kind loaded."""
    return (
        LogEntry.objects.filter(filed_under)
        .filter(
            Q(additional_data__program__in=list(program_ids))
            | Q(additional_data__program__isnull=True)
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def filed_under(key: str, pk: int | None) -> Q:
    if pk is None:
        return Q(pk__in=[])
    return Q(**{f"additional_data__{key}": pk})


@dataclass(frozen=True)
class HistoryChange:
    field: str
    old: str
    new: str
    is_masked: bool
    is_erased: bool


@dataclass(frozen=True)
class HistoryRow:
    when: datetime
    actor: str
    what: str
    action: str
    changes: list[HistoryChange]


def _field_label(model: type[models.Model] | None, name: str) -> str:
    if model is None:
        return name
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return name


def _actor_name(entry: LogEntry) -> str:
    actor = entry.actor
    if actor is None:
        return str(_("the system"))
    if not actor.is_active and not actor.full_name:
        return str(_("an erased account"))
    return str(actor.full_name or actor.email)


def history_rows(entries: Iterable[LogEntry]) -> list[HistoryRow]:
    """What a coordinator reads: masked values as "changed", erased ones as "erased"."""
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        event = (entry.additional_data or {}).get("event", "")
        changes = []
        for name, values in sorted((entry.changes or {}).items()):
            old, new = [*values, None, None][:2] if isinstance(values, list) else (None, None)
            changes.append(
                HistoryChange(
                    field=_field_label(model, name),
                    old="" if old in (None, "None") else str(old),
                    new="" if new in (None, "None") else str(new),
                    is_masked=old == MASKED and new == MASKED,
                    is_erased=ERASED in (old, new),
                )
            )
        what = str(model._meta.verbose_name) if model is not None else entry.content_type.model
        rows.append(
            HistoryRow(
                when=entry.timestamp,
                actor=_actor_name(entry),
                what=f"{what} #{entry.object_pk}",
                action=str(EVENT_LABELS.get(event) or ACTION_LABELS.get(entry.action) or ""),
                changes=changes,
            )
        )
    return rows
