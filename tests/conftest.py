"""The named cast every test can ask for.

- `program` (Warszawa) and `other_program` (Kraków), two cities sharing one deployment;
- `volunteer` (a resident mentor) and `newcomer` of `program`, and their `coordinator`;
- `outsider`: the coordinator of `other_program`, who must never see `program`'s data;
- `staff`: an operator of the whole deployment.

Test set-up runs with tenant scopes disabled so factories can write anywhere; every request
made through a client runs the real scoping of the middleware and authentication.
Sign clients in with `force_login` (session) or a real token: DRF's `force_authenticate`
skips the authentication class that scopes token callers.

The helpers every test shares: `tests.clients.signed_in` (a person's client),
`tests.unchanged.nothing_changes` (a refused write leaves every table and the outbox as they
were) and `tests.queries.queries_for_few_and_many` (a list costs the same for two rows or
twenty).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from _pytest.nodeid import NodeId
from auditlog.context import auditlog_disabled
from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import translation
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from accounts.audit import audited_fields_of, recording_update
from accounts.models import Program, Role, User
from matching.snapshot import snapshot_clear
from tests.factories import ProgramFactory, UserFactory, member
from tests.instants import at_every_hour  # noqa: F401  (a fixture every test may ask for)


def pytest_configure(config: pytest.Config) -> None:
    """TEST_NOW=2027-03-28T03:30+02:00 runs the whole session with the clock started at that
    instant (ticking on from there): the suite must pass at any time of day (README)."""
    instant = os.environ.get("TEST_NOW", "").strip()
    if instant:
        moment = datetime.fromisoformat(instant)
        if moment.tzinfo is None:
            raise pytest.UsageError(f"TEST_NOW={instant!r}: give the offset, e.g. +01:00")
        traveller = time_machine.travel(moment, tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def pytest_report_header() -> str | None:
    instant = os.environ.get("TEST_NOW", "").strip()
    return f"TEST_NOW: the clock starts at {instant}" if instant else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`make test`), the tests that run a Celery worker share one Redis
    broker database, its queues and its heartbeat: they all run in one xdist process, one at a
    time (`--dist loadgroup`)."""
    for item in items:
        if item.get_closest_marker("worker"):
            item.add_marker(pytest.mark.xdist_group("redis"))
    if getattr(config.option, "loadgroup", False):  # set in the xdist processes
        # pytest-xdist 3.8 names the group in the test's id through `_nodeid`, which pytest 9
        # no longer reads (it keeps the id in `_id`): without this the groups are ignored.
        for item in items:
            groups = sorted({str(mark.args[0]) for mark in item.iter_markers("xdist_group")})
            if groups and "@" not in item.nodeid:
                item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(groups)}")  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _scopes_disabled_for_set_up() -> Iterator[None]:
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _the_deployments_language() -> Iterator[None]:
    """Each test starts in the deployment's language: a request's LocaleMiddleware leaves its
    language active in the thread, which would otherwise leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_matching_snapshots() -> Iterator[None]:
    """Each test starts without a process-wide pool snapshot: factories write around the
    services that bump the pool version, and test databases reuse ids."""
    snapshot_clear()
    yield
    snapshot_clear()


TESTS = Path(__file__).resolve().parent


def _allowed_without_an_entry() -> bool:
    """Whether the code that called into Django is a test arranging its world (allowed to
    write rows directly) rather than the platform's own code; a deletion's cascade (a SET_NULL
    of the rows pointing at a deleted one) counts with the deletion, logged by auditlog."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.endswith(("django/db/models/deletion.py",)):
            return True
        if filename != __file__ and "site-packages" not in filename and filename[0] != "<":
            return Path(filename).resolve().is_relative_to(TESTS)
        frame = frame.f_back  # type: ignore[assignment]
    return False


@pytest.fixture(autouse=True)
def _audited_changes_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every change of an audited field leaves an entry: an `update()` that bypasses
    `accounts.audit.audited_update` (outside an erasure's `disable_auditlog()`) fails the test
    that reached it, naming the model and fields."""
    plain_update = QuerySet.update
    plain_bulk_update = QuerySet.bulk_update

    def refuse_unrecorded(model: type, fields: Iterable[str]) -> None:
        touched = sorted(audited_fields_of(model) & set(fields))
        if (
            touched
            and not recording_update.get()
            and not auditlog_disabled.get()
            and not _allowed_without_an_entry()
        ):
            raise AssertionError(
                f"{model.__name__}.{', '.join(touched)} changed without an audit entry: "
                "use accounts.audit.audited_update"
            )

    def update(self: QuerySet[Any], **changes: Any) -> int:
        refuse_unrecorded(self.model, changes)
        return plain_update(self, **changes)

    def bulk_update(self: QuerySet[Any], objs: Any, fields: Any, **options: Any) -> int:
        refuse_unrecorded(self.model, fields)
        return plain_bulk_update(self, objs, fields, **options)

    monkeypatch.setattr(QuerySet, "update", update)
    monkeypatch.setattr(QuerySet, "bulk_update", bulk_update)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Rate limits (allauth's sign-up e-mails, the public certificate check) count in the
    cache, which outlives a test."""
    cache.clear()


@pytest.fixture
def program(db: None) -> Program:
    return ProgramFactory.create(
        slug="warszawa", name="Ambasadorzy Powitania Warszawa", city="Warszawa"
    )


@pytest.fixture
def other_program(db: None) -> Program:
    return ProgramFactory.create(slug="krakow", name="Krakowscy Ambasadorzy", city="Kraków")


@pytest.fixture
def coordinator(program: Program) -> User:
    return member(program, Role.COORDINATOR, full_name="Agnieszka Wiśniewska")


@pytest.fixture
def outsider(other_program: Program) -> User:
    return member(other_program, Role.COORDINATOR, full_name="Tomasz Zieliński")


@pytest.fixture
def volunteer(program: Program) -> User:
    return member(program, Role.VOLUNTEER, full_name="Anna Kowalska")


@pytest.fixture
def newcomer(program: Program) -> User:
    return member(program, Role.NEWCOMER, full_name="Олена Ковальчук", preferred_language="uk")


@pytest.fixture
def staff(db: None) -> User:
    return UserFactory.create(is_staff=True, full_name="Operator")


@pytest.fixture
def api() -> APIClient:
    return APIClient()
