"""GET /api/v1/requests/{id}/candidates/: a coordinator's ranked volunteers for a request."""

from __future__ import annotations

import math
import runpy
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Membership, Program, Role, User
from accounts.scoping import user_scope
from core import clock
from matching.candidates import _compiled as compiled_requests
from matching.candidates import _request_query, candidates_for, request_for_candidates
from matching.models import PairExclusion
from matching.snapshot import snapshot_get
from newcomers.models import SupportRequest
from tests.clients import signed_in
from tests.matching.pool_cast import asking, mentor
from volunteers.models import VolunteerProfile
from volunteers.services import volunteer_active_matches_add, volunteer_profile_update


def url(request_id: int, query: str = "") -> str:
    return f"/api/v1/requests/{request_id}/candidates/{query}"


def names(response: object) -> list[str]:
    return [row["volunteer"]["full_name"] for row in response.json()]  # type: ignore[attr-defined]


def test_a_coordinator_gets_candidates_best_first_with_breakdown_and_reasons(
    coordinator: User, program: Program
) -> None:
    anna = mentor(program, "Anna Kowalska", km=1.0)
    mentor(program, "Piotr Nowak", km=3.0, skills=["housing"], languages={"uk": "C1"})
    request = asking(program)

    response = signed_in(coordinator).get(url(request.pk), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert names(response) == ["Anna Kowalska", "Piotr Nowak"]
    best = response.json()[0]
    assert best["volunteer"] == {"id": anna.pk, "full_name": "Anna Kowalska"}
    assert best["distance_km"] == pytest.approx(1.0, abs=0.001)
    assert best["breakdown"] == pytest.approx(
        {
            "language": 0.875,  # B2 shared (0.625) + speaks the first language (0.25)
            "skills": 1.0,
            "distance": math.exp(-0.1),
            "interests": 1.0,
            "availability": 1.0,
            "load": 1.0,
        },
        abs=1e-4,
    )
    assert best["score"] == pytest.approx(
        0.3 * 0.875 + 0.25 + 0.2 * math.exp(-0.1) + 0.1 + 0.1 + 0.05, abs=1e-4
    )
    assert best["reasons"] == [
        "Both speak Ukrainian (B2).",
        "Speaks the newcomer's first language, Ukrainian (B2).",
        "Can help with: Official procedures.",
        "1.0 km away.",
        "Shared interest: Chess.",
        "Both free on Monday.",
    ]
    assert best["reason_codes"][0] == {
        "code": "shared_language",
        "params": {"language": "uk", "level": "B2"},
    }


def test_only_volunteers_meeting_every_condition_are_candidates(
    coordinator: User, program: Program
) -> None:
    mentor(program, "Anna Kowalska")
    mentor(program, "Nieprzeszkolona", is_trained=False, status="registered")
    mentor(program, "Na przerwie", status="paused")
    mentor(program, "Wycofana", status="withdrawn")
    mentor(program, "Bez miejsca", capacity=1, active_matches=1, status="active")
    mentor(program, "Za daleko", km=40.0, max_distance_km=50)
    mentor(program, "Bez wspólnego języka", languages={"pl": "native", "uk": "A2"})
    excluded = mentor(program, "Wykluczona")
    request = asking(program)
    PairExclusion.objects.create(
        program=program, volunteer=excluded, newcomer=request.newcomer, source="do_not_pair"
    )

    response = signed_in(coordinator).get(url(request.pk))

    assert names(response) == ["Anna Kowalska"]


def test_a_request_involving_children_gets_only_volunteers_cleared_for_minors(
    coordinator: User, program: Program
) -> None:
    today = clock.today()
    mentor(program, "Anna Kowalska", minors_check_valid_until=today)
    mentor(program, "Piotr Nowak", minors_check_valid_until=today - timedelta(days=1))
    mentor(program, "Ewa Lis")
    request = asking(program, involves_minors=True)

    response = signed_in(coordinator).get(url(request.pk))

    assert names(response) == ["Anna Kowalska"]


def test_an_online_only_request_reaches_volunteers_offering_online_anywhere_and_no_one_else(
    coordinator: User, program: Program
) -> None:
    mentor(program, "Anna Kowalska", km=300.0, modes=["online"])
    mentor(program, "Ewa Lis", km=2.0, modes=["in_person", "online"])
    # In-person meetings only: however close, he cannot meet this newcomer.
    mentor(program, "Piotr Nowak", km=1.0, modes=["in_person"])
    request = asking(program, modes=["online"])

    response = signed_in(coordinator).get(url(request.pk), HTTP_ACCEPT_LANGUAGE="en")

    assert names(response) == ["Anna Kowalska", "Ewa Lis"]
    assert response.json()[0]["distance_km"] is None
    assert "Offers online meetings." in response.json()[0]["reasons"]


def test_limit_chooses_how_many_and_must_lie_between_1_and_50(
    coordinator: User, program: Program
) -> None:
    for km in (1.0, 2.0, 3.0):
        mentor(program, f"Wolontariusz {km}", km=km)
    request = asking(program)
    client = signed_in(coordinator)

    assert len(client.get(url(request.pk, "?limit=2")).json()) == 2
    for wrong in ("0", "51", "many"):
        response = client.get(url(request.pk, f"?limit={wrong}"))
        assert response.status_code == 400
        assert list(response.json()) == ["limit"]


def test_another_programmes_request_is_not_found(outsider: User, program: Program) -> None:
    request = asking(program)

    assert signed_in(outsider).get(url(request.pk)).status_code == 404


def test_volunteers_and_newcomers_may_not_ask_for_candidates(
    volunteer: User, newcomer: User, program: Program
) -> None:
    request = asking(program)

    assert signed_in(volunteer).get(url(request.pk)).status_code == 403
    assert signed_in(newcomer).get(url(request.pk)).status_code == 403
    assert APIClient().get(url(request.pk)).status_code == 401


def test_reasons_are_worded_in_the_callers_language(coordinator: User, program: Program) -> None:
    mentor(program, "Anna Kowalska")
    request = asking(program)

    response = signed_in(coordinator).get(url(request.pk), HTTP_ACCEPT_LANGUAGE="uk")

    reasons = response.json()[0]["reasons"]
    assert "українська" in reasons[0]
    assert "Справи в установах" in reasons[2]


def test_the_endpoint_costs_the_same_queries_for_two_or_twenty_volunteers(
    coordinator: User, program: Program
) -> None:
    request = asking(program)
    client = signed_in(coordinator)

    def queries_for_a_warm_call() -> int:
        client.get(url(request.pk))  # builds or patches the snapshot
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(request.pk, "?limit=50"))
        assert response.status_code == 200
        return len(queries)

    for km in (1.0, 2.0):
        mentor(program, f"Wolontariusz {km}", km=km)
    with_two = queries_for_a_warm_call()
    for number in range(18):
        mentor(program, f"Wolontariusz {number}", km=1.0 + number / 10)
    with_twenty = queries_for_a_warm_call()

    # user (the session comes from the cache), the caller's memberships (the scope; the
    # coordinator check asks them again without a query), the request of a coordinated
    # programme with its newcomer, its programme (the pool version the snapshot checks) and
    # the newcomer's exclusions, the chosen volunteers' names.
    assert with_two == with_twenty == 4


