"""The systemd units in deploy/ are ones systemd accepts, and start what the project ships."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.requirements import unavailable

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
INSTALLED_AT = "/srv/welcome-ambassador"


def test_there_is_a_unit_for_web_worker_and_beat() -> None:
    assert [unit.name for unit in UNITS] == [
        "welcome-ambassador-beat.service",
        "welcome-ambassador-web.service",
        "welcome-ambassador-worker.service",
    ]


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.stem)
def test_systemd_analyze_verify_finds_nothing_wrong(unit: Path, tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        unavailable(
            "systemd-analyze is not installed (Debian: apt-get install systemd)",
            required_by="REQUIRE_SYSTEMD_TESTS",
        )
    # As installed: the checkout where the unit expects it (this one), its virtualenv's
    # programs; everything else (users, directories, the environment file) as shipped.
    text = unit.read_text().replace(f"{INSTALLED_AT}/.venv/bin", str(Path(sys.executable).parent))
    copy = tmp_path / unit.name
    copy.write_text(text.replace(INSTALLED_AT, str(ROOT)))

    verified = subprocess.run(  # noqa: S603 - a fixed program on our own file
        [analyze, "verify", str(copy)], capture_output=True, text=True, timeout=60
    )

    assert (verified.returncode, verified.stderr.strip()) == (0, "")
