"""A database made by the release before the apps were split migrates with its data intact.

Check-ins and survey answers moved from `matching` to `commitments`, training and safeguarding
checks from `volunteers` to `training` (state-only migrations: the tables keep their names).
This test migrates the test database back to that release's migrations, writes rows there
with the historical models (and an audit entry about a check-in), migrates forward to today,
and reads everything back through today's models.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_scopes import scopes_disabled

from certificates.models import CertificateBatch
from commitments.models import CheckIn, SurveyResponse
from training.models import SafeguardingCheck, SessionSignup, TrainingCompletion, TrainingModule

# The last migration of each app in the release before the split; the apps it created after
# (commitments, training) did not exist.
BEFORE_THE_SPLIT = [
    ("accounts", "0003_notification_to_an_address"),
    ("volunteers", "0002_training_and_safeguarding"),
    ("newcomers", "0001_initial"),
    ("matching", "0002_check_ins_surveys_end_reasons"),
    ("certificates", "0001_initial"),
    ("reports", "0001_impact_reports_and_imports"),
    ("commitments", None),
    ("training", None),
]
DAY = date(2026, 11, 2)


def _migrated(executor: MigrationExecutor, targets: list[tuple[str, str | None]]) -> Any:
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    applied = [(app, name) for app, name in targets if name is not None]
    return executor.loader.project_state(applied).apps


def _rows_of_the_old_release(apps: Any) -> dict[str, int]:
    """A programme with a match, its check-in and survey answer, a volunteer's training, a
    safeguarding check and a bulk-issuing batch, as the old release stored them."""
    model = apps.get_model
    program = model("accounts", "Program").objects.create(
        slug="warszawa", name="Ambasadorzy Powitania", city="Warszawa"
    )
    user = model("accounts", "User")
    anna = user.objects.create(email="anna@example.org", full_name="Anna Kowalska")
    olena = user.objects.create(email="olena@example.org", full_name="Олена Ковальчук")
    volunteer = model("volunteers", "VolunteerProfile").objects.create(
        user=anna, program=program, capacity=2
    )
    newcomer = model("newcomers", "NewcomerProfile").objects.create(user=olena, program=program)
    request = model("newcomers", "SupportRequest").objects.create(
        program=program, newcomer=newcomer, needs=["housing"], modes=["in_person"]
    )
    match = model("matching", "Match").objects.create(
        program=program, request=request, volunteer=volunteer, newcomer=newcomer,
        status="active", score=0.8, started_on=DAY, commitment_ends_on=DAY + timedelta(days=181),
    )  # fmt: skip
    check_in = model("matching", "CheckIn").objects.create(
        program=program, match=match, date=DAY + timedelta(days=3), duration_minutes=90,
        topics=["housing"], note="Urząd dzielnicy", satisfaction=4, by=anna,
    )  # fmt: skip
    survey = model("matching", "SurveyResponse").objects.create(
        program=program, match=match, respondent=olena, number=1, rating=5, note="Dobrze"
    )
    module = model("volunteers", "TrainingModule").objects.create(
        program=program, title="Podstawy", translations={"uk": {"title": "Основи"}}
    )
    session = model("volunteers", "TrainingSession").objects.create(
        program=program, module=module, starts_at=timezone.now(), place="Urząd, pok. 12"
    )
    model("volunteers", "SessionSignup").objects.create(
        session=session, volunteer=volunteer, attended=True
    )
    completion = model("volunteers", "TrainingCompletion").objects.create(
        program=program, volunteer=volunteer, module=module, completed_on=DAY, session=session
    )
    check = model("volunteers", "SafeguardingCheck").objects.create(
        program=program, volunteer=volunteer, kind="criminal_record", checked_on=DAY,
        expires_on=DAY + timedelta(days=365),
    )  # fmt: skip
    batch = model("certificates", "CertificateBatch").objects.create(
        program=program, session=session
    )
    # Content types and the audit trail are not migrated by the split: today's models.
    check_in_type, _created = ContentType.objects.get_or_create(
        app_label="matching", model="checkin"
    )
    entry = LogEntry.objects.create(
        content_type_id=check_in_type.pk, object_pk=str(check_in.pk), object_id=check_in.pk,
        object_repr="check-in", action=0, changes={"duration_minutes": [None, "90"]},
        additional_data={"program": program.pk, "match": match.pk},
    )  # fmt: skip
    return {
        "check_in": check_in.pk, "survey": survey.pk, "module": module.pk,
        "completion": completion.pk, "check": check.pk, "batch": batch.pk,
        "session": session.pk, "entry": entry.pk,
    }  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_release_before_the_split_migrates_with_its_rows() -> None:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        old_apps = _migrated(executor, BEFORE_THE_SPLIT)
        ids = _rows_of_the_old_release(old_apps)
    finally:
        _migrated(MigrationExecutor(connection), latest)

    with scopes_disabled():
        check_in = CheckIn.objects.get(pk=ids["check_in"])
        assert (check_in.duration_minutes, check_in.note) == (90, "Urząd dzielnicy")
        assert check_in.match.volunteer.user.full_name == "Anna Kowalska"
        assert SurveyResponse.objects.get(pk=ids["survey"]).note == "Dobrze"
        assert TrainingModule.objects.get(pk=ids["module"]).title_in("uk") == "Основи"
        completion = TrainingCompletion.objects.get(pk=ids["completion"])
        assert (completion.completed_on, completion.session_id) == (DAY, ids["session"])
        assert SessionSignup.objects.get(session_id=ids["session"]).attended is True
        assert SafeguardingCheck.objects.get(pk=ids["check"]).kind == "criminal_record"
        assert CertificateBatch.objects.get(pk=ids["batch"]).session_id == ids["session"]
    # The audit entry follows its row: it is filed under the check-in's new app.
    entry = LogEntry.objects.get(pk=ids["entry"])
    assert (entry.content_type.app_label, entry.content_type.model) == ("commitments", "checkin")
    assert entry.content_type.model_class() is CheckIn
    assert not ContentType.objects.filter(app_label="matching", model="checkin").exists()