def test_the_one_query_request_ranks_exactly_as_the_request_read_alone(
    coordinator: User, program: Program
) -> None:
    """`request_for_candidates` folds the exclusions and the pool version into the request's
    query: the same candidates, scores and reasons as reading each on its own."""
    for number in range(12):
        mentor(program, f"Wolontariusz {number}", km=0.5 + number / 4)
    request = asking(program)
    for excluded in VolunteerProfile.objects.filter(
        user__full_name__in=["Wolontariusz 0", "Wolontariusz 3"]
    ):
        PairExclusion.objects.create(
            program=program, volunteer=excluded, newcomer=request.newcomer, source="do_not_pair"
        )
    alone = SupportRequest.objects.select_related("newcomer", "program").get(pk=request.pk)

    folded = candidates_for(request_for_candidates(coordinator, request.pk), limit=50)

    assert folded == candidates_for(alone, limit=50)
    assert len(folded) == 10
    assert {"Wolontariusz 0", "Wolontariusz 3"}.isdisjoint(c.full_name for c in folded)


def test_the_compiled_request_query_reads_what_the_orm_reads(
    coordinator: User, program: Program
) -> None:
    """Within a request's scope the query is compiled once and run with each id: the same
    request, newcomer, programme and exclusions as the ORM's query, and None for an id it
    may not read."""
    request, other = asking(program), asking(program)
    excluded = mentor(program, "Wolontariusz 0")
    PairExclusion.objects.create(
        program=program, volunteer=excluded, newcomer=request.newcomer, source="do_not_pair"
    )

    with user_scope(coordinator):
        compiled = [request_for_candidates(coordinator, pk) for pk in (request.pk, other.pk)]
        with pytest.raises(Http404):
            request_for_candidates(coordinator, request.pk + other.pk + 1000)
        read = [_request_query(coordinator, pk).get() for pk in (request.pk, other.pk)]

    assert any(key[0] == coordinator.pk for key in compiled_requests)  # it answered
    for mine, orms in zip(compiled, read, strict=True):
        assert model_to_dict(mine) == model_to_dict(orms)
        assert model_to_dict(mine.newcomer) == model_to_dict(orms.newcomer)
        assert model_to_dict(mine.program) == model_to_dict(orms.program)
        assert mine.program.pool_version == orms.program.pool_version
        assert mine.excluded_ids == orms.excluded_ids  # type: ignore[attr-defined]
    assert compiled[0].excluded_ids == str(excluded.pk)  # type: ignore[attr-defined]


