"""The participants' pages /matches/ and /matches/<pk>/: what each person sees of the other,
how far along the six months are, and the one-minute check-in form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client

from accounts.models import Program, Role, User
from commitments.models import CheckIn
from core.collation import collation_key
from matching.models import Match
from tests.clients import signed_in
from tests.factories import member
from tests.matching.matches_cast import active, check_ins, open_request, proposed, ready_volunteer
from tests.queries import queries_for_few_and_many
from tests.unchanged import nothing_changes

# Month 2 of a match started on 1 March 2027 (day 45 of 184).
TODAY = "2027-04-15T10:00:00+02:00"


@pytest.fixture(autouse=True)
def _on_a_day_in_april() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def said(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def pair(
    program: Program,
    volunteer: User,
    newcomer: User,
    coordinator: User,
    **contact: Any,
) -> Match:
    return active(
        open_request(
            program,
            user=newcomer,
            needs=["housing", "job_search"],
            notes="Przemoc domowa, tylko dla koordynatora",
            newcomer={
                "address": "ul. Tajna 5 m. 12",
                "contact_channel": "whatsapp",
                "contact_phone": "+48 600 100 200",
                **contact,
            },
        ),
        ready_volunteer(program, user=volunteer),
        coordinator,
        started_on=date(2027, 3, 1),
    )


def test_the_volunteer_sees_the_newcomers_first_name_and_chosen_contact_only(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)

    response = signed_in(volunteer, language="en").get(f"/matches/{match.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Олена" in page and "Ковальчук" not in page
    assert "WhatsApp" in page and "+48 600 100 200" in page
    assert "Przemoc" not in page and "Tajna" not in page and newcomer.email not in page
    assert "style=" not in page


def test_the_newcomer_sees_the_volunteers_first_name_and_e_mail(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)

    page = signed_in(newcomer, language="en").get(f"/matches/{match.pk}/").content.decode()

    assert "Anna" in page and "Kowalska" not in page
    assert f'<a href="mailto:{volunteer.email}">{volunteer.email}</a>' in page
    assert "+48 600 100 200" not in page


def test_a_newcomer_who_chose_e_mail_is_shown_with_that_address(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(
        program,
        volunteer,
        newcomer,
        coordinator,
        contact_channel="email",
        contact_email="olena@example.org",
    )

    page = signed_in(volunteer, language="en").get(f"/matches/{match.pk}/").content.decode()

    assert '<a href="mailto:olena@example.org">olena@example.org</a>' in page
    assert "+48 600 100 200" not in page


def test_without_a_chosen_channel_the_coordinator_introduces_them(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator, contact_channel="")

    page = signed_in(volunteer, language="en").get(f"/matches/{match.pk}/").content.decode()

    assert "Your coordinator will introduce you." in page
    assert "+48 600 100 200" not in page


def test_the_page_shows_the_month_and_a_progress_bar(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)

    page = signed_in(newcomer, language="en").get(f"/matches/{match.pk}/").content.decode()

    # 45 of the 184 days from 1 March to 1 September.
    assert "Month 2 of 6" in page
    assert '<progress id="progress" max="100" value="24">24%</progress>' in page


def test_the_form_offers_the_requests_needs_first_and_today_as_the_date(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)

    response = signed_in(volunteer, language="en").get(f"/matches/{match.pk}/")

    form = response.context["form"]
    choices = form.fields["topics"].choices
    assert [code for code, _label in choices][:2] == ["housing", "job_search"]
    # The others in the reader's alphabet (Polish here: "Cyfrowe…" before "Sprawy…").
    others = [label for _code, label in choices[2:]]
    assert others == sorted(others, key=lambda label: collation_key(label, "pl"))
    assert form.fields["date"].initial == date(2027, 4, 15)
    page = response.content.decode()
    assert 'max="2027-04-15"' in page and 'min="2027-03-01"' in page
    assert 'value="120"' in page and 'value="phone"' in page


def test_logging_a_meeting_from_the_page(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)

    response = signed_in(newcomer, language="en").post(
        f"/matches/{match.pk}/",
        {
            "date": "2027-04-14",
            "duration_minutes": "90",
            "mode": "in_person",
            "topics": ["housing"],
            "satisfaction": "5",
            "note": "Oglądaliśmy mieszkanie",
        },
    )

    assert (response.status_code, response["Location"]) == (302, f"/matches/{match.pk}/")
    assert said(response) == ["Thank you! Your meeting is saved."]
    assert list(
        CheckIn.objects.values("date", "duration_minutes", "topics", "satisfaction", "by")
    ) == [
        {
            "date": date(2027, 4, 14),
            "duration_minutes": 90,
            "topics": ["housing"],
            "satisfaction": 5,
            "by": newcomer.pk,
        }
    ]
    history = signed_in(volunteer, language="en").get(f"/matches/{match.pk}/").content.decode()
    assert "Oglądaliśmy mieszkanie" in history and "90 minutes" in history


def test_a_meeting_tomorrow_is_refused_next_to_the_date(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)
    client = signed_in(volunteer, language="en")

    with nothing_changes():
        response = client.post(
            f"/matches/{match.pk}/",
            {"date": "2027-04-16", "duration_minutes": "60", "mode": "online"},
        )

    assert response.status_code == 400
    assert response.context["form"].errors == {"date": ["A check-in cannot be in the future."]}
    assert not CheckIn.objects.exists()


def test_a_coordinator_of_the_programme_sees_both_and_may_log_but_not_ask_for_a_change(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)

    page = signed_in(coordinator, language="en").get(f"/matches/{match.pk}/").content.decode()

    assert "Anna" in page and "Олена" in page
    assert "Save our meeting" in page
    assert f'action="/matches/{match.pk}/change/"' not in page


def test_anyone_else_gets_404(
    program: Program, volunteer: User, newcomer: User, coordinator: User, outsider: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)
    other_volunteer = member(program, Role.VOLUNTEER, full_name="Piotr Nowak")
    other_newcomer = member(program, Role.NEWCOMER, full_name="Andrii Shevchenko")

    for person in (other_volunteer, other_newcomer, outsider):
        client = signed_in(person, language="en")
        assert client.get(f"/matches/{match.pk}/").status_code == 404
        assert client.post(f"/matches/{match.pk}/", {"date": "2027-04-14"}).status_code == 404
    assert Client().get(f"/matches/{match.pk}/").status_code == 302
    assert not CheckIn.objects.exists()


def test_a_proposal_has_no_page_yet(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    waiting = proposed(
        open_request(program, user=newcomer), ready_volunteer(program, user=volunteer), coordinator
    )

    assert signed_in(volunteer, language="en").get(f"/matches/{waiting.pk}/").status_code == 404
    assert signed_in(volunteer, language="en").get("/matches/").context["rows"] == []


def test_an_ended_match_keeps_its_history_without_contact_or_form(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)
    CheckIn.objects.create(
        program=program, match=match, date=date(2027, 3, 10), duration_minutes=60, by=volunteer
    )
    Match.objects.filter(pk=match.pk).update(status="ended", ended_on=date(2027, 4, 1))

    page = signed_in(volunteer, language="en").get(f"/matches/{match.pk}/").content.decode()

    assert "Олена" in page and "+48 600 100 200" not in page
    assert "Save our meeting" not in page
    assert "Ask the coordinator for a change" not in page
    assert "60 minutes" in page


def test_the_list_shows_only_the_readers_own_matches(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)
    active(
        open_request(program, "Andrii Shevchenko"),
        ready_volunteer(program, "Piotr Nowak"),
        coordinator,
        started_on=date(2027, 3, 1),
    )

    response = signed_in(volunteer, language="en").get("/matches/")
    for_coordinator = signed_in(coordinator, language="en").get("/matches/")

    page = response.content.decode()
    assert [row["id"] for row in response.context["rows"]] == [match.pk]
    assert "Олена" in page and "Andrii" not in page
    assert f'href="/matches/{match.pk}/"' in page and "Month 2 of 6" in page
    assert for_coordinator.context["rows"] == []


def test_the_list_costs_the_same_queries_for_one_or_four_matches(
    program: Program, volunteer: User, coordinator: User
) -> None:
    profile = ready_volunteer(program, user=volunteer, capacity=5)
    client = signed_in(volunteer, language="en")

    def add(numbers: range) -> None:
        for index in numbers:
            active(open_request(program, f"Newcomer {index}"), profile, coordinator)

    few, many, response = queries_for_few_and_many(
        add, lambda: client.get("/matches/"), few=1, many=4
    )

    assert len(response.context["rows"]) == 4
    # user (the session comes from the cache), scope memberships, and the matches joined with
    # programme, request and both people
    assert many == few == 3


def test_the_match_page_costs_the_same_queries_for_two_or_twenty_check_ins(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)
    client = signed_in(volunteer, language="en")

    few, many, response = queries_for_few_and_many(
        check_ins(match, date(2027, 3, 2)), lambda: client.get(f"/matches/{match.pk}/")
    )

    assert len(response.context["check_ins"]) == 20
    # user (the session comes from the cache), scope memberships, the match joined with its people,
    # and the check-ins joined with who logged them
    assert many == few == 4


def test_every_id_on_the_match_page_is_unique(
    program: Program, volunteer: User, newcomer: User, coordinator: User
) -> None:
    match = pair(program, volunteer, newcomer, coordinator)

    page = signed_in(volunteer, language="en").get(f"/matches/{match.pk}/").content.decode()

    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert 'for="id_change_note"' in page
