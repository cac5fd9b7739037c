"""The web shell: landing, sign-up, sign-in and password reset in pl, uk and en."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import Membership, Program, User
from tests.confirming import sign_up_on_the_page


@pytest.mark.parametrize(
    ("language", "headline"),
    [
        ("pl", "Sąsiedzi, dzięki którym nowo przybyli czują się jak w domu"),
        ("uk", "Сусіди, з якими новоприбулі почуваються як удома"),
        ("en", "Neighbours who help newcomers feel at home"),
    ],
)
def test_the_landing_page_speaks_the_browsers_language(
    client: Client, db: None, language: str, headline: str
) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    page = response.content.decode()
    assert headline in page
    assert f'<html lang="{language}">' in page


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
@pytest.mark.parametrize(
    ("language", "word"), [("pl", "Hasło"), ("uk", "Пароль"), ("en", "Password")]
)
def test_sign_in_pages_exist_in_three_languages(
    client: Client, program: Program, path: str, language: str, word: str
) -> None:
    if path.endswith("reset/"):
        word = {"pl": "e-mail", "uk": "пошт", "en": "mail"}[language]

    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert word.lower() in response.content.decode().lower()


def test_the_language_switcher_remembers_the_choice(client: Client, db: None) -> None:
    client.post("/i18n/setlang/", {"language": "uk", "next": "/"})

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="pl")

    assert "Попросити підтримку" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_resident_signs_up_through_the_page_and_joins_the_programme(
    client: Client, program: Program
) -> None:
    response = sign_up_on_the_page(client, program, language="pl")

    assert response.status_code == 302
    user = User.objects.get(email="marta@example.org")
    assert user.full_name == "Marta Zając"
    assert Membership.objects.get(user=user).role == "volunteer"
    assert any("Witamy w programie" in message.subject for message in mail.outbox)


def test_the_signed_in_home_page_lists_the_persons_programmes(
    client: Client, volunteer: User
) -> None:
    client.force_login(volunteer)

    response = client.get("/home/", HTTP_ACCEPT_LANGUAGE="en")

    # The resident's steps, headed by her programme (the task list of certificates.home).
    assert (
        "Your way to welcoming a newcomer with Ambasadorzy Powitania Warszawa"
        in response.content.decode()
    )


def test_the_home_page_asks_anonymous_visitors_to_sign_in(client: Client, db: None) -> None:
    response = client.get("/home/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_api_docs_are_served_without_any_cdn(client: Client, db: None) -> None:
    docs = client.get("/api/v1/docs/").content.decode()
    schema = client.get("/api/v1/schema/")

    assert schema.status_code == 200
    assert "/api/v1/auth/register/" in schema.content.decode()
    assert "cdn" not in docs.lower()
    assert "swagger-ui" in docs


@pytest.mark.parametrize("role", ["volunteer", "newcomer"])
def test_the_landing_pages_buttons_open_the_sign_up_with_the_role_ticked(
    client: Client, program: Program, role: str
) -> None:
    landing = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/accounts/signup/?role={role}"' in landing

    page = client.get(f"/accounts/signup/?role={role}&program={program.slug}").content.decode()

    assert re.search(rf'<input[^>]*value="{role}"[^>]*checked', page)
    assert re.search(rf'<option value="{program.pk}" selected', page)


def test_an_unknown_role_or_programme_in_the_link_ticks_nothing(
    client: Client, program: Program
) -> None:
    page = client.get("/accounts/signup/?role=coordinator&program=nowhere").content.decode()

    assert not re.search(r'name="role"[^>]*checked', page)
    assert "selected" not in page.split('name="program"')[1].split("</select>")[0]
