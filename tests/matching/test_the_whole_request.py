"""The whole request beside every decision: the request, candidates, proposal, match, end and
commitments pages and the coordinators' API answers show the note, district, meeting modes and
days, urgency, children, the newcomer's languages with levels and the days waited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Program, User
from matching.models import Match, MatchStatus
from newcomers.models import SupportRequest
from newcomers.services import newcomer_profile_update
from tests.clients import signed_in
from tests.matching.pool_cast import asking, mentor

NOTE = "PESEL number for me and my 7-year-old daughter"


def _olena(program: Program, **fields: object) -> SupportRequest:
    request = asking(
        program,
        "Олена Шевченко",
        notes=NOTE,
        involves_minors=True,
        urgency="high",
        modes=["in_person", "online"],
        days=["mon", "sat"],
        waiting_since=timezone.now() - timedelta(days=12),
        **fields,
    )
    request.newcomer.place_name = "Praga-Północ"
    request.newcomer.city = "Warszawa"
    request.newcomer.save()
    # Written as the services write a name: with its Latin form, which the search reads.
    newcomer_profile_update(profile=request.newcomer, data={"full_name": "Олена Шевченко"})
    return request


def _assert_whole_request(html: str) -> None:
    assert NOTE in html
    assert "Olena Shevchenko" in html  # the Latin form beside the Cyrillic
    assert "Олена Шевченко" in html
    assert "Praga-Północ, Warszawa" in html
    assert "In person, Online" in html
    assert "Monday, Saturday" in html
    assert "<strong>High</strong>" in html
    assert "Children involved" in html
    assert "Ukrainian (native), Polish (A2)" in html
    assert "12 days" in html


def _match(program: Program, request: SupportRequest, coordinator: User, status: str) -> Match:
    volunteer = mentor(program, "Anna Kowalska", capacity=2)
    return Match.objects.create(
        program=program,
        request=request,
        volunteer=volunteer,
        newcomer=request.newcomer,
        status=status,
        score=0.8,
        started_on=timezone.localdate() if status == MatchStatus.ACTIVE else None,
        commitment_ends_on=(
            timezone.localdate() + timedelta(days=180) if status == MatchStatus.ACTIVE else None
        ),
    )


@pytest.mark.parametrize(
    "page",
    ["coordinator-requests-page", "request-candidates-page"],
)
def test_the_request_pages_show_the_whole_request(
    coordinator: User, program: Program, page: str
) -> None:
    request = _olena(program)
    mentor(program, "Anna Kowalska")
    url = reverse(page, args=[request.pk]) if page == "request-candidates-page" else reverse(page)

    response = signed_in(coordinator).get(url, HTTP_ACCEPT_LANGUAGE="en")

    _assert_whole_request(response.content.decode())


def test_the_proposal_page_shows_the_whole_request(coordinator: User, program: Program) -> None:
    _match(program, _olena(program), coordinator, MatchStatus.PROPOSED)

    response = signed_in(coordinator).get(
        reverse("coordinator-matches-page"), HTTP_ACCEPT_LANGUAGE="en"
    )

    _assert_whole_request(response.content.decode())


@pytest.mark.parametrize("page", ["coordinator-commitments-page", "match-end-page"])
def test_the_pages_of_an_active_pair_show_the_whole_request(
    coordinator: User, program: Program, page: str
) -> None:
    match = _match(program, _olena(program, status="matched"), coordinator, MatchStatus.ACTIVE)
    url = reverse(page, args=[match.pk]) if page == "match-end-page" else reverse(page)

    response = signed_in(coordinator).get(url, HTTP_ACCEPT_LANGUAGE="en")

    _assert_whole_request(response.content.decode())


def test_the_queue_finds_a_newcomer_by_the_latin_form_of_her_name(
    coordinator: User, program: Program
) -> None:
    _olena(program)
    asking(program, "Tomasz Nowak")

    html = (
        signed_in(coordinator)
        .get(reverse("coordinator-requests-page"), {"name": "shevchenko"})
        .content.decode()
    )

    assert "Олена Шевченко" in html
    assert "Tomasz Nowak" not in html


def test_the_request_api_answers_the_whole_request_for_coordinators(
    coordinator: User, program: Program
) -> None:
    request = _olena(program)

    body = signed_in(coordinator).get(f"/api/v1/requests/{request.pk}/").json()

    assert body["notes"] == NOTE
    assert body["newcomer_name"] == "Олена Шевченко"
    assert body["newcomer_name_latin"] == "Olena Shevchenko"
    assert body["newcomer_languages"] == {"uk": "native", "pl": "A2"}
    assert body["district"] == "Praga-Północ, Warszawa"
    assert body["involves_minors"] is True
    assert body["waiting_days"] == 12
    found = signed_in(coordinator).get("/api/v1/requests/", {"name": "olena"}).json()
    assert [row["id"] for row in found["results"]] == [request.pk]


def test_the_match_api_answers_the_whole_request_to_coordinators_only(
    coordinator: User, program: Program
) -> None:
    match = _match(program, _olena(program, status="matched"), coordinator, MatchStatus.ACTIVE)

    body = signed_in(coordinator).get(f"/api/v1/matches/{match.pk}/").json()
    as_volunteer = signed_in(match.volunteer.user).get(f"/api/v1/matches/{match.pk}/").json()

    details = body["request_details"]
    assert details["notes"] == NOTE
    assert details["district"] == "Praga-Północ, Warszawa"
    assert details["modes"] == ["in_person", "online"]
    assert details["days"] == ["mon", "sat"]
    assert details["urgency"] == "high"
    assert details["involves_minors"] is True
    assert details["languages"] == {"uk": "native", "pl": "A2"}
    assert details["waiting_days"] == 12
    assert body["newcomer_name_latin"] == "Olena Shevchenko"
    assert as_volunteer["request_details"] is None
    assert as_volunteer["newcomer_name_latin"] == "Olena"
