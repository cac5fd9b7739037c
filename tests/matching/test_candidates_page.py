"""/coordinators/requests/<id>/candidates/: the request and its ranked candidates, to propose."""

from __future__ import annotations

from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Program, User
from matching.models import Match
from tests.clients import signed_in
from tests.matching.pool_cast import asking, mentor


def page(request_id: int) -> str:
    return reverse("request-candidates-page", args=[request_id])


def test_a_coordinator_sees_the_request_and_can_propose_each_candidate(
    coordinator: User, program: Program
) -> None:
    anna = mentor(program, "Anna Kowalska")
    request = asking(program, "Олена Ковальчук")

    response = signed_in(coordinator).get(page(request.pk), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Candidates for Олена" in html
    assert "Official procedures" in html
    assert "Ukrainian (native)" in html
    assert "Anna Kowalska" in html
    assert "1.0 km" in html
    assert "Both speak Ukrainian (B2)." in html
    propose = reverse("match-propose-page")
    assert html.count(f'action="{propose}"') == 1
    assert f'name="volunteer" value="{anna.pk}"' in html
    assert f'name="request" value="{request.pk}"' in html
    assert f'name="next" value="{page(request.pk)}"' in html
    # Proposing and approving at once goes through its confirmation.
    assert f"{propose}?request={request.pk}&amp;volunteer={anna.pk}&amp;approve=1" in html


def test_a_request_that_is_not_open_shows_candidates_without_propose_buttons(
    coordinator: User, program: Program
) -> None:
    mentor(program, "Anna Kowalska")
    request = asking(program, status="matched")

    response = signed_in(coordinator).get(page(request.pk), HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert "Anna Kowalska" in html
    assert 'name="volunteer"' not in html


def test_the_requests_queue_links_each_request_to_its_candidates(
    coordinator: User, program: Program
) -> None:
    request = asking(program)

    response = signed_in(coordinator).get(reverse("coordinator-requests-page"))

    assert f'href="{page(request.pk)}"' in response.content.decode()


def test_only_coordinators_of_the_programme_see_the_page(
    volunteer: User,
    outsider: User,
    program: Program,
) -> None:
    request = asking(program)

    assert signed_in(volunteer).get(page(request.pk)).status_code == 403
    assert signed_in(outsider).get(page(request.pk)).status_code == 404
    anonymous = APIClient().get(page(request.pk))
    assert anonymous.status_code == 302


def test_after_proposing_the_page_shows_the_proposal_and_no_more_propose_buttons(
    coordinator: User, program: Program
) -> None:
    anna = mentor(program, "Anna Kowalska")
    mentor(program, "Piotr Nowak", km=2.0)
    request = asking(program)
    client = signed_in(coordinator)

    client.post(
        reverse("match-propose-page"),
        {"request": request.pk, "volunteer": anna.pk, "next": page(request.pk)},
        format="multipart",
    )
    html = client.get(page(request.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Proposed: Anna Kowalska." in html
    assert 'name="volunteer"' not in html
    match = Match.objects.get()
    assert f'href="{reverse("match-approve-page", args=[match.pk])}?next=' in html
    assert f'class="button-danger" href="{reverse("match-reject-page", args=[match.pk])}' in html


def test_proposing_and_approving_asks_first(coordinator: User, program: Program) -> None:
    anna = mentor(program, "Anna Kowalska")
    request = asking(program)
    client = signed_in(coordinator)

    asked = client.get(
        reverse("match-propose-page"),
        {"request": str(request.pk), "volunteer": str(anna.pk), "approve": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    html = asked.content.decode()
    assert asked.status_code == 200
    assert "Propose and approve this match?" in html
    assert "has no account yet: tell them yourself." in html
    assert not Match.objects.exists()
