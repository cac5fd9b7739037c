"""A busy morning (#23 point 5): coordinators, participants and anonymous certificate checks.

Run by bench/load.py (`make load`), which seeds the people and passes their file in
LOAD_PERSONAS; each simulated person is one of them. Requests are named by route, not by id,
so the statistics group them per page or endpoint.

- Coordinators (API token; pages with their session): the queue page and the open requests
  (API), one request, its candidates, then propose the best and approve it (each
  coordinator works through their own share of the requests: no two race for one), the
  commitments page, the dashboard, and now and then a CSV export of the programme's requests.
- Participants (a volunteer or a newcomer in an active match): home, their matches, the match
  page, the check-ins (read, and now and then one logged), their first survey's page.
- Anonymous visitors: a certificate's public page and its API check.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
from datetime import date, timedelta
from typing import Any

from locust import HttpUser, between, task

with open(os.environ.get("LOAD_PERSONAS", "personas.json")) as personas_file:
    PERSONAS: dict[str, Any] = json.load(personas_file)

_lock = threading.Lock()
_coordinators = itertools.cycle(
    [(program["slug"], c) for program in PERSONAS["programs"] for c in program["coordinators"]]
)
_participants = itertools.cycle(
    [pair for program in PERSONAS["programs"] for pair in program["pairs"]]
)
SERIALS = [serial for program in PERSONAS["programs"] for serial in program["serials"]]
# The proposal's refusal when the volunteer's last place went meanwhile, in the coordinators'
# language (Accept-Language: pl): "This volunteer has no free places."
NO_FREE_PLACE = "Ten wolontariusz nie ma wolnych miejsc."


def _next(pool: Any) -> Any:
    with _lock:
        return next(pool)


class Coordinator(HttpUser):
    fixed_count = int(os.environ.get("LOAD_COORDINATORS", "40"))
    wait_time = between(2, 6)

    def on_start(self) -> None:
        self.slug, persona = _next(_coordinators)
        self.requests = list(persona["requests"])
        random.shuffle(self.requests)
        self.api = {"Authorization": f"Token {persona['token']}", "Accept-Language": "pl"}
        self.client.cookies.set("sessionid", persona["session"])

    def _request_id(self) -> int | None:
        return self.requests.pop() if self.requests else None

    @task(4)
    def queue(self) -> None:
        self.client.get("/coordinators/requests/", name="page: request queue")
        self.client.get(
            "/api/v1/requests/?status=open", headers=self.api, name="api: requests (open)"
        )

    @task(6)
    def candidates_propose_approve(self) -> None:
        request_id = self._request_id()
        if request_id is None:
            return
        self.client.get(f"/api/v1/requests/{request_id}/", headers=self.api, name="api: request")
        with self.client.get(
            f"/api/v1/requests/{request_id}/candidates/?limit=10",
            headers=self.api,
            name="api: candidates",
            catch_response=True,
        ) as response:
            candidates = response.json() if response.ok else []
        if not candidates:
            return
        volunteer = candidates[0]["volunteer"]["id"]
        with self.client.post(
            "/api/v1/matches/",
            json={"request": request_id, "volunteer": volunteer},
            headers=self.api,
            name="api: propose",
            catch_response=True,
        ) as response:
            if response.status_code == 409:  # taken meanwhile (the batch): not an error
                response.success()
                return
            if response.status_code == 400 and NO_FREE_PLACE in response.text:
                # Another coordinator's approval took the volunteer's last place between the
                # candidates and this proposal: the answer a person would get, not an error.
                # Any other refusal of an offered volunteer (a stale pool) stays an error.
                response.success()
                return
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return
            match_id = response.json()["id"]
        with self.client.post(
            f"/api/v1/matches/{match_id}/approve/",
            json={},
            headers=self.api,
            name="api: approve",
            catch_response=True,
        ) as response:
            if response.status_code == 409:  # the volunteer's last place went meanwhile
                response.success()

    @task(2)
    def commitments(self) -> None:
        self.client.get("/coordinators/commitments/", name="page: commitments")

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/coordinators/dashboard/", name="page: dashboard")

    @task(1)
    def matches(self) -> None:
        self.client.get("/api/v1/matches/?status=active", headers=self.api, name="api: matches")

    @task(int(os.environ.get("LOAD_EXPORT_WEIGHT", "1")))
    def export(self) -> None:
        with self.client.get(
            f"/api/v1/exports/requests.csv?program={self.slug}",
            headers=self.api,
            name="api: export requests.csv",
            stream=True,
            catch_response=True,
        ) as response:
            for _chunk in response.iter_content(65536):
                pass


class Participant(HttpUser):
    fixed_count = int(os.environ.get("LOAD_PARTICIPANTS", "400"))
    wait_time = between(10, 30)

    def on_start(self) -> None:
        persona = _next(_participants)
        self.match = persona["match"]
        self.survey_token = persona["survey"]
        self.api = {"Authorization": f"Token {persona['token']}", "Accept-Language": "uk"}
        self.client.cookies.set("sessionid", persona["session"])
        self.day = date.today() - timedelta(days=random.randint(1, 30))

    @task(3)
    def home(self) -> None:
        self.client.get("/home/", name="page: home")
        self.client.get("/matches/", name="page: my matches")

    @task(4)
    def match_page(self) -> None:
        self.client.get(f"/matches/{self.match}/", name="page: match")

    @task(2)
    def check_ins(self) -> None:
        self.client.get(
            f"/api/v1/matches/{self.match}/check-ins/", headers=self.api, name="api: check-ins"
        )

    @task(1)
    def log_check_in(self) -> None:
        self.day = min(self.day + timedelta(days=1), date.today())
        self.client.post(
            f"/api/v1/matches/{self.match}/check-ins/",
            json={"date": self.day.isoformat(), "duration_minutes": 60, "topics": []},
            headers=self.api,
            name="api: log a check-in",
        )

    @task(1)
    def survey(self) -> None:
        self.client.get(f"/surveys/{self.survey_token}/", name="page: survey")


class Visitor(HttpUser):
    fixed_count = int(os.environ.get("LOAD_VISITORS", "20"))
    wait_time = between(5, 15)

    def on_start(self) -> None:
        # Each visitor from an address of their own, as the proxy in front would say (checks
        # are limited per address: CERTIFICATE_VERIFY_RATE).
        octets = (random.randint(0, 255), random.randint(0, 255), random.randint(1, 254))
        self.address = {"X-Forwarded-For": "10.{}.{}.{}".format(*octets)}

    @task
    def verify(self) -> None:
        if not SERIALS:
            return
        serial = random.choice(SERIALS)
        self.client.get(
            f"/verify/{serial}/", headers=self.address, name="page: verify a certificate"
        )
        self.client.get(
            f"/api/v1/verify/{serial}/", headers=self.address, name="api: verify a certificate"
        )
