"""The survey link (`survey_url`) and the page /surveys/<token>/: answered without a password,
by the one person the link was sent to, once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import signing
from django.test import Client, override_settings

from accounts.models import Notification, Program, Role, User
from commitments.models import SurveyResponse
from commitments.surveys import SURVEY_SALT, survey_url
from matching.models import Match
from tests.factories import member
from tests.matching.matches_cast import active, open_request, ready_volunteer

# Day 30 of a match started on 1 March 2027.
SURVEY_DAY = "2027-03-31T10:00:00+02:00"


@pytest.fixture
def on_survey_day() -> Iterator[None]:
    with time_machine.travel(SURVEY_DAY, tick=False):
        yield


@pytest.fixture
def match(program: Program, volunteer: User, newcomer: User, coordinator: User) -> Match:
    with time_machine.travel("2027-03-01T10:00:00+01:00", tick=False):
        return active(
            open_request(program, user=newcomer),
            ready_volunteer(program, user=volunteer),
            coordinator,
        )


def path_of(url: str) -> str:
    return urlsplit(url).path


def answer(url: str, **data: object) -> object:
    return Client().post(path_of(url), data)


@override_settings(SITE_URL="https://ambasadorzy.example.pl")
def test_the_link_is_absolute_and_names_match_person_and_number(
    match: Match, newcomer: User
) -> None:
    url = survey_url(match=match, respondent=newcomer, number=2)

    assert url.startswith("https://ambasadorzy.example.pl/surveys/")
    token = path_of(url).removeprefix("/surveys/").rstrip("/")
    assert signing.loads(token, salt=SURVEY_SALT) == {"m": match.pk, "u": newcomer.pk, "n": 2}


@pytest.mark.usefixtures("on_survey_day")
def test_the_survey_opens_without_signing_in_in_the_respondents_language(
    match: Match, newcomer: User
) -> None:
    url = survey_url(match=match, respondent=newcomer, number=1)

    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(path_of(url))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="uk">' in page
    assert 'name="rating"' in page and 'type="radio"' in page
    assert "Anna" in page and "Kowalska" not in page
    assert "style=" not in page


@pytest.mark.usefixtures("on_survey_day")
def test_an_answer_is_stored_and_becomes_the_last_satisfaction(
    match: Match, volunteer: User
) -> None:
    url = survey_url(match=match, respondent=volunteer, number=1)

    response = answer(url, rating="4", note="Idzie dobrze")

    assert response.status_code == 200  # type: ignore[attr-defined]
    assert list(SurveyResponse.objects.values("respondent", "number", "rating", "note")) == [
        {"respondent": volunteer.pk, "number": 1, "rating": 4, "note": "Idzie dobrze"}
    ]
    match.refresh_from_db()
    assert (match.last_satisfaction, match.attention) == (4, "")
    assert not Notification.objects.filter(kind="match_low_satisfaction").exists()


@pytest.mark.usefixtures("on_survey_day")
def test_the_first_answer_stands_and_a_second_one_is_thanked(match: Match, volunteer: User) -> None:
    User.objects.filter(pk=volunteer.pk).update(preferred_language="en")
    url = survey_url(match=match, respondent=volunteer, number=1)
    answer(url, rating="5")

    again = answer(url, rating="1")
    opened_again = Client(HTTP_ACCEPT_LANGUAGE="en").get(path_of(url))

    assert "you already answered" in again.content.decode()  # type: ignore[attr-defined]
    assert "you already answered" in opened_again.content.decode()
    assert list(SurveyResponse.objects.values_list("rating", flat=True)) == [5]
    match.refresh_from_db()
    assert (match.last_satisfaction, match.attention) == (5, "")


@pytest.mark.usefixtures("on_survey_day")
def test_each_person_and_each_survey_number_answers_separately(
    match: Match, volunteer: User, newcomer: User
) -> None:
    answer(survey_url(match=match, respondent=volunteer, number=1), rating="5")
    answer(survey_url(match=match, respondent=newcomer, number=1), rating="3")
    answer(survey_url(match=match, respondent=newcomer, number=2), rating="4")

    assert sorted(SurveyResponse.objects.values_list("respondent", "number", "rating")) == sorted(
        [(volunteer.pk, 1, 5), (newcomer.pk, 1, 3), (newcomer.pk, 2, 4)]
    )


@pytest.mark.usefixtures("on_survey_day")
def test_a_low_rating_flags_the_match_and_emails_the_coordinators(
    match: Match, newcomer: User, coordinator: User, outsider: User
) -> None:
    url = survey_url(match=match, respondent=newcomer, number=1)

    answer(url, rating="2", note="Rzadko się spotykamy")

    match.refresh_from_db()
    assert (match.attention, match.attention_note, match.last_satisfaction) == (
        "low_satisfaction",
        "Rzadko się spotykamy",
        2,
    )
    assert list(
        Notification.objects.filter(kind="match_low_satisfaction").values_list("key", flat=True)
    ) == [f"match-low-satisfaction:{match.pk}:{coordinator.pk}:2027-03-31"]


@pytest.mark.usefixtures("on_survey_day")
def test_a_good_rating_that_asks_for_contact_flags_the_match_too(
    match: Match, newcomer: User
) -> None:
    url = survey_url(match=match, respondent=newcomer, number=1)

    answer(url, rating="4", note="Potrzebuję pomocy z mieszkaniem", wants_contact="on")

    match.refresh_from_db()
    assert (match.attention, match.attention_note) == (
        "low_satisfaction",
        "Potrzebuję pomocy z mieszkaniem",
    )


@pytest.mark.usefixtures("on_survey_day")
def test_an_answer_without_a_rating_shows_the_form_again(match: Match, newcomer: User) -> None:
    User.objects.filter(pk=newcomer.pk).update(preferred_language="en")
    url = survey_url(match=match, respondent=newcomer, number=1)

    response = answer(url, note="?")

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Choose one answer." in response.content.decode()  # type: ignore[attr-defined]
    assert not SurveyResponse.objects.exists()


def test_a_link_older_than_ninety_days_is_refused_politely(match: Match, newcomer: User) -> None:
    with time_machine.travel("2027-03-31T10:00:00+02:00", tick=False):
        url = survey_url(match=match, respondent=newcomer, number=1)

    with time_machine.travel("2027-06-29T10:00:00+02:00", tick=False):
        in_time = Client(HTTP_ACCEPT_LANGUAGE="en").get(path_of(url))
    with time_machine.travel("2027-06-29T10:00:01+02:00", tick=False):
        too_late = Client(HTTP_ACCEPT_LANGUAGE="en").post(path_of(url), {"rating": "5"})

    assert in_time.status_code == 200
    assert too_late.status_code == 410
    assert "This link is too old." in too_late.content.decode()
    assert not SurveyResponse.objects.exists()


@pytest.mark.usefixtures("on_survey_day")
def test_an_altered_link_is_refused(match: Match, newcomer: User, volunteer: User) -> None:
    url = survey_url(match=match, respondent=newcomer, number=1)
    forged = signing.dumps({"m": match.pk, "u": volunteer.pk, "n": 1}, salt="another-salt")

    altered = Client(HTTP_ACCEPT_LANGUAGE="en").post(path_of(url)[:-3] + "x/", {"rating": "5"})
    with_another_salt = Client().post(f"/surveys/{forged}/", {"rating": "5"})

    assert (altered.status_code, with_another_salt.status_code) == (404, 404)
    assert "This link does not work." in altered.content.decode()
    assert not SurveyResponse.objects.exists()


@pytest.mark.usefixtures("on_survey_day")
def test_a_link_for_someone_outside_the_match_is_refused(
    match: Match, program: Program, coordinator: User
) -> None:
    stranger = member(program, Role.VOLUNTEER, full_name="Piotr Nowak")

    for person in (stranger, coordinator):
        url = survey_url(match=match, respondent=person, number=1)
        assert answer(url, rating="5").status_code == 404  # type: ignore[attr-defined]
    assert not SurveyResponse.objects.exists()


@pytest.mark.usefixtures("on_survey_day")
def test_someone_else_signed_in_cannot_answer_with_the_link(
    match: Match, newcomer: User, coordinator: User
) -> None:
    url = survey_url(match=match, respondent=newcomer, number=1)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(coordinator)

    response = client.post(path_of(url), {"rating": "1"})

    assert response.status_code == 404
    assert "This link was sent to someone else." in response.content.decode()
    assert not SurveyResponse.objects.exists()


@pytest.mark.usefixtures("on_survey_day")
def test_the_survey_of_a_match_that_ended_early_is_closed(match: Match, newcomer: User) -> None:
    Match.objects.filter(pk=match.pk).update(status="ended", ended_on=date(2027, 3, 20))
    url = survey_url(match=match, respondent=newcomer, number=1)

    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(path_of(url), {"rating": "5"})

    assert response.status_code == 410
    assert not SurveyResponse.objects.exists()
