"""What each person reads of the others, field by field (issue #9, point 1, field level).

A volunteer reads of their newcomer only the first name, the needs of the match and the
contact the newcomer chose (on the match page, while the match runs): never the surname, the
address, another phone or e-mail, nor the request's notes. Request notes are for the
programme's coordinators and the newcomer who wrote them. The world is
tests/security/world.py: Anna Kowalska mentors Олена Ковальчук in Warszawa.
"""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from rest_framework.test import APIClient

from tests.security.world import COORDINATOR, NEWCOMER, STAFF, VOLUNTEER, World

ApiFor = Callable[[str], APIClient]
BrowserFor = Callable[[str], Client]


def kept_from_the_volunteer(world: World) -> list[str]:
    return sorted(world.secrets["warszawa"].kept_from_volunteer)


def test_the_volunteer_reads_the_newcomers_first_name_and_needs_in_the_api(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(VOLUNTEER).get(f"/api/v1/matches/{world.mine.match.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert (body["newcomer_name"], body["needs"]) == ("Олена", ["admin_procedures"])
    assert "notes" not in body
    text = response.content.decode()
    assert [secret for secret in kept_from_the_volunteer(world) if secret in text] == []


def test_the_volunteer_reads_the_newcomers_first_name_in_their_match_list(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(VOLUNTEER).get("/api/v1/matches/")

    assert [match["newcomer_name"] for match in response.json()["results"]] == ["Олена"]
    text = response.content.decode()
    assert [secret for secret in kept_from_the_volunteer(world) if secret in text] == []


def test_the_volunteer_reads_the_newcomers_first_name_on_check_ins(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(VOLUNTEER).get(f"/api/v1/matches/{world.mine.match.pk}/check-ins/")

    assert [entry["by_name"] for entry in response.json()["results"]] == ["Олена"]


def test_the_volunteers_match_page_shows_the_first_name_and_the_chosen_contact_only(
    world: World, browser_for: BrowserFor
) -> None:
    response = browser_for(VOLUNTEER).get(f"/matches/{world.mine.match.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Олена" in page
    assert "olena.kontakt@example.org" in page  # she chose e-mail, with this address
    assert [secret for secret in kept_from_the_volunteer(world) if secret in page] == []


def test_the_newcomer_reads_the_volunteers_first_name_and_her_own_full_name(
    world: World, api_for: ApiFor
) -> None:
    body = api_for(NEWCOMER).get(f"/api/v1/matches/{world.mine.match.pk}/").json()

    assert (body["volunteer_name"], body["newcomer_name"]) == ("Anna", "Олена Ковальчук")


def test_the_coordinator_and_staff_read_both_full_names(world: World, api_for: ApiFor) -> None:
    for role in (COORDINATOR, STAFF):
        body = api_for(role).get(f"/api/v1/matches/{world.mine.match.pk}/").json()
        check_ins = api_for(role).get(f"/api/v1/matches/{world.mine.match.pk}/check-ins/")

        assert (body["volunteer_name"], body["newcomer_name"]) == (
            "Anna Kowalska",
            "Олена Ковальчук",
        ), role
        assert check_ins.json()["results"][0]["by_name"] == "Олена Ковальчук", role


def test_request_notes_are_read_by_the_coordinator_and_the_newcomer_who_wrote_them(
    world: World, api_for: ApiFor
) -> None:
    url = f"/api/v1/requests/{world.mine.matched_request.pk}/"
    notes = "Notatka poufna: sprawa w urzędzie wojewódzkim"

    as_coordinator = api_for(COORDINATOR).get(url)
    as_newcomer = api_for(NEWCOMER).get(url)
    as_volunteer = api_for(VOLUNTEER).get(url)

    assert as_coordinator.json()["notes"] == notes
    assert as_newcomer.json()["notes"] == notes
    assert as_volunteer.status_code == 403
    assert notes not in as_volunteer.content.decode()


def test_request_notes_appear_in_no_answer_to_the_volunteer(
    world: World, api_for: ApiFor, browser_for: BrowserFor
) -> None:
    notes = [world.mine.matched_request.notes, world.mine.request.notes]
    api, browser = api_for(VOLUNTEER), browser_for(VOLUNTEER)
    answers = [
        api.get("/api/v1/matches/"),
        api.get(f"/api/v1/matches/{world.mine.match.pk}/"),
        api.get(f"/api/v1/matches/{world.mine.match.pk}/check-ins/"),
        api.get("/api/v1/requests/"),
        api.get("/api/v1/auth/me/export/"),
        browser.get("/matches/"),
        browser.get(f"/matches/{world.mine.match.pk}/"),
    ]

    texts = [response.content.decode() for response in answers]  # type: ignore[attr-defined]
    assert [response.status_code for response in answers] == [200, 200, 200, 403, 200, 200, 200]
    assert [note for text in texts for note in notes if note in text] == []


def test_an_ended_match_page_no_longer_tells_how_to_reach_the_newcomer(
    world: World, api_for: ApiFor, browser_for: BrowserFor
) -> None:
    api_for(COORDINATOR).post(
        f"/api/v1/matches/{world.mine.match.pk}/end/", {"end_reason": "moved_away"}
    )

    page = browser_for(VOLUNTEER).get(f"/matches/{world.mine.match.pk}/").content.decode()

    assert "Олена" in page
    assert "olena.kontakt@example.org" not in page
