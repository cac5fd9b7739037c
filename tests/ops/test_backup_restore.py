"""The restore rehearsal: back up a seeded database, restore it into a fresh one, compare.

Runs on PostgreSQL with pg_dump and pg_restore on PATH (CI); skipped on SQLite.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from accounts.models import Role, User
from certificates.models import Certificate, CertificateKind
from certificates.services import certificate_issue
from tests.ops.postgres import database_url, project_python, require_postgres
from volunteers.models import VolunteerProfile

VERIFY = """
import json, sys
import django
django.setup()
from certificates.selectors import verification_of
result = verification_of(sys.argv[1])
print(json.dumps({"status": result.status, "authentic": result.is_authentic}))
"""


@pytest.fixture
def restored_database() -> Iterator[str]:
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def tables_and_samples(url: str) -> tuple[dict[str, int], dict[str, list[tuple[object, ...]]]]:
    """Every table's row count, and its first five rows in a stable order."""
    counts: dict[str, int] = {}
    samples: dict[str, list[tuple[object, ...]]] = {}
    with psycopg.connect(url) as database:
        tables = [
            row[0]
            for row in database.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        for table in tables:
            name = sql.Identifier(table)
            row = database.execute(sql.SQL("SELECT count(*) FROM {}").format(name)).fetchone()
            counts[table] = row[0] if row else 0
            samples[table] = database.execute(
                sql.SQL("SELECT * FROM {} AS t ORDER BY t::text LIMIT 5").format(name)
            ).fetchall()
    return counts, samples


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_identical_and_certificates_verify(
    restored_database: str, tmp_path: Path
) -> None:
    require_postgres("pg_dump", "pg_restore")
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    volunteer = VolunteerProfile.objects.filter(is_trained=True).select_related("program").first()
    assert volunteer is not None
    coordinator = User.objects.filter(
        memberships__program=volunteer.program, memberships__role=Role.COORDINATOR
    ).first()
    assert coordinator is not None
    from_the_demo = Certificate.objects.count()
    certificate, created = certificate_issue(
        volunteer=volunteer, kind=CertificateKind.TRAINING, by=coordinator
    )
    assert created
    media = tmp_path / "media"
    (media / "reports").mkdir(parents=True)
    (media / "reports" / "2027.pdf").write_bytes(b"%PDF-1.7 a stored report")

    made = project_python(
        "scripts/backup.py",
        "--to",
        str(tmp_path / "backups"),
        DATABASE_URL=database_url(),
        MEDIA_ROOT=str(media),
    )
    assert made.returncode == 0, made.stderr
    (backup,) = (tmp_path / "backups").iterdir()
    assert sorted(path.name for path in backup.iterdir()) == [
        "database.dump",
        "keys.env",
        "manifest.json",
        "media.tar.gz",
    ]
    assert oct(backup.joinpath("keys.env").stat().st_mode & 0o777) == "0o600"

    restored_media = tmp_path / "restored-media"
    restored = project_python(
        "scripts/restore.py",
        str(backup),
        DATABASE_URL=database_url(restored_database),
        MEDIA_ROOT=str(restored_media),
    )
    assert restored.returncode == 0, restored.stderr

    original_counts, original_samples = tables_and_samples(database_url())
    restored_counts, restored_samples = tables_and_samples(database_url(restored_database))
    assert restored_counts == original_counts
    assert original_counts["certificates_certificate"] == from_the_demo + 1
    assert sum(original_counts.values()) > 100
    assert restored_samples == original_samples
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["tables"] == original_counts
    assert (restored_media / "reports" / "2027.pdf").read_bytes() == b"%PDF-1.7 a stored report"

    keys = dict(
        line.split("=", 1) for line in (backup / "keys.env").read_text().splitlines() if line
    )
    verified = project_python(
        "-c",
        VERIFY,
        str(certificate.serial),
        DATABASE_URL=database_url(restored_database),
        CERTIFICATE_SIGNING_KEY=keys["CERTIFICATE_SIGNING_KEY"],
    )
    assert verified.returncode == 0, verified.stderr
    assert json.loads(verified.stdout) == {"status": "valid", "authentic": True}


@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_database_that_is_not_empty(tmp_path: Path) -> None:
    require_postgres("pg_dump", "pg_restore")
    made = project_python("scripts/backup.py", "--to", str(tmp_path), DATABASE_URL=database_url())
    assert made.returncode == 0, made.stderr
    (backup,) = tmp_path.iterdir()

    refused = project_python("scripts/restore.py", str(backup), DATABASE_URL=database_url())

    assert refused.returncode == 1
    assert "not empty; restore into a new database" in refused.stderr
