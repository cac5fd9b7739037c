"""Certificates issued before status lists existed get their entries when the migration runs:
one each, in the order they were issued, the revoked ones' bits set."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from accounts.models import Program
from certificates.status_lists import BLOCK, bit_is_set, scattered_index

BEFORE = [("certificates", "0002_batch_session_from_training")]
AFTER = [("certificates", "0004_status_indexes_for_issued_certificates")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrates to the targets and returns the models as the database now holds them: the
    other apps stay at their latest migrations (a volunteer has a district), so the state is
    that of every applied migration, not only of the targets' ancestors."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    loader = MigrationLoader(connection)
    applied = [key for key in loader.applied_migrations if key in loader.graph.nodes]
    return loader.project_state(applied).apps


@pytest.mark.django_db(transaction=True)
def test_certificates_issued_before_status_lists_get_entries_and_revoked_ones_their_bits(
    program: Program, other_program: Program
) -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        _issue_before_status_lists_and_migrate(program, other_program)
    finally:
        # The other tests of this process share its database: leave it at today's schema.
        _migrate(latest)


def _issue_before_status_lists_and_migrate(program: Program, other_program: Program) -> None:
    apps = _migrate(BEFORE)
    certificate_model = apps.get_model("certificates", "Certificate")
    volunteer_model = apps.get_model("volunteers", "VolunteerProfile")
    user_model = apps.get_model("accounts", "User")

    def old_certificate(program_id: int, serial: str, day: int, revoked: bool) -> None:
        user = user_model.objects.create(email=f"{serial}@example.org", full_name=serial)
        volunteer = volunteer_model.objects.create(user=user, program_id=program_id)
        moment = datetime(2026, 3, day, 12, tzinfo=UTC)
        certificate_model.objects.create(
            program_id=program_id, volunteer=volunteer, kind="recognition",
            subject_key=f"recognition:{serial}", serial=serial, holder_name=serial,
            program_name="P", program_city="C", issuer_name="I", issued_on=moment.date(),
            issued_at=moment, key_id="k", signature="s",
            revoked_at=moment if revoked else None, revocation_reason="Pomyłka" if revoked else "",
        )  # fmt: skip

    old_certificate(program.pk, "SECOND", day=2, revoked=True)
    old_certificate(program.pk, "FIRST", day=1, revoked=False)
    old_certificate(other_program.pk, "ELSEWHERE", day=1, revoked=False)

    apps = _migrate(AFTER)
    certificates = apps.get_model("certificates", "Certificate").objects
    lists = apps.get_model("certificates", "StatusList").objects

    here = lists.get(program_id=program.pk)
    key = bytes(here.permutation_key)
    assert certificates.get(serial="FIRST").status_index == scattered_index(0, key)
    assert certificates.get(serial="SECOND").status_index == scattered_index(1, key)
    assert here.allocated == 2
    bits = bytes(here.bits)
    assert len(bits) == BLOCK // 8
    assert bit_is_set(bits, scattered_index(1, key))
    assert not bit_is_set(bits, scattered_index(0, key))
    elsewhere = lists.get(program_id=other_program.pk)
    assert elsewhere.allocated == 1
    assert bytes(elsewhere.bits) == bytes(BLOCK // 8)
