"""CSV import: encodings, delimiters and headers; the dry run; the all-or-nothing commit."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from accounts.models import Membership, Notification, Program, Role, User
from newcomers.models import NewcomerProfile
from reports.imports import decode, detect_delimiter, import_check, parse_languages
from reports.models import ImportBatch
from reports.services import ImportRejected, import_commit
from tests.clients import signed_in
from tests.factories import member
from tests.unchanged import nothing_changes
from volunteers.models import VolunteerProfile

POLISH_SEMICOLONS = (
    "Imię i nazwisko;E-mail;Języki;Umiejętności;Miasto;Dzielnica\n"
    "Zofia Wójcik;zofia@example.org;uk:B2, pl:ojczysty;Mieszkanie, job_search;Warszawa;Mokotów\n"
    "Łukasz Żak;LUKASZ@example.org;pl:native;Sprawy urzędowe;Warszawa;\n"
)
ENGLISH_COMMAS = (
    "Full name,e-mail,languages,skills,city,notes\n"
    'Zofia Wójcik,zofia@example.org,"uk:B2; pl:native",housing,Warszawa,met at the fair\n'
)


def _upload(text: str, encoding: str = "utf-8", name: str = "people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_utf8_with_a_bom_and_windows_1250_are_both_read() -> None:
    text = "Imię i nazwisko;e-mail\nŁukasz Żółć;l@example.org\n"

    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(text.encode("cp1250")) == (text, "cp1250")


def test_the_delimiter_is_found_on_the_header_line() -> None:
    assert detect_delimiter(POLISH_SEMICOLONS) == ";"
    assert detect_delimiter(ENGLISH_COMMAS) == ","


def test_languages_are_read_as_codes_or_names_with_levels() -> None:
    assert parse_languages("uk:B2; polski: ojczysty, en=c1") == (
        {"uk": "B2", "pl": "native", "en": "C1"},
        [],
    )
    with translation.override("en"):
        problems = parse_languages("klingon:B2; uk")[1]
    assert problems == [
        "“klingon:B2”: unknown language.",
        "“uk”: give a language and a level, e.g. “uk:B2”.",
    ]


def test_a_dry_run_says_what_would_happen_and_writes_nothing(
    program: Program, coordinator: User
) -> None:
    existing = member(program, Role.VOLUNTEER, email="zofia@example.org", full_name="Zofia W.")
    VolunteerProfile.objects.create(user=existing, program=program)

    response = signed_in(coordinator).post(
        "/api/v1/imports/",
        {"file": _upload(POLISH_SEMICOLONS, "cp1250"), "kind": "volunteers"},
        format="multipart",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["dry_run"], body["encoding"], body["delimiter"]) == (True, "cp1250", ";")
    assert body["summary"] == {"create": 1, "update": 1, "reject": 0, "total": 2}
    assert [(row["row"], row["action"], row["email"]) for row in body["rows"]] == [
        (2, "update", "zofia@example.org"),
        (3, "create", "lukasz@example.org"),
    ]
    assert not User.objects.filter(email="lukasz@example.org").exists()
    assert VolunteerProfile.objects.get(user=existing).languages == {}


def test_a_confirmed_import_creates_updates_and_invites(
    program: Program, coordinator: User
) -> None:
    existing = member(program, Role.VOLUNTEER, email="zofia@example.org", full_name="Zofia W.")
    VolunteerProfile.objects.create(user=existing, program=program)

    response = signed_in(coordinator).post(
        "/api/v1/imports/",
        {"file": _upload(POLISH_SEMICOLONS), "kind": "volunteers", "dry_run": "false"},
        format="multipart",
    )

    assert response.status_code == 200
    zofia = VolunteerProfile.objects.get(user=existing)
    assert (zofia.user.full_name, zofia.languages) == ("Zofia Wójcik", {"uk": "B2", "pl": "native"})
    assert zofia.skills == ["housing", "job_search"]
    assert (zofia.city, zofia.place_name) == ("Warszawa", "Mokotów")
    lukasz = User.objects.get(email="lukasz@example.org")
    assert not lukasz.has_usable_password()
    assert Membership.objects.filter(user=lukasz, program=program, role=Role.VOLUNTEER).exists()
    assert VolunteerProfile.objects.get(user=lukasz).skills == ["admin_procedures"]
    invitation = Notification.objects.get(key=f"import-invite:{lukasz.pk}")
    assert "/accounts/confirm-email/" in invitation.body
    assert not Notification.objects.filter(user=existing, kind="import-invite").exists()
    assert User.objects.filter(email__iexact="zofia@example.org").count() == 1


def test_the_invitation_link_confirms_the_address_then_lets_the_person_set_a_password(
    program: Program, coordinator: User
) -> None:
    import_commit(program=program, kind="volunteers", text=POLISH_SEMICOLONS, by=coordinator)
    lukasz = User.objects.get(email="lukasz@example.org")

    def listed() -> list[str]:
        rows = signed_in(coordinator).get("/api/v1/volunteers/").json()["results"]
        return [row["full_name"] for row in rows]

    assert "Łukasz Żak" not in listed()  # not confirmed yet: nobody sees him
    words = Notification.objects.get(key=f"import-invite:{lukasz.pk}").body.split()
    url = urlsplit(next(word for word in words if "/confirm-email/" in word)).path
    client = Client()

    assert client.get(url).status_code == 200
    confirmed = client.post(url)
    form_page = client.get(confirmed["Location"], follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "Nowe-Hasło-2025!", "password2": "Nowe-Hasło-2025!"},
    )

    assert "/password/reset/key/" in confirmed["Location"]
    assert response.status_code == 302
    lukasz.refresh_from_db()
    assert lukasz.check_password("Nowe-Hasło-2025!")
    assert "Łukasz Żak" in listed()


def test_rejected_rows_are_explained_and_a_confirmed_import_writes_none(
    program: Program, coordinator: User
) -> None:
    text = (
        "full name,e-mail,languages,skills,city\n"
        "Zofia Wójcik,zofia@example.org,uk:B2,housing,Warszawa\n"
        ",no-at-sign,uk:Z9,flying,Atlantyda\n"
        "Zofia Again,ZOFIA@example.org,,,\n"
    )

    response = signed_in(coordinator).post(
        "/api/v1/imports/",
        {"file": _upload(text), "kind": "volunteers", "dry_run": "false"},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["file"] == ["2 rows were rejected; nothing was imported."]
    rows = {row["row"]: row for row in body["rows"]}
    assert rows[2]["action"] == "create"
    assert rows[3]["action"] == "reject"
    assert set(rows[3]["errors"]) == {"full_name", "email", "languages", "skills", "location"}
    assert rows[3]["errors"]["skills"] == ["“flying”: not a kind of help we know."]
    assert rows[4]["errors"] == {"email": ["The same e-mail address is already on row 2."]}
    assert not User.objects.filter(email="zofia@example.org").exists()
    assert not Notification.objects.exists()


def test_an_account_outside_the_programmes_volunteers_is_not_taken_over(
    program: Program, other_program: Program, coordinator: User
) -> None:
    member(other_program, Role.VOLUNTEER, email="zofia@example.org")

    report = import_check(program=program, kind="volunteers", text=ENGLISH_COMMAS)

    assert report.rows[0].action == "reject"
    assert list(report.rows[0].errors) == ["email"]


def test_unknown_columns_are_ignored_and_listed(program: Program) -> None:
    report = import_check(program=program, kind="volunteers", text=ENGLISH_COMMAS)

    assert report.ignored_columns == ["notes"]
    assert report.rows[0].action == "create"


def test_a_file_without_the_required_columns_is_refused(
    program: Program, coordinator: User
) -> None:
    client = signed_in(coordinator)
    with nothing_changes():
        response = client.post(
            "/api/v1/imports/",
            {"file": _upload("name;city\nZofia;Warszawa\n"), "kind": "volunteers"},
            format="multipart",
        )

    assert response.status_code == 400
    assert list(response.json()) == ["file"]


def test_newcomers_without_an_e_mail_are_registered_on_behalf_and_duplicates_updated(
    program: Program, coordinator: User
) -> None:
    known = NewcomerProfile.objects.create(
        program=program, full_name="Олена", contact_email="olena@example.org"
    )
    text = (
        "Imię i nazwisko;E-mail;Telefon;Języki;Kraj pochodzenia;Miasto\n"
        "Олена Ковальчук;OLENA@example.org;+48 600 100 200;uk:native;Ukraina;Warszawa\n"
        "Minh Nguyen;;+48 600 300 400;vi:native, en:B1;Vietnam;Kraków\n"
    )

    report = import_commit(program=program, kind="newcomers", text=text, by=coordinator)

    assert [row.action for row in report.rows] == ["update", "create"]
    known.refresh_from_db()
    assert (known.full_name, known.contact_phone, known.country_of_origin) == (
        "Олена Ковальчук", "+48 600 100 200", "UA",
    )  # fmt: skip
    minh = NewcomerProfile.objects.get(full_name="Minh Nguyen")
    assert (minh.first_language, minh.country_of_origin, minh.place_name) == ("vi", "VN", "Kraków")
    assert minh.registered_by == coordinator
    assert minh.user is None


def test_a_rejected_newcomer_row_stops_the_whole_commit(
    program: Program, coordinator: User
) -> None:
    text = "full name,phone\nMinh Nguyen,+48 600 300 400\nBad Phone,call me maybe\n"

    with pytest.raises(ImportRejected):
        import_commit(program=program, kind="newcomers", text=text, by=coordinator)

    assert not NewcomerProfile.objects.exists()


def test_another_programmes_coordinator_gets_404(program: Program, outsider: User) -> None:
    client = signed_in(outsider)
    with nothing_changes():
        response = client.post(
            "/api/v1/imports/",
            {"file": _upload(ENGLISH_COMMAS), "kind": "volunteers", "program": "warszawa"},
            format="multipart",
        )

    assert response.status_code == 404


def test_volunteers_get_403(program: Program, volunteer: User) -> None:
    client = signed_in(volunteer)
    with nothing_changes():
        response = client.post(
            "/api/v1/imports/",
            {"file": _upload(ENGLISH_COMMAS), "kind": "volunteers"},
            format="multipart",
        )

    assert response.status_code == 403


def test_the_import_page_checks_then_confirms(program: Program, coordinator: User) -> None:
    client = Client()
    client.force_login(coordinator)

    checked = client.post(
        "/coordinators/import/",
        {
            "action": "check",
            "program": "warszawa",
            "kind": "volunteers",
            "file": _upload(POLISH_SEMICOLONS),
        },
    )

    assert checked.status_code == 200
    assert "zofia@example.org" in checked.content.decode()
    batch = ImportBatch.objects.get()
    assert not User.objects.filter(email="zofia@example.org").exists()

    confirmed = client.post("/coordinators/import/", {"action": "confirm", "batch": batch.pk})

    assert confirmed.status_code == 302
    assert User.objects.filter(email="zofia@example.org").exists()
    assert not ImportBatch.objects.exists()


def test_another_coordinator_cannot_confirm_someone_elses_upload(
    program: Program, coordinator: User, outsider: User
) -> None:
    client = Client()
    client.force_login(coordinator)
    client.post(
        "/coordinators/import/",
        {
            "action": "check",
            "program": "warszawa",
            "kind": "volunteers",
            "file": _upload(ENGLISH_COMMAS),
        },
    )
    batch = ImportBatch.objects.get()
    intruder = Client()
    intruder.force_login(outsider)

    response = intruder.post("/coordinators/import/", {"action": "confirm", "batch": batch.pk})

    assert response.status_code == 404
    assert not User.objects.filter(email="zofia@example.org").exists()
