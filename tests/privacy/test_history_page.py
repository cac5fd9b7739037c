"""/coordinators/history/: a person's or a match's trail, for their programme's coordinators."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Program, User
from tests.clients import signed_in
from tests.matching.matches_cast import open_request, proposed, ready_volunteer

URL = "/coordinators/history/"


def test_a_match_history_shows_who_decided_and_masks_notes(
    coordinator: User, program: Program
) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)
    signed_in(coordinator).post(
        f"/coordinators/matches/{match.pk}/reject/", {"reason": "Sekret zdrowotny"}
    )

    response = signed_in(coordinator).get(URL, {"match": match.pk}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Agnieszka Wiśniewska" in page
    assert "rejected" in page
    assert "changed" in page
    assert "Sekret zdrowotny" not in page


def test_a_volunteers_history_includes_their_account_and_profile_changes(
    coordinator: User, program: Program
) -> None:
    volunteer = ready_volunteer(program, "Anna Kowalska")
    volunteer.bio = "Lubię szachy"
    volunteer.save()
    volunteer.user.full_name = "Anna Nowak"
    volunteer.user.save()

    response = signed_in(coordinator).get(URL, {"volunteer": volunteer.pk})

    page = response.content.decode()
    assert "Lubię szachy" in page
    assert "Anna Kowalska → Anna Nowak" in page


def test_a_newcomers_history_is_found_by_profile(coordinator: User, program: Program) -> None:
    request = open_request(program, "Олена Ковальчук")

    response = signed_in(coordinator).get(URL, {"newcomer": request.newcomer_id})

    assert response.status_code == 200
    assert "Олена Ковальчук" in response.content.decode()


def test_another_programmes_coordinator_gets_404(
    outsider: User, coordinator: User, program: Program
) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    for key, pk in (
        ("match", match.pk),
        ("volunteer", match.volunteer_id),
        ("newcomer", match.newcomer_id),
    ):
        assert signed_in(outsider).get(URL, {key: pk}).status_code == 404


def test_a_volunteer_gets_403(volunteer: User, coordinator: User, program: Program) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    assert signed_in(volunteer).get(URL, {"match": match.pk}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(program: Program) -> None:
    response = Client().get(URL, {"match": 1})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_missing_unknown_or_doubled_subject_is_404(coordinator: User) -> None:
    client = signed_in(coordinator)

    assert client.get(URL).status_code == 404
    assert client.get(URL, {"match": "abc"}).status_code == 404
    assert client.get(URL, {"match": 999999}).status_code == 404
    assert client.get(URL, {"match": 1, "volunteer": 1}).status_code == 404


def test_staff_see_any_programmes_history(staff: User, coordinator: User, program: Program) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    assert signed_in(staff).get(URL, {"match": match.pk}).status_code == 200


def test_the_page_costs_the_same_queries_for_few_or_many_entries(
    coordinator: User, program: Program
) -> None:
    volunteer = ready_volunteer(program)
    client = signed_in(coordinator)
    client.get(URL, {"volunteer": volunteer.pk})  # warms the content-type cache
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"volunteer": volunteer.pk}).status_code == 200
    for hours in range(20):
        volunteer.hours_per_week = hours + 1
        volunteer.save()
    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"volunteer": volunteer.pk})

    # user (the session comes from the cache), scope's memberships (which answer the
    # coordinator check), the volunteer's row, the coordinated programmes, the count of
    # entries and the page of entries (actor and kind joined): six, however many entries
    # there are, and the
    # workspace navigation's counts (5, commitments.workspace).
    assert len(few) == len(many) == 11, [query["sql"] for query in many.captured_queries]
