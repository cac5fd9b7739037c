"""Two processes, one database: each keeps its own pool snapshot, and neither serves a stale
one after the other changed a volunteer (the versioned snapshot of matching/snapshot.py).

The second process is a real Python process started here on the test database; both talk
only to PostgreSQL, as web processes on two hosts would. Runs on PostgreSQL (CI); SQLite's
in-memory test database cannot be shared between processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django_scopes import scopes_disabled

from accounts.models import Program
from matching.candidates import candidates_for
from newcomers.models import SupportRequest
from tests.matching.matches_cast import open_request, ready_volunteer
from tests.ops.postgres import PROJECT, database_url, require_postgres
from volunteers.models import VolunteerProfile
from volunteers.services import volunteer_profile_update

OTHER_PROCESS = """
import json, sys
import django
django.setup()
from django_scopes import scopes_disabled
from matching.candidates import candidates_for
from newcomers.models import SupportRequest
from volunteers.models import VolunteerProfile
from volunteers.services import volunteer_profile_update

for line in sys.stdin:
    command, number, *rest = line.split(maxsplit=2)
    with scopes_disabled():
        if command == "candidates":
            request = SupportRequest.objects.select_related("program").get(pk=int(number))
            answer = [candidate.volunteer_id for candidate in candidates_for(request)]
        else:
            profile = VolunteerProfile.objects.select_related("user").get(pk=int(number))
            volunteer_profile_update(profile=profile, data={"languages": json.loads(rest[0])})
            answer = "changed"
    print(json.dumps(answer), flush=True)
"""

SPEAKS_UKRAINIAN = {"pl": "native", "uk": "B2"}
POLISH_ONLY = {"pl": "native"}


class OtherProcess:
    def __init__(self) -> None:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url(),
        }
        self.process = subprocess.Popen(  # noqa: S603 - the project's own interpreter
            [sys.executable, "-c", OTHER_PROCESS],
            cwd=PROJECT,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, line: str) -> object:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, "the other process died"
        return json.loads(answer)

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def other_process() -> Iterator[OtherProcess]:
    require_postgres()
    other = OtherProcess()
    yield other
    other.stop()


def candidates_here(request: SupportRequest) -> list[int]:
    with scopes_disabled():
        request = SupportRequest.objects.select_related("program").get(pk=request.pk)
        return [candidate.volunteer_id for candidate in candidates_for(request)]


@pytest.mark.django_db(transaction=True)
def test_a_change_made_in_one_process_is_seen_by_the_other_processs_snapshot(
    program: Program, other_process: OtherProcess
) -> None:
    volunteer = ready_volunteer(program, languages=SPEAKS_UKRAINIAN)
    request = open_request(program)  # a newcomer who speaks Ukrainian only
    # Both processes warm their snapshot of the programme's pool.
    assert candidates_here(request) == [volunteer.pk]
    assert other_process.ask(f"candidates {request.pk}") == [volunteer.pk]

    # Here: the volunteer no longer speaks Ukrainian. There: no candidate any more.
    with scopes_disabled():
        profile = VolunteerProfile.objects.select_related("user").get(pk=volunteer.pk)
        volunteer_profile_update(profile=profile, data={"languages": POLISH_ONLY})
    assert other_process.ask(f"candidates {request.pk}") == []

    # There: the volunteer speaks Ukrainian again. Here: a candidate again.
    answer = other_process.ask(f"update {volunteer.pk} {json.dumps(SPEAKS_UKRAINIAN)}")
    assert answer == "changed"
    assert candidates_here(request) == [volunteer.pk]
