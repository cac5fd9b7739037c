"""`python scripts/restore.py BACKUP_DIR`: restore a backup into an empty database, and check it.

DATABASE_URL names the database to restore into; it must exist and hold no table (create it
with `createdb`, or `CREATE DATABASE` as the PostgreSQL superuser). Then:

1. the files are checked against the manifest's SHA-256 sums;
2. `pg_restore --exit-on-error --single-transaction --no-owner` loads the dump: all or nothing;
3. `media.tar.gz` is unpacked into MEDIA_ROOT (which must be empty or missing);
4. every table's row count is compared with the manifest: any difference fails the restore.

The signing keys are not put anywhere: `keys.env` in the backup holds them; put them into the
environment (or secret store) of the services before starting them, or certificates issued
before the backup will not verify.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from scripts.backup import (  # noqa: E402
    DATABASE_FILE,
    KEYS_FILE,
    MANIFEST_FILE,
    MEDIA_FILE,
    BackupError,
    django_settings,
    postgres_environment,
    sha256_of,
    table_row_counts,
)


def restore(*, source: Path) -> dict[str, int]:
    manifest = json.loads((source / MANIFEST_FILE).read_text())
    for name, expected in manifest["files"].items():
        if sha256_of(source / name) != expected:
            raise BackupError(f"{name}: checksum differs from the manifest.")

    settings = django_settings()
    environment = postgres_environment(settings.DATABASES["default"])
    if table_row_counts(environment):
        raise BackupError(f"{environment['PGDATABASE']}: not empty; restore into a new database.")
    subprocess.run(  # noqa: S603 - pg_restore with fixed arguments
        [  # noqa: S607
            "pg_restore",
            "--exit-on-error",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            f"--dbname={environment['PGDATABASE']}",
            str(source / DATABASE_FILE),
        ],
        env=environment,
        check=True,
        timeout=3600,
    )

    if (source / MEDIA_FILE).exists():
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.exists() and any(media_root.iterdir()):
            raise BackupError(f"MEDIA_ROOT {media_root} is not empty.")
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / MEDIA_FILE) as archive:
            for member in archive.getmembers():
                relative = Path(member.name).relative_to("media")
                if member.isdir() or not relative.parts:
                    continue
                extracted = archive.extractfile(member)
                if extracted is None:  # links and devices are not media
                    continue
                destination = media_root / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(extracted.read())

    counts = table_row_counts(environment)
    if counts != manifest["tables"]:
        differing = sorted(
            table
            for table in set(counts) | set(manifest["tables"])
            if counts.get(table) != manifest["tables"].get(table)
        )
        raise BackupError(f"row counts differ from the manifest in: {', '.join(differing)}")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description="Restore a backup into an empty database.")
    parser.add_argument("source", type=Path, help="a directory written by scripts/backup.py")
    options = parser.parse_args()
    try:
        counts = restore(source=options.source)
    except (BackupError, subprocess.CalledProcessError) as error:
        print(f"restore failed: {error}", file=sys.stderr)
        return 1
    print(f"restored {len(counts)} tables, {sum(counts.values())} rows, as the manifest says")
    if (options.source / KEYS_FILE).exists():
        print(f"signing keys: set the variables in {options.source / KEYS_FILE} for the services")
    return 0


if __name__ == "__main__":
    sys.exit(main())
