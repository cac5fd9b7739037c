"""The load test's people (bench/load.py runs it after `seed_demo`): not a benchmark itself.

    DATABASE_URL=... .venv/bin/python bench/load_seed.py --programs a,b --out personas.json

For each programme: coordinators (an API token and a signed-in session each, and their own
share of the open requests to propose from, so that two of them never race for one),
pairs in an active match about six weeks old (the volunteer and the newcomer each with an
account, a token, a session and the link of their first survey), and issued certificates
(their serials, for anonymous checks). Written directly where the services would be slow
for a set-up (the matches, as `matching.services.match_approve` leaves them), through the
services where it is cheap (tokens, certificates). Prints the personas file's path.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from accounts.models import ApiToken, Membership, Program, Role, User  # noqa: E402
from accounts.services import coordinator_create  # noqa: E402
from certificates.services import certificate_issue  # noqa: E402
from commitments.surveys import survey_token  # noqa: E402
from matching.models import Match, MatchStatus  # noqa: E402
from newcomers.models import NewcomerProfile, SupportRequest  # noqa: E402
from volunteers.models import VolunteerProfile  # noqa: E402

PASSWORD = "Kx7-mQ2-tLp9-Ruh-2027"  # noqa: S105 - a throwaway database


def signed_in(user: User) -> dict[str, str | int]:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    _instance, token = ApiToken.objects.create(user=user, expiry=None)
    return {"id": user.pk, "session": session.session_key or "", "token": token}


def account(email: str, name: str, language: str) -> User:
    user = User.objects.create_user(email=email, password=None, full_name=name)
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def personas_of(program: Program, coordinators: int, pairs: int, certificates: int) -> dict:
    today = timezone.localdate()
    people: dict = {"slug": program.slug, "coordinators": [], "pairs": [], "serials": []}
    coordinator_users = [
        coordinator_create(
            program=program,
            email=f"load-coordinator-{index}@{program.slug}.example.org",
            password=PASSWORD,
            full_name=f"Koordynator {index}",
        )
        for index in range(coordinators)
    ]
    open_ids = list(
        SupportRequest.objects.filter(program=program, status="open")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # The pairs' requests first; the rest shared out among the coordinators.
    pair_request_ids, open_ids = open_ids[:pairs], open_ids[pairs:]
    for index, user in enumerate(coordinator_users):
        people["coordinators"].append(
            {**signed_in(user), "requests": open_ids[index::coordinators][:300]}
        )
    volunteers = list(
        VolunteerProfile.objects.filter(program=program, status="ready", active_matches=0)
        .select_related("user")
        .order_by("pk")[: pairs + certificates]
    )
    started_on = today - timedelta(days=40)
    for index, (request_id, volunteer) in enumerate(
        zip(pair_request_ids, volunteers[:pairs], strict=False)
    ):
        request = SupportRequest.objects.select_related("newcomer").get(pk=request_id)
        newcomer: NewcomerProfile = request.newcomer
        newcomer_user = account(
            f"load-newcomer-{index}@{program.slug}.example.org", newcomer.full_name, "uk"
        )
        Membership.objects.create(user=newcomer_user, program=program, role=Role.NEWCOMER)
        NewcomerProfile.objects.filter(pk=newcomer.pk).update(user=newcomer_user)
        match = Match.objects.create(
            program=program,
            request=request,
            volunteer=volunteer,
            newcomer=newcomer,
            status=MatchStatus.ACTIVE,
            proposed_by=coordinator_users[0],
            started_on=started_on,
            commitment_ends_on=program.commitment_end(started_on),
        )
        VolunteerProfile.objects.filter(pk=volunteer.pk).update(
            active_matches=F("active_matches") + 1, status="active"
        )
        SupportRequest.objects.filter(pk=request.pk).update(status="matched")
        for user in (volunteer.user, newcomer_user):
            people["pairs"].append(
                {
                    **signed_in(user),
                    "match": match.pk,
                    "survey": survey_token(match=match, respondent=user, number=1),
                }
            )
    for volunteer in volunteers[pairs:]:
        try:
            certificate, _created = certificate_issue(
                volunteer=volunteer, kind="training", by=coordinator_users[0]
            )
        except Exception as refused:
            print(f"  no certificate for {volunteer.pk}: {refused}", file=sys.stderr)
            continue
        people["serials"].append(certificate.serial)
    return people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--programs", required=True, help="slugs, comma-separated")
    parser.add_argument("--coordinators", type=int, default=20, help="per programme")
    parser.add_argument("--pairs", type=int, default=100, help="per programme (2 people each)")
    parser.add_argument("--certificates", type=int, default=50, help="per programme")
    parser.add_argument("--out", required=True)
    options = parser.parse_args()
    with scopes_disabled(), transaction.atomic():
        programs = [
            personas_of(
                Program.directory.get(slug=slug),
                options.coordinators,
                options.pairs,
                options.certificates,
            )
            for slug in options.programs.split(",")
        ]
    Path(options.out).write_text(json.dumps({"programs": programs}))
    print(options.out)


if __name__ == "__main__":
    main()
