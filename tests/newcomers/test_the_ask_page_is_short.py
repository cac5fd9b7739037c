"""The ask page on a phone (#18): each kind of help is a short name with what it covers in
smaller type; a second language and the note fold away (<details>, no JavaScript) and open by
themselves when they hold something, so nothing typed or wrong is ever hidden."""

from __future__ import annotations

import re

from django_scopes import scopes_disabled

from accounts.models import User
from newcomers.models import SupportRequest
from tests.clients import signed_in

FILLED = {
    "needs": ["housing"],
    "modes": ["online"],
    "urgency": "normal",
    "city": "Warszawa",
    "language_1": "uk",
    "level_1": "native",
}


def folds(page: str) -> dict[str, bool]:
    """Each <details> of the page by its summary: open or not."""
    return {
        summary.strip(): bool(opened)
        for opened, summary in re.findall(
            r'<details class="more"( open)?>\s*<summary>([^<]+)</summary>', page
        )
    }


def test_each_kind_of_help_is_a_name_with_what_it_covers(newcomer: User) -> None:
    page = signed_in(newcomer, language="uk").get("/newcomers/ask/").content.decode()

    housing = re.search(
        r'<label class="described-choice" for="id_needs_\d+"><input type="checkbox" '
        r'name="needs" value="housing"[^>]*>\s*<span><span class="choice-name">Житло.*?'
        r'<span class="choice-hint">([^<]+)</span>',
        page,
        re.S,
    )
    assert housing and "житла" in housing.group(1)
    # The group still says it is required.
    assert re.search(r"З чим вам потрібна допомога\?\s*<span class=\"required-note\">", page)


def test_a_first_request_shows_one_language_row_and_folds_the_rest(newcomer: User) -> None:
    page = signed_in(newcomer, language="en").get("/newcomers/ask/").content.decode()

    assert folds(page) == {
        "Add another language": False,
        "Add a note for the coordinator (optional)": False,
    }
    assert page.index('name="language_1"') < page.index("<details")
    assert page.index("Add another language") < page.index('name="language_2"')


def test_a_second_language_known_opens_its_row(newcomer: User) -> None:
    client = signed_in(newcomer, language="en")
    client.post("/newcomers/ask/", {**FILLED, "language_2": "pl", "level_2": "B1"})

    page = client.get("/newcomers/ask/").content.decode()

    assert folds(page)["Add another language"] is True
    assert re.search(r'<option value="pl" selected>', page)


def test_an_error_in_a_folded_part_opens_it_and_keeps_what_was_typed(newcomer: User) -> None:
    client = signed_in(newcomer, language="en")

    response = client.post("/newcomers/ask/", {**FILLED, "level_2": "B1", "notes": "x" * 1001})

    page = response.content.decode()
    assert response.status_code == 200
    assert folds(page) == {
        "Add another language": True,
        "Add a note for the coordinator (optional)": True,
    }
    assert 'href="#id_language_2"' in page and 'href="#id_notes"' in page
    assert "x" * 1001 in page
    with scopes_disabled():
        assert not SupportRequest.objects.filter(newcomer__user=newcomer).exists()


def test_a_request_with_everything_folded_is_sent(newcomer: User) -> None:
    response = signed_in(newcomer, language="uk").post(
        "/newcomers/ask/", {**FILLED, "language_2": "pl", "level_2": "A2", "notes": "Дякую"}
    )

    assert response.status_code == 302
    with scopes_disabled():
        request = SupportRequest.objects.get(newcomer__user=newcomer)
        assert request.notes == "Дякую"
        assert request.newcomer.languages == {"uk": "native", "pl": "A2"}
