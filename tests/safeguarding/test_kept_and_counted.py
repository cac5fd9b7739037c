"""Case records are kept as the law expects and counted, never detailed (issue #22, points 5
and 7)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.data_register import registered, unclassified_fields
from accounts.personal_data import Person
from commitments.services import match_end
from matching.models import Match
from privacy.retention import retention_sweep
from privacy.services import person_erase, person_export
from reports.impact import public_figures
from reports.statistics import program_statistics
from reports.suppression import FEWER_THAN_FIVE
from safeguarding.models import Concern, ConcernAction
from safeguarding.retention import concerns_retention_sweep
from safeguarding.services import concern_raise, concern_update
from tests.safeguarding.cast import Pair, pair_in

pytestmark = pytest.mark.django_db

SECRET = "Zostawiał mnie samą z dziećmi"


@pytest.fixture
def pair(program, coordinator, volunteer, newcomer) -> Pair:
    return pair_in(program, coordinator=coordinator, volunteer=volunteer, newcomer=newcomer)


def _concern(pair: Pair) -> Concern:
    return concern_raise(
        by=pair.newcomer, match=pair.match, about=pair.volunteer, category="other",
        description=SECRET,
    )  # fmt: skip


def test_the_ordinary_retention_sweep_leaves_case_records(pair):
    concern = _concern(pair)
    concern_update(concern=concern, by=pair.lead, status="closed", outcome="advice")

    retention_sweep(today=timezone.localdate() + timedelta(days=365 * 5))

    assert Concern.objects.get(pk=concern.pk).description == SECRET


def test_case_records_go_after_their_own_retention(pair):
    concern = _concern(pair)
    open_one = _concern(pair)
    concern_update(concern=concern, by=pair.lead, status="closed", outcome="advice")
    today = timezone.localdate()

    assert concerns_retention_sweep(today=today + timedelta(days=365 * 9)) == 0
    assert concerns_retention_sweep(today=today + timedelta(days=365 * 10 + 5)) > 0

    assert list(Concern.objects.all()) == [open_one]  # an open case is never deleted
    assert not ConcernAction.objects.filter(concern_id=concern.pk).exists()


def test_erasing_the_person_leaves_the_case_to_the_lead_and_exports_nothing_of_it(pair):
    concern = _concern(pair)
    concern_update(concern=concern, by=pair.lead, status="closed", outcome="no_action")
    match_end(match=Match.objects.get(pk=pair.match.pk), by=pair.lead, end_reason="moved_away")

    assert SECRET not in str(person_export(Person(user=pair.newcomer)))
    assert SECRET not in str(person_export(Person(user=pair.volunteer)))
    person_erase(person=Person(user=pair.volunteer), by=pair.coordinator)

    assert Concern.objects.get(pk=concern.pk).description == SECRET


def test_concerns_are_in_the_register_of_personal_data():
    assert registered()["safeguarding.Concern"]["description"].category == "special-category"
    assert not [name for name in unclassified_fields() if "safeguarding" in name]


def test_the_yearly_report_counts_concerns_with_small_count_suppression(pair):
    year = timezone.localdate().year
    for _ in range(2):
        _concern(pair)

    statistics = program_statistics(program=pair.program, year=year)
    assert (statistics.concerns_raised, statistics.concerns_closed) == (2, 0)
    figures = public_figures(statistics)
    assert figures["concerns_raised"] == FEWER_THAN_FIVE
    assert figures["concerns_closed"] == 0
    assert SECRET not in str(figures)
