"""The register of personal data classifies every stored field of our apps."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from accounts.data_register import (
    CATEGORIES,
    OUR_APPS,
    register_markdown,
    registered,
    stale_entries,
    unclassified_fields,
)


def test_every_stored_field_of_our_apps_is_classified() -> None:
    assert unclassified_fields() == []


def test_no_entry_names_a_field_that_no_longer_exists() -> None:
    assert stale_entries() == []


def test_every_model_of_our_apps_is_in_the_register() -> None:
    labels = {
        model._meta.label
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if not model._meta.proxy  # stores nothing of its own (accounts.ApiToken: knox's table)
    }

    assert labels <= set(registered())


def test_every_entry_has_a_category_purpose_and_retention() -> None:
    for label, fields in registered().items():
        for name, use in fields.items():
            assert use.category in CATEGORIES, f"{label}.{name}"
            assert use.purpose and use.retention, f"{label}.{name}"


def test_a_new_unclassified_field_fails(monkeypatch: object) -> None:
    from accounts import data_register

    without = {label: dict(fields) for label, fields in data_register._register.items()}
    without["volunteers.VolunteerProfile"].pop("bio")
    monkeypatch.setattr(data_register, "_register", without)  # type: ignore[attr-defined]

    assert unclassified_fields() == ["volunteers.VolunteerProfile.bio"]


def test_the_committed_register_is_up_to_date() -> None:
    committed = Path(settings.BASE_DIR) / "docs" / "data-register.md"

    assert committed.read_text(encoding="utf-8") == register_markdown(), (
        "run `python manage.py data_register --output docs/data-register.md`"
    )


def test_the_command_prints_the_register(capsys: object) -> None:
    call_command("data_register")

    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "## training.SafeguardingCheck" in printed
    assert "| `notes` | special-category |" in printed
