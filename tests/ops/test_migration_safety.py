"""Migrations that are safe to run while the previous release still serves.

A deployment migrates first and then restarts web and worker processes, so for a while the
old code runs against the new schema, and the migration itself must not hold a lock that
stops every request on a large table. This test reads every migration of the project's apps
and fails on an operation known to lock or to break the old code, unless the migration is
listed in REVIEWED with the reason it is safe (docs/operations.md, release checklist).

Safe without review:
- creating a model, and anything done in the same migration to a model it creates (the
  table is new and empty);
- adding a nullable column, or one with a constant default (PostgreSQL 11+ adds it without
  rewriting the table; Django evaluates a callable default once, and a blank text column gets
  ''), without an index, unique constraint or foreign key;
- `AddIndexConcurrently` / `RemoveIndexConcurrently` (django.contrib.postgres) in a
  non-atomic migration; dropping an index or a constraint; options and managers.

Known to lock or to break the running release (review needed): an index or constraint added
to an existing table (built and validated under a lock; use `AddIndexConcurrently`, or a
constraint added NOT VALID and validated later), a foreign key added to an existing table,
`AlterField` (may rewrite the table), removing or renaming a field, model or table (the old
code still reads it: remove in the release after the one that stops using it), raw SQL, and
`RunPython` without a reverse function.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.base import Operation

PROJECT = Path(__file__).resolve().parents[2]

# (app, migration) -> why it is safe. Everything listed was read and reasoned about.
REVIEWED: dict[tuple[str, str], str] = {
    ("newcomers", "0006_request_paused"): (
        "The AlterField of SupportRequest.status adds the choice 'paused' only, which Django "
        "never sends to the database (no SQL); the other columns are nullable dates."
    ),
    ("matching", "0002_check_ins_surveys_end_reasons"): (
        "The AlterField of MatchDecision.action changes its choices only, which Django never "
        "sends to the database (no SQL); the rest adds blank or nullable columns."
    ),
    ("accounts", "0012_user_email_confirmed"): (
        "Adds a boolean with a constant default (no rewrite), sets it for users with a verified "
        "address (one update, about 100,000 rows in the largest deployment benchmarked: row "
        "locks the old release does not contend for outside sign-ups) and builds a partial "
        "index of the unconfirmed (at 100,000 users, 30 ms, blocking writes to users that "
        "long). The old release never reads the column. An address confirmed through the old "
        "release after this migration ran reaches the flag when the release checklist's "
        "`manage.py mirror_email_confirmations` runs (docs/operations.md)."
    ),
    ("volunteers", "0007_profile_program_created_index"): (
        "The index on (program, created_at) is built on the volunteer profiles, one row per "
        "resident (100,000 in the largest deployment benchmarked; such an index took 45 ms there): "
        "built under a lock that blocks writes to profiles for that long, not reads."
    ),
    ("certificates", "0003_status_list"): (
        "The unique constraint on (program, status_index) is built on the certificates table, "
        "one row per certificate issued (thousands, not millions): the index takes "
        "milliseconds under its lock. The new column is nullable, and the old release inserts "
        "NULL, which the constraint allows (NULLs are distinct); the new code gives such a "
        "certificate its entry when it is first needed."
    ),
    ("certificates", "0004_status_indexes_for_issued_certificates"): (
        "Fills the new nullable column of the certificates issued so far, per programme, with "
        "one bulk update each (thousands of rows); the old release never reads the column. "
        "Reversing it needs nothing: reversing 0003 drops the column and the lists."
    ),
    ("accounts", "0003_notification_to_an_address"): (
        "The AlterField makes Notification.user nullable: `ALTER COLUMN user_id DROP NOT NULL`, "
        "a catalogue change without a rewrite or scan; the old release never reads the rows "
        "without a user (only the new code writes them, for newcomers' claim links) except "
        "to send them, where a failure is retried by the new release's workers."
    ),
    ("training", "0001_training_and_checks_from_volunteers"): (
        "Like commitments 0001: a state-only move of five models and their content types."
    ),
    ("certificates", "0005_service_confirmation_and_opinion"): (
        "The AlterField of Certificate.kind adds two choices, which Django never sends to the "
        "database (no SQL); the opinion requests' table is new."
    ),
    ("newcomers", "0003_full_name_latin"): (
        "Adds a blank text column (no rewrite), then fills it for the names already stored in "
        "bulk updates of a thousand rows; the old release never reads the column and leaves "
        "it blank for newcomers it registers meanwhile, which the next save of the profile "
        "fills. Going back needs nothing: reversing drops the column."
    ),
    ("commitments", "0001_check_ins_surveys_from_matching"): (
        "The models move between apps in Django's state only (the tables keep their names); "
        "the RunPython renames two content types, a two-row update with a way back. Until the "
        "old release stops, an audit entry it writes for a check-in or survey answer gets a "
        "new `matching` content type (Django creates one on demand), which the history page "
        "of the new release does not list: a few minutes of entries at most."
    ),
}

ALWAYS_SAFE = (
    migrations.CreateModel,
    migrations.AlterModelOptions,
    migrations.AlterModelManagers,
    migrations.RemoveIndex,
    migrations.RemoveConstraint,
)


def project_apps() -> set[str]:
    return {
        config.label
        for config in apps.get_app_configs()
        if PROJECT in Path(config.path).parents and ".venv" not in Path(config.path).parts
    }


def project_migrations() -> dict[tuple[str, str], migrations.Migration]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    labels = project_apps()
    return {key: value for key, value in loader.disk_migrations.items() if key[0] in labels}


def _adds_a_plain_column(field: models.Field) -> bool:  # type: ignore[type-arg]
    # A blank text column without a default is added with '' (Django's effective default).
    blank_text = field.blank and field.empty_strings_allowed
    has_default = field.has_default() or field.db_default is not models.NOT_PROVIDED or blank_text
    return (
        (field.null or has_default)
        and not field.unique
        and not getattr(field, "db_index", False)
        and not field.is_relation
    )


def locking_operations(migration: migrations.Migration) -> list[str]:
    """Descriptions of the operations of `migration` that need a review."""
    created = {
        operation.name_lower
        for operation in migration.operations
        if isinstance(operation, migrations.CreateModel)
    }
    found = []
    for operation in migration.operations:
        if not _is_safe(operation, created, atomic=migration.atomic):
            found.append(operation.describe())
    return found


def _is_safe(operation: Operation, created: set[str], *, atomic: bool) -> bool:
    from django.contrib.postgres.operations import (
        AddIndexConcurrently,
        RemoveIndexConcurrently,
    )

    if isinstance(operation, ALWAYS_SAFE):
        return True
    if isinstance(operation, AddIndexConcurrently | RemoveIndexConcurrently):
        return not atomic
    model_name = getattr(operation, "model_name_lower", None) or getattr(
        operation, "name_lower", None
    )
    if model_name in created:
        return True
    if isinstance(operation, migrations.AddField):
        return _adds_a_plain_column(operation.field)
    if isinstance(operation, migrations.SeparateDatabaseAndState):
        return all(
            _is_safe(inner, created, atomic=atomic) for inner in operation.database_operations
        )
    return False


def test_every_migration_is_safe_while_the_old_release_serves_or_reviewed() -> None:
    unreviewed = {
        key: found
        for key, migration in sorted(project_migrations().items())
        if (found := locking_operations(migration)) and key not in REVIEWED
    }

    assert unreviewed == {}, (
        "These migrations lock a table or break the running release; make them safe "
        "(docs/operations.md) or list them in REVIEWED with the reason they are safe: "
        f"{unreviewed}"
    )


def test_every_reviewed_migration_exists_and_needed_a_review() -> None:
    known = project_migrations()

    stale = {key for key in REVIEWED if key not in known or not locking_operations(known[key])}

    assert stale == set()


def migration_with(*operations: Operation, atomic: bool = True) -> migrations.Migration:
    """A migration of `matching` made of `operations` (class attributes in Django)."""
    attributes = {"operations": list(operations), "atomic": atomic}
    made = type("Migration", (migrations.Migration,), attributes)
    return made("0099_under_test", "matching")


def test_the_check_catches_an_index_added_to_an_existing_table() -> None:
    migration = migration_with(
        migrations.AddIndex(
            model_name="match", index=models.Index(fields=["score"], name="match_score_idx")
        ),
        migrations.AddField("match", "note_two", models.TextField(default="")),
    )

    assert locking_operations(migration) == [
        "Create index match_score_idx on field(s) score of model match"
    ]


def test_the_check_catches_a_run_python_without_a_way_back() -> None:
    migration = migration_with(migrations.RunPython(lambda apps, schema_editor: None))

    assert len(locking_operations(migration)) == 1


def test_the_check_lets_a_concurrent_index_in_a_non_atomic_migration_pass() -> None:
    from django.contrib.postgres.operations import AddIndexConcurrently

    migration = migration_with(
        AddIndexConcurrently("match", models.Index(fields=["score"], name="match_score_idx")),
        atomic=False,
    )

    assert locking_operations(migration) == []
