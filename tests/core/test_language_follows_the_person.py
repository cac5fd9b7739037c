"""Language follows the person (#18, point 1): the sign-up page's language is the default,
e-mails (their sender too) are in the person's language and not HTML-escaped, labels a
coordinator types have three versions, and lists are sorted in the reader's alphabet."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from accounts.models import Program, Role, User
from accounts.notifications import notification_queue
from core.collation import collation_key
from core.forms import language_choices, skill_choices
from tests.factories import TEST_PASSWORD, member

SIGN_UP = "/accounts/signup/"


def sign_up(client: Client, program: Program, language: str, **overrides: str) -> User:
    page = client.get(SIGN_UP, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    # What the browser sends back for the language is what the page ticked.
    ticked = re.search(r'name="preferred_language" value="(\w+)"[^>]*checked', page)
    assert ticked is not None
    data = {
        "email": "maryana@example.org",
        "password1": "spacer-po-wisle-2027",
        "password2": "spacer-po-wisle-2027",
        "full_name": "Мар'яна Коваль",
        "role": "newcomer",
        "program": str(program.pk),
        "preferred_language": ticked.group(1),
        **overrides,
    }
    response = client.post(SIGN_UP, data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(email="maryana@example.org")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "greeting", "sender"),
    [
        ("uk", "Вітаємо", "Амбасадор привітання"),
        ("en", "welcome to", "Welcome Ambassador"),
        ("pl", "witamy w", "Ambasador Powitania"),
    ],
)
def test_someone_who_keeps_the_default_gets_the_language_of_the_page_they_signed_up_on(
    client: Client, program: Program, language: str, greeting: str, sender: str
) -> None:
    user = sign_up(client, program, language)

    assert user.preferred_language == language
    (welcome,) = mail.outbox
    assert greeting.lower() in welcome.body.lower()
    assert welcome.from_email.startswith(f"{sender} <") or sender in welcome.from_email
    # The name as typed: text/plain is not HTML, nothing is escaped.
    assert "Мар'яна" in welcome.body
    assert "&#x27;" not in welcome.body


def test_the_sign_up_page_offers_each_language_by_its_own_name(
    client: Client, program: Program
) -> None:
    page = client.get(SIGN_UP, HTTP_ACCEPT_LANGUAGE="pl").content.decode()

    for name in ("Polski", "Українська", "English"):
        assert name in page


@pytest.mark.django_db(transaction=True)
def test_the_sender_name_is_in_the_recipient_s_language(program: Program) -> None:
    person = member(program, Role.NEWCOMER, preferred_language="uk", full_name="Мар'яна Коваль")

    notification_queue(
        user=person,
        kind="welcome",
        key="welcome-test",
        template="welcome",
        context={"program": program, "role": "newcomer"},
    )

    (message,) = mail.outbox
    assert "Амбасадор привітання" in message.from_email
    assert "Мар'яна" in message.body


@pytest.mark.django_db(transaction=True)
def test_a_programme_name_is_shown_in_the_reader_s_language_or_the_programme_s_own(
    program: Program,
) -> None:
    program.translations = {"uk": {"name": "Амбасадори привітання Варшави"}}
    program.save()
    olena = member(program, Role.NEWCOMER, preferred_language="uk", full_name="Олена Бондар")
    john = member(program, Role.NEWCOMER, preferred_language="en", full_name="John Smith")

    for person in (olena, john):
        notification_queue(
            user=person,
            kind="welcome",
            key=f"welcome-{person.pk}",
            template="welcome",
            context={"program": program, "role": "newcomer"},
        )

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "Амбасадори привітання Варшави" in subjects[olena.email]
    # No English version: the programme's own (Polish) name, never the Ukrainian one.
    assert "Ambasadorzy Powitania Warszawa" in subjects[john.email]


def test_a_programme_s_name_on_the_sign_up_page_is_in_the_page_s_language(
    client: Client, program: Program
) -> None:
    program.translations = {"uk": {"name": "Амбасадори Варшави", "city": "Варшава"}}
    program.save()

    uk = client.get(SIGN_UP, HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    en = client.get(SIGN_UP, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Амбасадори Варшави (Варшава)" in uk
    assert "Ambasadorzy Powitania Warszawa (Warszawa)" in en


def test_language_names_are_sorted_in_the_reader_s_alphabet(db: None) -> None:
    with translation.override("uk"):
        names = [str(label) for code, label in language_choices() if code]
    assert names == sorted(names, key=lambda name: collation_key(name, "uk"))
    # "і" and "є" are Ukrainian letters, not something after "я".
    assert names.index("іспанська") < names.index("казахська")
    assert names.index("італійська") < names.index("казахська")
    assert names.index("англійська") < names.index("іспанська")

    with translation.override("pl"):
        names = [str(label) for code, label in language_choices() if code]
    # "ł" comes between "l" and "m": Slovak before Somali (code points would swap them).
    assert names.index("słowacki") < names.index("somalijski")


def test_skills_are_sorted_in_the_reader_s_alphabet(db: None) -> None:
    for language in ("pl", "uk", "en"):
        with translation.override(language):
            labels = [label for _code, label in skill_choices()]
        assert labels == sorted(labels, key=lambda label: collation_key(label, language))


def test_polish_letters_sort_in_their_places() -> None:
    words = ["zupa", "łódź", "lis", "ćma", "cebula", "żaba", "źrebię", "ser", "śliwka"]

    ordered = sorted(words, key=lambda word: collation_key(word, "pl"))

    assert ordered == ["cebula", "ćma", "lis", "łódź", "ser", "śliwka", "zupa", "źrebię", "żaba"]


@pytest.mark.parametrize(
    ("path", "wrong", "right"),
    [
        ("/accounts/login/", "Запам&#x27;ятати Мене", "Запам&#x27;ятати мене"),
        ("/accounts/signup/", "Email:", "Електронна пошта"),
        ("/accounts/signup/", "Тоді будь ласка, ", "Тоді "),
        ("/accounts/password/reset/", "Відновлення Пароля", "Відновлення пароля"),
    ],
)
def test_the_ukrainian_account_pages_read_correctly(
    client: Client, program: Program, path: str, wrong: str, right: str
) -> None:
    page = client.get(path, HTTP_ACCEPT_LANGUAGE="uk").content.decode()

    assert wrong not in page
    assert right in page


@pytest.mark.django_db(transaction=True)
def test_allauth_s_e_mails_reach_the_person_in_their_language_whatever_the_page(
    client: Client, program: Program
) -> None:
    member(program, Role.NEWCOMER, email="olena@example.org", preferred_language="uk")

    client.post(
        "/accounts/password/reset/", {"email": "olena@example.org"}, HTTP_ACCEPT_LANGUAGE="pl"
    )

    (message,) = mail.outbox
    assert "Амбасадор привітання" in message.from_email
    assert re.search("[а-яіїє]{4}", str(message.body))
    assert "Otrzymujesz" not in message.body


@pytest.mark.django_db(transaction=True)
def test_signing_in_switches_the_pages_to_the_person_s_language(
    client: Client, program: Program
) -> None:
    member(program, Role.NEWCOMER, email="olena@example.org", preferred_language="uk")

    client.post(
        "/accounts/login/",
        {"login": "olena@example.org", "password": TEST_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="pl",
    )
    page = client.get("/home/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()

    assert '<html lang="uk">' in page
