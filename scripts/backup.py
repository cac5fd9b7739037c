"""`python scripts/backup.py --to DIR`: a consistent backup of a deployment, in one directory.

Run it on a host that has the deployment's environment (the same variables as the services):

    set -a; . /etc/welcome-ambassador/env; set +a
    .venv/bin/python scripts/backup.py --to /var/backups/welcome-ambassador

It writes `DIR/welcome-ambassador-<UTC time>/` (mode 0700) holding:
- `database.dump`: `pg_dump --format=custom` of DATABASE_URL's database. pg_dump reads
  everything in one repeatable-read transaction, so the dump is consistent while the services
  keep running;
- `media.tar.gz`: MEDIA_ROOT, when it exists;
- `keys.env` (mode 0600): CERTIFICATE_SIGNING_KEY and CERTIFICATE_PREVIOUS_KEYS, without which
  restored certificates cannot be re-signed and retired keys' certificates stop verifying.
  This makes the backup a secret: store it encrypted, like the secret store. Where keys live in
  a secret store that is backed up on its own, pass `--without-keys`;
- `manifest.json`: when, which database, the row count of every table and the SHA-256 of every
  file; `scripts/restore.py` checks the restored database against it.

The connection parameters travel to pg_dump in its environment (PGPASSWORD...), never on a
command line that `ps` would show.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"
KEYS_FILE = "keys.env"
MANIFEST_FILE = "manifest.json"


class BackupError(Exception):
    pass


def django_settings() -> Any:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    return settings


def postgres_environment(database: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for a Django database (PostgreSQL only)."""
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("DATABASE_URL: backups are made of PostgreSQL databases only.")
    values = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGDATABASE": database["NAME"],
    }
    return {**os.environ, **{name: value for name, value in values.items() if value}}


def table_row_counts(environment: dict[str, str]) -> dict[str, int]:
    """Every table of the public schema with its number of rows."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    conninfo = make_conninfo(**_connection_arguments(environment))
    with psycopg.connect(conninfo) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts = {}
        for table in tables:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            row = connection.execute(query).fetchone()
            counts[table] = int(row[0]) if row else 0
    return counts


def _connection_arguments(environment: dict[str, str]) -> dict[str, str]:
    names = {"PGHOST": "host", "PGPORT": "port", "PGUSER": "user", "PGPASSWORD": "password"}
    arguments = {names[name]: environment[name] for name in names if environment.get(name)}
    arguments["dbname"] = environment["PGDATABASE"]
    return arguments


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(*, to: Path, with_keys: bool = True) -> Path:
    settings = django_settings()
    database = settings.DATABASES["default"]
    environment = postgres_environment(database)
    taken_at = datetime.now(UTC)
    target = to / f"welcome-ambassador-{taken_at:%Y%m%dT%H%M%SZ}"
    target.mkdir(parents=True, mode=0o700)

    subprocess.run(  # noqa: S603 - pg_dump with fixed arguments
        ["pg_dump", "--format=custom", "--no-owner", f"--file={target / DATABASE_FILE}"],  # noqa: S607
        env=environment,
        check=True,
        timeout=3600,
    )
    counts = table_row_counts(environment)

    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        with tarfile.open(target / MEDIA_FILE, "w:gz") as archive:
            archive.add(media_root, arcname="media")

    if with_keys:
        keys = target / KEYS_FILE
        keys.touch(mode=0o600)
        keys.write_text(
            f"CERTIFICATE_SIGNING_KEY={settings.CERTIFICATE_SIGNING_KEY}\n"
            f"CERTIFICATE_PREVIOUS_KEYS={','.join(settings.CERTIFICATE_PREVIOUS_KEYS)}\n"
        )

    manifest = {
        "taken_at": taken_at.isoformat(),
        "database": database["NAME"],
        "tables": counts,
        "files": {
            path.name: sha256_of(path)
            for path in sorted(target.iterdir())
            if path.name != MANIFEST_FILE
        },
    }
    (target / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description="Back up the database, media and keys.")
    parser.add_argument("--to", type=Path, required=True, help="directory to write into")
    parser.add_argument(
        "--without-keys", action="store_true", help="the signing keys live in a secret store"
    )
    options = parser.parse_args()
    try:
        target = backup(to=options.to, with_keys=not options.without_keys)
    except (BackupError, subprocess.CalledProcessError) as error:
        print(f"backup failed: {error}", file=sys.stderr)
        return 1
    manifest = json.loads((target / MANIFEST_FILE).read_text())
    rows = sum(manifest["tables"].values())
    print(f"{target}: {len(manifest['tables'])} tables, {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