def test_a_coordinator_removed_from_a_programme_loses_its_requests_on_the_next_call(
    coordinator: User, program: Program, other_program: Program, outsider: User
) -> None:
    """The compiled query is kept per caller, scope and memberships: a membership ended
    (while another keeps the caller a coordinator) takes effect on the very next call."""
    request = asking(program)
    Membership.objects.create(user=coordinator, program=other_program, role=Role.COORDINATOR)
    client = signed_in(coordinator)
    assert client.get(url(request.pk)).status_code == 200
    assert signed_in(outsider).get(url(request.pk)).status_code == 404

    Membership.objects.filter(user=coordinator, program=program).delete()

    assert client.get(url(request.pk)).status_code == 404
    assert client.get(url(asking(other_program).pk)).status_code == 200


def test_a_committed_change_shows_in_the_next_call_and_nothing_else_is_rebuilt(
    coordinator: User, program: Program
) -> None:
    anna = mentor(program, "Anna Kowalska", km=1.0)
    piotr = mentor(program, "Piotr Nowak", km=2.0)
    request = asking(program)
    client = signed_in(coordinator)
    assert names(client.get(url(request.pk))) == ["Anna Kowalska", "Piotr Nowak"]
    built = snapshot_get(program.pk)

    assert names(client.get(url(request.pk))) == ["Anna Kowalska", "Piotr Nowak"]
    assert snapshot_get(program.pk) is built

    volunteer_active_matches_add(volunteer=anna, delta=1)
    assert names(client.get(url(request.pk))) == ["Piotr Nowak"]

    volunteer_profile_update(profile=piotr, data={"languages": {"pl": "native"}})
    assert names(client.get(url(request.pk))) == []


def test_a_web_worker_builds_the_snapshots_as_it_starts_and_the_first_call_uses_them(
    coordinator: User, program: Program, other_program: Program
) -> None:
    """gunicorn's post_worker_init (deploy/gunicorn.conf.py) builds every programme's pool,
    so the first coordinator of the day does not wait seconds for it."""
    mentor(program, "Anna Kowalska", km=1.0)
    request = asking(program)
    settings = runpy.run_path(str(Path(__file__).parents[2] / "deploy" / "gunicorn.conf.py"))

    settings["post_worker_init"](worker=None)
    built = snapshot_get(program.pk)

    assert built is not None and snapshot_get(other_program.pk) is not None
    assert names(signed_in(coordinator).get(url(request.pk))) == ["Anna Kowalska"]
    assert snapshot_get(program.pk) is built
