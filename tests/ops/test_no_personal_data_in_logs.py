"""No personal data in logs: a whole flow through the API, every log line scanned.

Sign-ups of a resident and a newcomer, their profiles, a support request with notes, the
coordinator's candidates, a proposal, its approval, a check-in with a note, a certificate, and
a burst of failed sign-ins (which the throttle logs). Our loggers log at DEBUG, Django and
Celery at INFO, through the production handler (JSON, request ids, redaction); then no e-mail
address, name or note of the people involved may appear anywhere in what was written.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from accounts.models import Program, User
from core import clock
from tests.clients import signed_in
from tests.confirming import confirm
from tests.ops.test_logs import json_handler

OUR_LOGGERS = [
    "accounts",
    "core",
    "volunteers",
    "newcomers",
    "matching",
    "certificates",
    "reports",
    "config",
    "welcome_ambassador",
]
VOLUNTEER = {
    "email": "marianna.wojciechowska@poczta.example.pl",
    "full_name": "Marianna Wojciechowska",
}
NEWCOMER = {"email": "oksana.melnyk@mail.example.ua", "full_name": "Оксана Мельник"}
REQUEST_NOTE = "Potrzebuję pomocy z kartą pobytu dla córki Daryny"
CHECK_IN_NOTE = "Rozmawiałyśmy o szkole Daryny i o wizycie w urzędzie"
PASSWORD = "Bardzo-Tajne-Haslo-2027"


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = json_handler(stream)
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in [*OUR_LOGGERS, "django", "celery"]}
    root.addHandler(handler)
    for name in OUR_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    for name in ("django", "celery"):
        logging.getLogger(name).setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def signed_up(api: APIClient, person: dict[str, str], role: str, program: Program) -> APIClient:
    response = api.post(
        "/api/v1/auth/register/",
        {**person, "password": PASSWORD, "role": role, "program": program.slug},
    )
    assert response.status_code == 201, response.json()
    confirm(User.objects.get(email=person["email"]))  # visible to the coordinator from now on
    token = api.post(
        "/api/v1/auth/token/", {"email": person["email"], "password": PASSWORD}
    ).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_whole_flow_leaves_no_email_name_or_note_in_the_logs(
    program: Program,
    coordinator: User,
    captured_logs: io.StringIO,
) -> None:
    volunteer = signed_up(APIClient(), VOLUNTEER, "volunteer", program)
    newcomer = signed_up(APIClient(), NEWCOMER, "newcomer", program)
    profile = volunteer.patch(
        "/api/v1/volunteers/me/",
        {
            "languages": [{"code": "pl", "level": "native"}, {"code": "uk", "level": "B2"}],
            "skills": ["admin_procedures", "education"],
            "location": {"city": "Warszawa"},
            "max_distance_km": 15,
            "availability": {"hours_per_week": 3, "days": ["mon"], "modes": ["in_person"]},
            "bio": "Nauczycielka z Mokotowa",
        },
    )
    assert profile.status_code == 200, profile.json()
    assert (
        newcomer.patch(
            "/api/v1/newcomers/me/",
            {"languages": [{"code": "uk", "level": "native"}], "location": {"city": "Warszawa"}},
        ).status_code
        == 200
    )
    asked = newcomer.post(
        "/api/v1/requests/",
        {"needs": ["admin_procedures"], "modes": ["in_person"], "notes": REQUEST_NOTE},
    )
    assert asked.status_code == 201, asked.json()
    request_id = asked.json()["id"]
    volunteer_id = profile.json()["id"]

    staff = signed_in(coordinator)
    module = staff.post(
        "/api/v1/training/modules/",
        {"title": "Bezpieczeństwo", "description": "Zasady", "required": True},
    )
    assert module.status_code == 201, module.json()
    trained = staff.post(
        "/api/v1/training/completions/",
        {
            "volunteer": volunteer_id,
            "module": module.json()["id"],
            "completed_on": clock.today().isoformat(),
        },
    )
    assert trained.status_code == 201, trained.json()
    assert staff.get(f"/api/v1/requests/{request_id}/candidates/").status_code == 200
    proposed = staff.post("/api/v1/matches/", {"request": request_id, "volunteer": volunteer_id})
    assert proposed.status_code == 201, proposed.json()
    match_id = proposed.json()["id"]
    started = (clock.today() - timedelta(days=7)).isoformat()
    approved = staff.post(f"/api/v1/matches/{match_id}/approve/", {"started_on": started})
    assert approved.status_code == 200, approved.json()
    checked_in = volunteer.post(
        f"/api/v1/matches/{match_id}/check-ins/",
        {
            "date": clock.today().isoformat(),
            "duration_minutes": 60,
            "topics": ["admin_procedures"],
            "note": CHECK_IN_NOTE,
            "satisfaction": 5,
        },
    )
    assert checked_in.status_code == 201, checked_in.json()
    issued = staff.post("/api/v1/certificates/", {"volunteer": volunteer_id, "kind": "training"})
    assert issued.status_code == 201, issued.json()
    assert APIClient().get(f"/api/v1/verify/{issued.json()['serial']}/").status_code == 200
    staff.get("/api/v1/matches/")
    staff.get(f"/api/v1/volunteers/?search={VOLUNTEER['full_name'].split()[1]}")
    for _ in range(7):
        APIClient().post("/api/v1/auth/token/", {"email": VOLUNTEER["email"], "password": "wrong"})
    APIClient().post(
        "/api/v1/auth/register/",
        {**VOLUNTEER, "password": PASSWORD, "role": "volunteer", "program": program.slug},
    )

    written = captured_logs.getvalue()
    assert written.count("\n") >= 20  # the scan saw the flow
    for secret in [
        VOLUNTEER["email"],
        NEWCOMER["email"],
        *VOLUNTEER["full_name"].split(),
        *NEWCOMER["full_name"].split(),
        "Daryny",
        REQUEST_NOTE,
        CHECK_IN_NOTE,
        "Mokotowa",
        PASSWORD,
        "@poczta.example.pl",
        "@mail.example.ua",
    ]:
        assert secret not in written, f"{secret!r} appears in the logs"
