"""Moving models between apps in migrations: their content types follow them.

Django names a content type by app label and model. When a model moves to another app by a
state-only migration, its old content type is relabelled instead of a new one being made,
so everything pointing at it (the audit trail, permissions) stays attached to the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

MigrationFunction = Callable[[Any, Any], None]


def content_types_move(
    *, models: Iterable[str], source: str, target: str
) -> tuple[MigrationFunction, MigrationFunction]:
    """The forward and backward functions of a `RunPython` relabelling `models` (lower-case
    model names) from app `source` to app `target`."""
    names = tuple(models)

    def relabel(apps: Any, schema_editor: Any, *, old: str, new: str) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        rows = content_type.objects.using(schema_editor.connection.alias)
        for model in names:
            # One made under the new label by an earlier `migrate` loses to the old one,
            # which the audit trail points at.
            if rows.filter(app_label=old, model=model).exists():
                rows.filter(app_label=new, model=model).delete()
                rows.filter(app_label=old, model=model).update(app_label=new)

    def forward(apps: Any, schema_editor: Any) -> None:
        relabel(apps, schema_editor, old=source, new=target)

    def backward(apps: Any, schema_editor: Any) -> None:
        relabel(apps, schema_editor, old=target, new=source)

    return forward, backward
