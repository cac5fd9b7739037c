"""Every string a person sees exists in Polish and Ukrainian, whole and with the same blanks;
the Ukrainian keeps to one term per thing (docs/glossary-uk.md); allauth's and Django's own
Ukrainian is replaced where the project corrects it."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import allauth
import django
import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.test import Client
from django.utils import translation
from django.utils.translation.template import templatize

from accounts.models import Program, User
from core.vocabulary import INTERESTS, LEVEL_LABELS, SKILLS
from tests.clients import signed_in
from training.defaults import DEFAULT_MODULES
from volunteers.agreement_model_text import model_text

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
LANGUAGES = ["pl", "uk"]

# Django's gettext functions and where their msgid, plural and context sit.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
NOT_THE_PROJECT_S = {".venv", ".git", "tests", "bench", "docs", "locale", "node_modules"}


@cache
def catalog(language: str) -> Catalog:
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as file:
        return read_po(file, locale=language)


@cache
def app_catalog(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale="uk")


def messages(language: str) -> list[Message]:
    return [message for message in catalog(language) if message.id]


def strings(message: Message) -> tuple[str, ...]:
    value = message.string
    if isinstance(value, (tuple, list)):
        return tuple(str(form or "") for form in value)
    return (str(value or ""),)


def ids(message: Message) -> tuple[str, ...]:
    value = message.id
    return tuple(str(part) for part in value) if isinstance(value, (tuple, list)) else (value,)


def key(message: Message) -> tuple[str | None, str | tuple[str, ...]]:
    both = ids(message)
    return (message.context, both if len(both) > 1 else both[0])


def _project_files(suffix: str) -> list[Path]:
    return [
        path
        for path in ROOT.rglob(f"*.{suffix}")
        if path.relative_to(ROOT).parts[0] not in NOT_THE_PROJECT_S
    ]


@cache
def marked_in_the_code() -> set[tuple[str | None, str | tuple[str, ...]]]:
    """(context, msgid) of every string the code and templates mark for translation: what
    `makemessages` would find (templates go through Django's own `templatize`)."""
    found: set[tuple[str | None, str | tuple[str, ...]]] = set()
    sources: list[io.BytesIO] = []
    for path in _project_files("py"):
        sources.append(io.BytesIO(path.read_bytes()))
    for suffix in ("html", "txt"):
        for path in _project_files(suffix):
            text = path.read_text(encoding="utf-8")
            if "{%" in text:
                # One statement a line: the template's text between them is not Python.
                code = "\n".join(line.lstrip() for line in templatize(text).splitlines())
                sources.append(io.BytesIO(code.encode()))
    for source in sources:
        for _line, message, _comments, context in extract("python", source, keywords=KEYWORDS):
            found.add((context, message if isinstance(message, str) else tuple(message)))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_left_untranslated_or_fuzzy(language: str) -> None:
    untranslated = [
        message.id for message in messages(language) if not all(strings(message)) or message.fuzzy
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_the_code_marks_is_in_the_catalogue(language: str) -> None:
    in_catalogue = {key(message) for message in messages(language)}

    missing = sorted(str(key) for key in marked_in_the_code() - in_catalogue)

    assert len(marked_in_the_code()) > 1000  # the extraction found the project's strings
    assert missing == []


# %(name)s, %s, %d, {name} and HTML tags: what the code fills in or the browser reads.
BLANK = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|</?[a-z][^>]*>")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_has_the_blanks_of_its_msgid(language: str) -> None:
    mismatched = []
    for message in messages(language):
        expected = set(BLANK.findall(" ".join(ids(message))))
        for string in strings(message):
            if set(BLANK.findall(string)) != expected:
                mismatched.append((ids(message)[0], string))

    assert mismatched == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plural_has_the_language_s_forms(language: str) -> None:
    forms = catalog(language).num_plurals

    wrong = [
        message.id[0]
        for message in messages(language)
        if isinstance(message.id, tuple) and len(strings(message)) != forms
    ]

    assert forms == 3
    assert wrong == []


# The glossary's "not" column: a Ukrainian string that matches one of these uses the other term.
NOT_IN_THE_GLOSSARY = {
    r"посол\w* гостинності": "амбасадор привітання",
    r"наставництв": "менторство",
    r"\b[Сс]есі[яїюй]": "заняття (a training session)",
    r"з'єдн|поєдн": "об'єднати в пару",
    r"[Аа]утентиф": "автентифікація",
    r"[Дд]одат\w* (для )?автентиф": "застосунок автентифікації",
    r"розпорядник": "володілець даних (the GDPR controller)",
    r"новоприбул\w* людин": "новоприбула особа",
    r"\b(ваш|вашого|свої|ваші) запит": "звернення (a support request)",
    r"\bВиберіть": "Оберіть",
    r"\bСпочатку": "Спершу",
    r"’": "the apostrophe '",
}


def ukrainian_outside_the_catalogue() -> list[tuple[str, str]]:
    """(where, text) of the Ukrainian the code holds: the vocabulary's labels, the typical
    training modules and the model volunteer agreement."""
    texts = [(f"vocabulary {term.code}", term.label.uk) for term in (*SKILLS, *INTERESTS)]
    texts += [
        (f"vocabulary {term.code}", term.description.uk) for term in SKILLS if term.description
    ]
    texts += [(f"level {code}", label.uk) for code, label in LEVEL_LABELS.items()]
    for module in DEFAULT_MODULES:
        ukrainian = module["translations"]["uk"]
        texts.append((module["title"], f"{ukrainian['title']} {ukrainian['description']}"))
    texts.append(("model agreement", model_text("uk")))
    return texts


def test_the_ukrainian_keeps_to_the_glossary() -> None:
    off = [
        (ids(message)[0], pattern, right)
        for message in messages("uk")
        for pattern, right in NOT_IN_THE_GLOSSARY.items()
        if any(re.search(pattern, string) for string in strings(message))
    ]
    off += [
        (where, pattern, right)
        for where, text in ukrainian_outside_the_catalogue()
        for pattern, right in NOT_IN_THE_GLOSSARY.items()
        if re.search(pattern, text)
    ]

    assert len(ukrainian_outside_the_catalogue()) > 60
    assert off == []


def _app_catalogues() -> list[Path]:
    return [
        Path(allauth.__file__).parent / "locale/uk/LC_MESSAGES/django.po",
        Path(django.__file__).parent / "contrib/auth/locale/uk/LC_MESSAGES/django.po",
        Path(django.__file__).parent / "conf/locale/uk/LC_MESSAGES/django.po",
    ]


def test_the_project_corrects_allauth_s_ukrainian_on_the_pages_it_shows() -> None:
    allauth_ids = {message.id for message in app_catalog(_app_catalogues()[0]) if message.id}
    # The strings of the sign-in, sign-up, password, e-mail and two-factor pages that
    # allauth's catalogue gets wrong ("Недійсне назвище", "Слідуйте по посиланню", Title Case).
    corrected = {
        "Invalid login.",
        "Remember Me",
        "Confirm Email Address",
        "Already have an account? Then please %(link)ssign in%(end_link)s.",
        "Forgotten your password? Enter your email address below, and we'll send you an email "
        "allowing you to reset it.",
        "Please contact us if you have any trouble resetting your password.",
        "We have sent an email to you for verification. Follow the link provided to finalize "
        "the signup process. If you do not see the verification email in your main inbox, "
        "check your spam folder. Please contact us if you do not receive the verification "
        "email within a few minutes.",
        "Your password has been reset.",
        "Authenticator code",
        "Your account is protected by two-factor authentication. Please enter an "
        "authenticator code:",
    }
    overridden = {message.id for message in messages("uk") if message.id in allauth_ids}

    assert corrected <= overridden


@pytest.mark.parametrize("path", range(3))
def test_every_override_of_an_app_s_ukrainian_is_what_django_serves(path: int) -> None:
    app = app_catalog(_app_catalogues()[path])
    overrides = [
        message for message in messages("uk") if not message.context and app.get(ids(message)[0])
    ]

    served = []
    with translation.override("uk"):
        for message in overrides:
            if len(ids(message)) > 1:
                singular, plural = ids(message)
                for count, form in ((1, 0), (3, 1), (5, 2)):
                    served.append(
                        (translation.ngettext(singular, plural, count), strings(message)[form])
                    )
            else:
                served.append((translation.gettext(ids(message)[0]), strings(message)[0]))

    assert overrides
    assert [got for got, _wanted in served] == [wanted for _got, wanted in served]


TITLE_CASE = re.compile(r"\b[А-ЯІЇЄҐ][а-яіїєґ']+ (?:[А-ЯІЇЄҐ][а-яіїєґ']+ ?)+")
WRONG_IN_ALLAUTH = [
    "Адресу Електронної",
    "адресоюелектронної",
    "Тоді будь ласка",
    "Запам'ятати Мене",
    "Запам&#x27;ятати Мене",
    "складається",
    "Недійсне назвище",
    "Слідуйте",
    "аутентиф",
    "email адресу",
]


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/confirm-email/",
        "/accounts/password/reset/key/1-set-password/",
    ],
)
def test_the_ukrainian_account_pages_read_as_ukrainian_writes(
    client: Client, program: Program, path: str
) -> None:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="uk")
    page = response.content.decode()
    main = page[page.find("<main") : page.find("</main>")]

    assert main, path
    assert [wrong for wrong in WRONG_IN_ALLAUTH if wrong in main] == []
    # Headings, labels and buttons in sentence case (programme names are Latin here).
    assert TITLE_CASE.findall(re.sub(r"<[^>]+>", " ", main)) == []


def test_django_s_own_ukrainian_is_corrected_where_it_shows() -> None:
    with translation.override("uk"):
        too_similar = translation.gettext("The password is too similar to the %(verbose_name)s.")
        numeric = translation.gettext("Your password can’t be entirely numeric.")

    assert too_similar % {"verbose_name": "ім'я та прізвище"} == (
        "Пароль надто схожий на значення поля «ім'я та прізвище»."
    )
    assert numeric == "Пароль не може складатися лише з цифр."


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/logout/",
        "/accounts/2fa/",
        "/accounts/reauthenticate/",
    ],
)
def test_the_ukrainian_account_and_two_factor_pages_of_a_signed_in_person_read_well(
    coordinator: User, path: str
) -> None:
    response = signed_in(coordinator, language="uk").get(path, follow=True)
    page = response.content.decode()
    main = page[page.find("<main") : page.find("</main>")]

    assert response.status_code == 200, path
    assert [wrong for wrong in WRONG_IN_ALLAUTH if wrong in main] == []
    assert TITLE_CASE.findall(re.sub(r"<[^>]+>", " ", main)) == []
