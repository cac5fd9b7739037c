"""Reading a programme's spreadsheet of volunteers or newcomers: the dry run of an import.

Nothing here writes. `import_check` decodes the upload, finds the delimiter and the columns,
and says for each row what a confirmed import would do: `create`, `update` (an existing person
with the same e-mail address) or `reject`, with the reasons per field. `reports.services.
import_commit` runs the same check again and writes only when no row is rejected.

- Encoding: UTF-8 (with or without a byte-order mark), else Windows-1250 (Excel's Polish
  default); anything else is refused.
- Delimiter: `csv.Sniffer` limited to comma and semicolon, on the header line; when it cannot
  tell, whichever of the two the header line has more of.
- Headers in Polish or English, with or without diacritics ("Imię i nazwisko", "imie i
  nazwisko", "Full name"); unknown columns are ignored and listed.
- Languages as "uk:B2; pl:native" (codes or names in pl/uk/en, CEFR level or native);
  skills as codes or labels in pl/uk/en, separated by ";" or ",".
- City and district are geocoded as a profile would be (`core.locations`); a place that cannot
  be found rejects the row. Places are looked up once per import.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from babel import Locale
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Program, Role, User, normalize_email
from core.gazetteer import fold
from core.locations import LocationNotFound, location_resolve
from core.text import control_characters, is_ascii_number, message_for
from core.vocabulary import LANGUAGE_CODES, LEVELS, SKILLS, SUPPORTED_LANGUAGES, language_name
from newcomers.models import NewcomerProfile
from reports.models import ImportKind
from volunteers.models import VolunteerProfile

MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024
CREATE, UPDATE, REJECT = "create", "update", "reject"
UTF8_BOM = b"\xef\xbb\xbf"

# Canonical field -> folded headers (see core.gazetteer.fold: lower case, no diacritics).
HEADERS: dict[str, tuple[str, ...]] = {
    "full_name": ("imie i nazwisko", "nazwisko i imie", "full name", "name", "imie nazwisko"),
    "email": ("e mail", "email", "adres e mail", "mail", "e mail address"),
    "phone": ("telefon", "phone", "nr telefonu", "numer telefonu", "phone number"),
    "languages": ("jezyki", "languages", "jezyki obce"),
    "skills": ("umiejetnosci", "skills", "w czym pomaga", "pomoc"),
    "capacity": ("liczba podopiecznych", "capacity"),
    "city": ("miasto", "city", "miejscowosc", "town"),
    "district": ("dzielnica", "district", "osiedle"),
    "country_of_origin": ("kraj pochodzenia", "country of origin", "kraj", "country"),
    "first_language": ("pierwszy jezyk", "jezyk ojczysty", "first language", "native language"),
}
FIELDS_OF = {
    ImportKind.VOLUNTEERS: (
        "full_name", "email", "languages", "skills", "capacity", "city", "district",
    ),
    ImportKind.NEWCOMERS: (
        "full_name", "email", "phone", "languages", "first_language", "country_of_origin",
        "city", "district",
    ),
}  # fmt: skip
# How a missing column is named to the coordinator (both spellings work).
COLUMN_NAMES = {"full_name": "imię i nazwisko / full name", "email": "e-mail"}
REQUIRED_COLUMNS = {
    ImportKind.VOLUNTEERS: ("full_name", "email"),
    ImportKind.NEWCOMERS: ("full_name",),
}
NATIVE_WORDS = {"native", "ojczysty", "ojczysta", "natywny", "rodzimy", "ridna", "рідна"}
_ITEM_SEPARATORS = re.compile(r"[;,|\n]")
_LANGUAGE_ITEM = re.compile(
    r"^(?P<language>.+?)\s*[:=]\s*(?P<level>\S+)$|^(?P<bare>.+?)\s+(?P<tail>\S+)$"
)
_PHONE = re.compile(r"^\+?[0-9 ()./-]{6,30}$")


@dataclass
class RowResult:
    """What a confirmed import would do with one data row (`row` counts the header as 1)."""

    row: int
    action: str
    errors: dict[str, list[str]] = field(default_factory=dict)
    full_name: str = ""
    email: str = ""
    # Cleaned values for the services, and the profile an update changes: never serialised.
    data: dict[str, Any] = field(default_factory=dict, repr=False)
    target_id: int | None = None

    def reject(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, []).append(message)
        self.action = REJECT


@dataclass
class ImportReport:
    kind: str
    encoding: str
    delimiter: str
    columns: dict[str, str]  # canonical field -> the header as written
    ignored_columns: list[str]
    rows: list[RowResult]

    @property
    def summary(self) -> dict[str, int]:
        counts = {CREATE: 0, UPDATE: 0, REJECT: 0}
        for row in self.rows:
            counts[row.action] += 1
        return {**counts, "total": len(self.rows)}

    @property
    def has_rejects(self) -> bool:
        return any(row.action == REJECT for row in self.rows)


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def decode(content: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in: UTF-8 (BOM or not), else Windows-1250."""
    if content.startswith(UTF8_BOM):
        try:
            return content[len(UTF8_BOM) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise _file_error(_("The file is not valid UTF-8.")) from None
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1250"), "cp1250"
    except UnicodeDecodeError:
        raise _file_error(
            _("Save the file as CSV in UTF-8 or Windows-1250 (Excel: “CSV UTF-8”).")
        ) from None


def detect_delimiter(text: str) -> str:
    """Comma or semicolon, judged on the header line (cells below may hold either)."""
    header = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    try:
        return csv.Sniffer().sniff(header, delimiters=",;").delimiter
    except csv.Error:
        return ";" if header.count(";") > header.count(",") else ","


@cache
def _header_fields() -> dict[str, str]:
    return {header: name for name, headers in HEADERS.items() for header in headers}


@cache
def _language_codes_by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for code in LANGUAGE_CODES:
        names[code] = code
        for language in SUPPORTED_LANGUAGES:
            names[fold(language_name(code, language))] = code
    return names


@cache
def _skill_codes_by_label() -> dict[str, str]:
    labels: dict[str, str] = {}
    for term in SKILLS:
        for text in (term.code, term.label.pl, term.label.uk, term.label.en):
            labels[fold(text)] = term.code
    return labels


@cache
def _country_codes_by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in SUPPORTED_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names[fold(code)] = code
                names[fold(name)] = code
    return names


def _level(text: str) -> str | None:
    if text.upper() in LEVELS:
        return text.upper()
    return "native" if fold(text) in {fold(word) for word in NATIVE_WORDS} else None


def parse_languages(text: str) -> tuple[dict[str, str], list[str]]:
    """{"uk": "B2", "pl": "native"} from "uk:B2; polski: ojczysty", with the problems found."""
    languages: dict[str, str] = {}
    problems: list[str] = []
    for item in filter(None, (part.strip() for part in _ITEM_SEPARATORS.split(text))):
        match = _LANGUAGE_ITEM.match(item)
        if match is None:
            problems.append(
                _("“%(item)s”: give a language and a level, e.g. “uk:B2”.") % {"item": item}
            )
            continue
        name = match.group("language") or match.group("bare")
        level_text = match.group("level") or match.group("tail")
        code = _language_codes_by_name().get(fold(name))
        level = _level(level_text)
        if code is None:
            problems.append(_("“%(item)s”: unknown language.") % {"item": item})
        elif level is None:
            problems.append(_("“%(item)s”: the level must be A1 to C2 or native.") % {"item": item})
        else:
            languages[code] = level
    return languages, problems


def parse_skills(text: str) -> tuple[list[str], list[str]]:
    skills: list[str] = []
    problems: list[str] = []
    for item in filter(None, (part.strip() for part in _ITEM_SEPARATORS.split(text))):
        code = _skill_codes_by_label().get(fold(item))
        if code is None:
            problems.append(_("“%(item)s”: not a kind of help we know.") % {"item": item})
        elif code not in skills:
            skills.append(code)
    return skills, problems


def read_rows(text: str) -> tuple[str, dict[str, str], list[str], list[tuple[int, dict[str, str]]]]:
    """The delimiter, the recognised columns, the ignored headers and the data rows."""
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise _file_error(_("The file is empty.")) from None
    positions: dict[str, int] = {}
    columns: dict[str, str] = {}
    ignored: list[str] = []
    for position, title in enumerate(header):
        name = _header_fields().get(fold(title))
        if name is None or name in positions:
            if title.strip():
                ignored.append(title.strip())
            continue
        positions[name] = position
        columns[name] = title.strip()
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise _file_error(
                    _("A file may hold at most %(count)d rows; split it.") % {"count": MAX_ROWS}
                )
            values = {
                name: cells[position].strip() if position < len(cells) else ""
                for name, position in positions.items()
            }
            rows.append((reader.line_num, values))
    except csv.Error as error:
        raise _file_error(
            _("The file is not a readable CSV file: %(error)s") % {"error": error}
        ) from None
    return delimiter, columns, ignored, rows


class _Places:
    """Geocodes each (city, district) once per import."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], bool] = {}

    def is_known(self, city: str, district: str) -> bool:
        key = (city, district)
        if key not in self.found:
            try:
                location_resolve({"city": city, "address": district})
                self.found[key] = True
            except LocationNotFound:
                self.found[key] = False
        return self.found[key]


def _common(result: RowResult, values: dict[str, str], places: _Places) -> None:
    """Name, e-mail, languages and place: what both kinds share; no cell may hold a control
    character (a NUL would be stored, a line break would end up in an e-mail)."""
    for column, value in values.items():
        if control_characters(value, multi_line=False):
            result.reject(column, str(message_for(multi_line=False)))
    name = " ".join(values.get("full_name", "").split())
    result.full_name = name
    if not name:
        result.reject("full_name", _("The name is missing."))
    elif len(name) > 150:
        result.reject("full_name", _("The name is longer than 150 characters."))
    else:
        result.data["full_name"] = name
    email = values.get("email", "")
    if email:
        try:
            validate_email(email)
            result.email = normalize_email(email)
        except ValidationError:
            result.reject("email", _("“%(email)s” is not an e-mail address.") % {"email": email})
    if values.get("languages"):
        languages, problems = parse_languages(values["languages"])
        for problem in problems:
            result.reject("languages", problem)
        result.data["languages"] = languages
    city, district = values.get("city", ""), values.get("district", "")
    if city or district:
        if places.is_known(city, district):
            result.data["location"] = {"city": city, "address": district}
        else:
            place = ", ".join(part for part in (district, city) if part)
            result.reject(
                "location",
                _("We could not find “%(place)s”. Check the spelling or give a city.")
                % {"place": place},
            )


def _duplicate_in_file(result: RowResult, first_rows: dict[str, int]) -> None:
    if not result.email:
        return
    if result.email in first_rows:
        result.reject(
            "email",
            _("The same e-mail address is already on row %(row)d.")
            % {"row": first_rows[result.email]},
        )
    else:
        first_rows[result.email] = result.row


def _rows_checked(
    rows: list[tuple[int, dict[str, str]]],
    places: _Places,
    check: Callable[[RowResult, dict[str, str]], None],
) -> list[RowResult]:
    """Each row checked for what every kind has (`_common`), then for its kind's columns
    (`check`), then against the rows above it (an e-mail address once per file)."""
    results: list[RowResult] = []
    first_rows: dict[str, int] = {}
    for line, values in rows:
        result = RowResult(row=line, action=CREATE)
        _common(result, values, places)
        check(result, values)
        _duplicate_in_file(result, first_rows)
        results.append(result)
    return results


def _volunteer_columns(result: RowResult, values: dict[str, str]) -> None:
    if not values.get("email"):
        result.reject("email", _("Volunteers need an e-mail address for their account."))
    if values.get("skills"):
        skills, problems = parse_skills(values["skills"])
        for problem in problems:
            result.reject("skills", problem)
        result.data["skills"] = skills
    if values.get("capacity"):
        capacity = values["capacity"]
        if is_ascii_number(capacity) and 1 <= int(capacity) <= 5:
            result.data["capacity"] = int(capacity)
        else:
            result.reject("capacity", _("Give a number of newcomers from 1 to 5."))


def _check_volunteers(
    program: Program, rows: list[tuple[int, dict[str, str]]], places: _Places
) -> list[RowResult]:
    results = _rows_checked(rows, places, _volunteer_columns)
    # One query for the accounts the file names.
    emails = [result.email for result in results if result.email]
    accounts = {
        user.email: user
        for user in User.objects.filter(email__in=emails).prefetch_related("memberships")
    }
    profiles = dict(
        VolunteerProfile.objects.filter(program=program, user__email__in=emails).values_list(
            "user_id", "pk"
        )
    )
    for result in results:
        user = accounts.get(result.email)
        if user is None or result.action == REJECT:
            continue
        roles = {(m.program_id, m.role) for m in user.memberships.all()}
        if (program.pk, Role.VOLUNTEER) in roles and user.pk in profiles:
            result.action = UPDATE
            result.target_id = profiles[user.pk]
        elif roles == {(program.pk, Role.VOLUNTEER)}:
            result.action = UPDATE  # a volunteer who never opened their profile
            result.target_id = None
            result.data["user_id"] = user.pk
        else:
            result.reject(
                "email",
                _("This e-mail address has an account that is not a volunteer of this programme."),
            )
    return results


def _coded(result: RowResult, column: str, name: str, codes: dict[str, str], unknown: str) -> None:
    """The code `name` stands for, stored in `column`; an unknown name rejects the row there."""
    code = codes.get(fold(name))
    if code is None:
        result.reject(column, unknown % {"item": name})
    else:
        result.data[column] = code


def _newcomer_columns(result: RowResult, values: dict[str, str]) -> None:
    if result.email:
        result.data["contact_email"] = result.email
    phone = values.get("phone", "")
    if phone:
        if _PHONE.match(phone):
            result.data["contact_phone"] = phone
        else:
            result.reject("phone", _("“%(phone)s” is not a phone number.") % {"phone": phone})
    first = values.get("first_language", "")
    if first:
        unknown_language = _("“%(item)s”: unknown language.")
        _coded(result, "first_language", first, _language_codes_by_name(), unknown_language)
    elif result.data.get("languages"):
        spoken = result.data["languages"]
        native = [code for code, level in spoken.items() if level == "native"]
        result.data["first_language"] = (native or list(spoken))[0]
    country = values.get("country_of_origin", "")
    if country:
        unknown_country = _("“%(item)s”: unknown country.")
        _coded(result, "country_of_origin", country, _country_codes_by_name(), unknown_country)


def _check_newcomers(
    program: Program, rows: list[tuple[int, dict[str, str]]], places: _Places
) -> list[RowResult]:
    results = _rows_checked(rows, places, _newcomer_columns)
    emails = [result.email for result in results if result.email]
    existing: dict[str, list[int]] = {}
    for email, profile_id in (
        NewcomerProfile.objects.filter(program=program, contact_email__in=emails)
        .order_by("created_at", "pk")
        .values_list("contact_email", "pk")
    ):
        existing.setdefault(email, []).append(profile_id)
    for result in results:
        matches = existing.get(result.email, [])
        if result.action == REJECT or not matches:
            continue
        if len(matches) > 1:
            result.reject(
                "email",
                ngettext(
                    "%(count)d newcomer has this e-mail address; update them by hand.",
                    "%(count)d newcomers have this e-mail address; update them by hand.",
                    len(matches),
                )
                % {"count": len(matches)},
            )
        else:
            result.action = UPDATE
            result.target_id = matches[0]
    return results


def import_check(
    *, program: Program, kind: str, text: str, encoding: str = "utf-8"
) -> ImportReport:
    """What importing `text` into `program` would do, row by row (the dry run)."""
    delimiter, columns, ignored, rows = read_rows(text)
    missing = [name for name in REQUIRED_COLUMNS[ImportKind(kind)] if name not in columns]
    if missing:
        wanted = ", ".join(f"“{COLUMN_NAMES[name]}”" for name in missing)
        raise _file_error(_("Columns missing: %(columns)s.") % {"columns": wanted})
    allowed = FIELDS_OF[ImportKind(kind)]
    for name in [name for name in columns if name not in allowed]:
        ignored.append(columns.pop(name))
    rows = [(line, {k: v for k, v in values.items() if k in allowed}) for line, values in rows]
    if not rows:
        raise _file_error(_("The file has a header but no rows."))
    places = _Places()
    if kind == ImportKind.VOLUNTEERS:
        results = _check_volunteers(program, rows, places)
    else:
        results = _check_newcomers(program, rows, places)
    return ImportReport(
        kind=kind,
        encoding=encoding,
        delimiter=delimiter,
        columns=columns,
        ignored_columns=ignored,
        rows=results,
    )
