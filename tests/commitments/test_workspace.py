"""One coordinator workspace: every coordinator page carries the navigation with live counts
(open requests, proposals to review, pairs at risk, training and checks lapsing), computed in
a fixed number of queries; the home shows them with the oldest waiting request first; at-risk
pairs stand out and offer what helps before "End early"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Program, User
from commitments.workspace import workspace_counts
from matching.models import Match, MatchHealth
from tests.clients import signed_in
from tests.matching.matches_cast import active, open_request, proposed, ready_volunteer

COORDINATOR_PAGES = [
    "/coordinators/",
    "/coordinators/requests/",
    "/coordinators/intake/",
    "/coordinators/volunteers/",
    "/coordinators/matches/",
    "/coordinators/runs/",
    "/coordinators/commitments/",
    "/coordinators/training/",
    "/coordinators/training/sessions/",
    "/coordinators/training/lapses/",
    "/coordinators/certificates/",
    "/coordinators/dashboard/",
    "/coordinators/import/",
]


def _morning(program: Program, coordinator: User, size: int) -> None:
    """`size` waiting requests, proposals and active pairs, one in two at risk."""
    for index in range(size):
        open_request(program, f"Waiting {index}")
        proposed(
            open_request(program, f"Proposed {index}"),
            ready_volunteer(program, f"Proposer {index}"),
            coordinator,
        )
        match = active(
            open_request(program, f"Paired {index}"),
            ready_volunteer(program, f"Mentor {index}"),
            coordinator,
        )
        if index % 2 == 0:
            Match.objects.filter(pk=match.pk).update(health=MatchHealth.AT_RISK)


@pytest.mark.parametrize("size", [1, 4])
def test_the_counts_take_five_queries_whatever_the_size(
    program: Program, coordinator: User, size: int, django_assert_num_queries: Any
) -> None:
    _morning(program, coordinator, size)

    with django_assert_num_queries(5):
        counts = workspace_counts(coordinator)

    # Open requests: those waiting and those with a proposal, as the queue lists them.
    assert (counts.open_requests, counts.proposals, counts.at_risk) == (
        2 * size,
        size,
        (size + 1) // 2,
    )


def test_another_programmes_work_is_not_counted(
    program: Program, other_program: Program, coordinator: User, outsider: User
) -> None:
    _morning(other_program, outsider, 2)

    counts = workspace_counts(coordinator)

    assert (counts.open_requests, counts.proposals, counts.at_risk) == (0, 0, 0)


@pytest.mark.parametrize("address", COORDINATOR_PAGES)
def test_every_coordinator_page_carries_the_navigation_with_counts(
    program: Program, coordinator: User, address: str
) -> None:
    _morning(program, coordinator, 1)

    page = signed_in(coordinator, language="en").get(address).content.decode()

    assert 'aria-label="Coordinator pages"' in page
    assert 'Proposals to review <span class="count count-waiting">1</span>' in page
    assert 'Pairs at risk <span class="count count-alert">1</span>' in page
    assert 'aria-current="page"' in page or address == "/coordinators/intake/"


def test_the_home_shows_the_counts_and_the_oldest_request_first(
    program: Program, coordinator: User
) -> None:
    recent = open_request(program, "Recent Newcomer")
    oldest = open_request(program, "Олена Шевченко")
    oldest.waiting_since = timezone.now() - timedelta(days=40)
    oldest.save()

    page = signed_in(coordinator, language="en").get("/coordinators/").content.decode()

    assert "<strong>2</strong>Open requests" in page
    assert page.index("Олена Шевченко") < page.index("Recent Newcomer")
    assert "40 days" in page
    assert f'href="/coordinators/requests/{recent.pk}/candidates/"' in page


def test_an_at_risk_pair_stands_out_with_helpful_actions_before_ending(
    program: Program, coordinator: User
) -> None:
    match = active(open_request(program), ready_volunteer(program), coordinator)
    Match.objects.filter(pk=match.pk).update(health=MatchHealth.AT_RISK)

    page = signed_in(coordinator, language="en").get("/coordinators/commitments/").content.decode()

    assert '<tr class="at-risk">' in page
    assert '<span class="badge-alert">At risk</span>' in page
    helpful = [page.index(text) for text in ("Contact the pair", "Plan a check-in", "Note a call")]
    assert max(helpful) < page.index("End early")
    assert f'href="/matches/{match.pk}/#check-in"' in page
    assert "mailto:" in page and "subject=Shall%20we%20plan%20a%20check-in%3F" in page
