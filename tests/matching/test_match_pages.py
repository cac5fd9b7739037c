"""The coordinators' pages: matches to review, matching runs, and the decision buttons."""

from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages

from accounts.models import Program, User
from matching.models import Match, MatchingRun
from tests.clients import signed_in
from tests.matching.matches_cast import open_request, proposals, proposed, ready_volunteer
from tests.queries import queries_for_few_and_many

# The workspace navigation's live counts on every coordinator page (commitments.workspace).
NAVIGATION_QUERIES = 5


def said(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_matches_page_lists_proposals_with_score_reasons_and_buttons(
    coordinator: User, program: Program
) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    response = signed_in(coordinator, language="en").get("/coordinators/matches/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Олена Ковальчук" in page and "Anna Kowalska" in page
    assert f"{round(match.score * 100)}%" in page
    assert "Both speak Ukrainian (B2)." in page
    # Each decision goes through its confirmation; rejecting looks like a warning.
    assert f'class="button" href="/coordinators/matches/{match.pk}/approve/?next=' in page
    assert f'class="button-danger" href="/coordinators/matches/{match.pk}/reject/?next=' in page
    assert "style=" not in page


def test_the_matches_page_filters_by_status_and_run(coordinator: User, program: Program) -> None:
    run = MatchingRun.objects.create(program=program)
    from_run = proposed(open_request(program, "Olena"), ready_volunteer(program), coordinator)
    Match.objects.filter(pk=from_run.pk).update(run=run)
    proposed(open_request(program, "Andrii"), ready_volunteer(program, "Piotr Nowak"), coordinator)
    client = signed_in(coordinator, language="en")

    by_run = client.get(f"/coordinators/matches/?run={run.pk}&status=proposed").content.decode()
    active = client.get("/coordinators/matches/?status=active").content.decode()

    assert "Olena" in by_run and "Andrii" not in by_run
    assert "Olena" not in active and "No matches match these filters." in active


def test_the_matches_page_costs_the_same_queries_for_two_or_twenty_matches(
    coordinator: User, program: Program
) -> None:
    client = signed_in(coordinator, language="en")

    few, many, response = queries_for_few_and_many(
        proposals(program, coordinator), lambda: client.get("/coordinators/matches/")
    )

    assert response.status_code == 200
    # user (the session comes from the cache), scope (whose memberships answer the role check),
    # count, and one page of matches joined with programme, request, both people and their accounts,
    # and the proposed volunteers' agreements
    assert many == few == 5 + NAVIGATION_QUERIES


def test_approving_from_the_page_goes_back_to_next(coordinator: User, program: Program) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    response = signed_in(coordinator, language="en").post(
        f"/coordinators/matches/{match.pk}/approve/", {"next": "/coordinators/matches/?x=1"}
    )

    assert (response.status_code, response["Location"]) == (302, "/coordinators/matches/?x=1")
    assert said(response) == ["The match is approved."]
    match.refresh_from_db()
    assert match.status == "active"


def test_a_next_on_another_site_is_ignored(coordinator: User, program: Program) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    response = signed_in(coordinator, language="en").post(
        f"/coordinators/matches/{match.pk}/approve/", {"next": "https://evil.example.org/"}
    )

    assert response["Location"] == "/coordinators/matches/"


def test_rejecting_from_the_page_needs_a_reason(coordinator: User, program: Program) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)
    client = signed_in(coordinator, language="en")

    without = client.post(f"/coordinators/matches/{match.pk}/reject/", {})
    match.refresh_from_db()
    # The confirmation again, with the missing reason said at its field.
    assert (without.status_code, match.status) == (400, "proposed")
    assert '<p class="error-message" id="id_reason_error">' in without.content.decode()
    assert '<a href="#id_reason">This field is required.</a>' in without.content.decode()

    with_reason = client.post(f"/coordinators/matches/{match.pk}/reject/", {"reason": "Too far"})

    assert said(with_reason)[-1] == "The proposal is rejected."
    match.refresh_from_db()
    assert (match.status, match.reason) == ("rejected", "Too far")


def test_one_click_proposes_and_approves(coordinator: User, program: Program) -> None:
    volunteer = ready_volunteer(program)
    request = open_request(program)
    back = f"/coordinators/requests/{request.pk}/candidates/"

    response = signed_in(coordinator, language="en").post(
        "/coordinators/matches/propose/",
        {"request": request.pk, "volunteer": volunteer.pk, "approve": "1", "next": back},
    )

    assert (response.status_code, response["Location"]) == (302, back)
    assert said(response) == ["The match is approved."]
    match = Match.objects.get()
    assert (match.status, match.volunteer, match.started_on is not None) == (
        "active",
        volunteer,
        True,
    )
    assert [d.action for d in match.decisions.all()] == ["proposed", "approved"]


def test_proposing_from_the_page_without_approval_leaves_a_proposal(
    coordinator: User, program: Program
) -> None:
    volunteer = ready_volunteer(program)
    request = open_request(program)

    response = signed_in(coordinator, language="en").post(
        "/coordinators/matches/propose/", {"request": request.pk, "volunteer": volunteer.pk}
    )

    assert response["Location"] == "/coordinators/matches/"
    assert said(response) == ["Proposed."]
    assert Match.objects.get().status == "proposed"


def test_a_refused_proposal_says_why_and_stores_nothing(
    coordinator: User, program: Program
) -> None:
    volunteer = ready_volunteer(program, is_trained=False)
    request = open_request(program)

    response = signed_in(coordinator, language="en").post(
        "/coordinators/matches/propose/",
        {"request": request.pk, "volunteer": volunteer.pk, "approve": "1"},
    )

    assert said(response) == ["This volunteer has not completed the required training."]
    assert not Match.objects.exists()


def test_the_runs_page_starts_a_run_and_shows_it(
    coordinator: User, program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    ready_volunteer(program)
    open_request(program)
    client = signed_in(coordinator, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/coordinators/runs/", {"program": program.pk})
    page = client.get("/coordinators/runs/")

    assert (started.status_code, started["Location"]) == (302, "/coordinators/runs/")
    run = MatchingRun.objects.get()
    assert (run.status, run.proposals) == ("done", 1)
    assert page.status_code == 200
    assert f"/coordinators/matches/?run={run.pk}&amp;status=proposed" in page.content.decode()


def test_the_runs_page_follows_a_working_run_without_reloading_itself(
    coordinator: User, program: Program
) -> None:
    run = MatchingRun.objects.create(
        program=program, status="running", stage="solving", progress=40
    )

    page = signed_in(coordinator, language="en").get("/coordinators/runs/").content.decode()

    # static/js/progress.js polls the run (tests/e2e); without JavaScript, a refresh link.
    assert 'http-equiv="refresh"' not in page
    assert f'data-progress-url="/api/v1/matching-runs/{run.pk}/"' in page
    assert 'value="40"' in page
    assert 'href="/coordinators/runs/"' in page
    assert "js/progress.js" in page


def test_the_runs_page_costs_the_same_queries_for_two_or_twenty_runs(
    coordinator: User, program: Program
) -> None:
    client = signed_in(coordinator, language="en")

    def add(numbers: range) -> None:
        for _index in numbers:
            MatchingRun.objects.create(program=program, started_by=coordinator)

    few, many, response = queries_for_few_and_many(add, lambda: client.get("/coordinators/runs/"))

    assert response.status_code == 200
    # user (the session comes from the cache), scope (whose memberships answer the role check), the
    # coordinator's programmes for the form, and the recent runs joined with programme and starter
    assert many == few == 4 + NAVIGATION_QUERIES


def test_pages_are_for_coordinators_only(
    volunteer: User, newcomer: User, program: Program, coordinator: User
) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)
    for person in (volunteer, newcomer):
        client = signed_in(person, language="en")
        assert client.get("/coordinators/matches/").status_code == 403
        assert client.get("/coordinators/runs/").status_code == 403
        assert client.post(f"/coordinators/matches/{match.pk}/approve/").status_code == 403
        assert (
            client.post(f"/coordinators/matches/{match.pk}/reject/", {"reason": "x"}).status_code
            == 403
        )
    match.refresh_from_db()
    assert match.status == "proposed"


def test_the_outsider_cannot_reach_the_programmes_matches(
    outsider: User, program: Program, coordinator: User
) -> None:
    volunteer = ready_volunteer(program)
    request = open_request(program)
    match = proposed(request, volunteer, coordinator)
    client = signed_in(outsider, language="en")

    assert client.post(f"/coordinators/matches/{match.pk}/approve/").status_code == 404
    assert (
        client.post(f"/coordinators/matches/{match.pk}/reject/", {"reason": "x"}).status_code == 404
    )
    assert (
        client.post(
            "/coordinators/matches/propose/", {"request": request.pk, "volunteer": volunteer.pk}
        ).status_code
        == 404
    )
    assert "Anna Kowalska" not in client.get("/coordinators/matches/").content.decode()
    match.refresh_from_db()
    assert (match.status, Match.objects.count()) == ("proposed", 1)


def test_approving_asks_first_saying_what_happens_and_who_is_told(
    coordinator: User, program: Program
) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)
    client = signed_in(coordinator, language="en")

    asked = client.get(f"/coordinators/matches/{match.pk}/approve/", {"next": "/coordinators/"})

    page = asked.content.decode()
    match.refresh_from_db()
    assert (asked.status_code, match.status) == (200, "proposed")
    assert "Approve this match?" in page
    assert "What will happen" in page and "Who will be told" in page
    assert "Anna Kowalska gets an e-mail with the newcomer&#x27;s first name." in page
    assert f'action="/coordinators/matches/{match.pk}/approve/"' in page
    assert 'name="next" value="/coordinators/"' in page
    assert 'class="button-primary">Approve</button>' in page

    done = client.post(f"/coordinators/matches/{match.pk}/approve/", {"next": "/coordinators/"})

    match.refresh_from_db()
    assert (done["Location"], match.status) == ("/coordinators/", "active")
    # Approved, it has nothing left to approve: the confirmation sends the reader back.
    again = client.get(f"/coordinators/matches/{match.pk}/approve/")
    assert again.status_code == 302
    assert "button-danger" not in client.get("/coordinators/matches/").content.decode()


def test_rejecting_asks_first_with_a_warning_button(coordinator: User, program: Program) -> None:
    match = proposed(open_request(program), ready_volunteer(program), coordinator)

    page = (
        signed_in(coordinator, language="en")
        .get(f"/coordinators/matches/{match.pk}/reject/")
        .content.decode()
    )

    assert "Reject this proposal?" in page
    assert "The request stays in the queue with its waiting time" in page
    assert 'name="reason"' in page
    assert 'class="button-danger">Reject the proposal</button>' in page
