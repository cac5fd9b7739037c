"""Who may do what, for every route of the API and the pages (issue #9, point 1).

The routes come from the resolver, so an endpoint added without a row in `MATRIX` fails
`test_every_route_has_a_row`. Each row names the object its URL (or body) points at and, per
method, what the programme's coordinator, the volunteer and the newcomer get on their own
programme's (for participants: their own) object; the rest follows from the rules of
docs/api.md:

- anonymous callers get 401 from the API and the sign-in page from the pages; a deactivated
  account's token and session count for nothing (same as anonymous);
- staff get what the coordinator gets, on every programme;
- a role that may act on its own programme's object gets 404 for the other programme's (and a
  participant for a same-programme object that is not theirs): existence does not leak;
  a body naming another programme's object is a 400 (an unknown id) or changes nothing;
- a forbidden answer is never 2xx, and an unsafe method on a forbidden cell changes nothing
  in the database (every table of our apps and the audit trail is compared before and
  after) and sends no e-mail;
- a list holds the caller's own rows and none of the other programme's (nor, for a
  participant, anyone else's), and no answer outside the public pages contains a name, an
  address, an e-mail or a note the caller may not read (`Secrets` in tests/security/world.py).

`test_matrix` runs one role against one route: every method and every side (own programme,
other people's in the same programme, the other programme). The world is built once per
module (tests/security/conftest.py); each test's changes roll back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core import clock
from newcomers.waiting import still_needed_token
from tests.factories import TEST_PASSWORD
from tests.security.world import (
    ANONYMOUS,
    COORDINATOR,
    DEACTIVATED,
    NEWCOMER,
    OUTSIDER,
    ROLES,
    STAFF,
    VOLUNTEER,
    Side,
    World,
)
from tests.unchanged import differences, e_mails_sent, fingerprint

# Outcomes -----------------------------------------------------------------------------------

OK = "2xx"  # pages: 200, or a redirect that is not to the sign-in page
ALLOWED = "allowed"  # an unsafe method the role may use: anything but 401/403/404/405/5xx
SIGN_IN = "sign-in"  # API: 401; pages: a redirect to the sign-in page
DENIED = "403"
HIDDEN = "404"
INVALID = "400"  # a body naming an object the caller may not see: an unknown id
IGNORED = "ignored"  # a page form naming such an object: no error page, and nothing changes
NOT_ALLOWED = "405"
MAY_ACT = (OK, ALLOWED)
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")

# Routes that are not ours to authorise, or not data: each with the reason.
SKIPPED_PREFIXES = {
    "admin/": "Django's admin: staff only, signs in through allauth (tests/accounts)",
    "accounts/": "allauth's sign-up, sign-in, password and MFA pages (tests/accounts)",
    "i18n/": "the language switcher: a cookie, no data",
    "api/v1/schema/": "the OpenAPI document: public by design, fuzzed in test_fuzz_api.py",
    "api/v1/docs/": "Swagger UI over the schema: public by design",
    "metrics": "Prometheus metrics: guarded by its own token (tests/ops/test_metrics.py)",
    "healthz": "liveness probe: no data (tests/ops/test_health.py)",
    "readyz": "readiness probe: no data (tests/ops/test_health.py)",
}


@dataclass(frozen=True)
class Access:
    """What each role gets from one method of one route.

    `coordinator`, `volunteer` and `newcomer`: on their own programme's object (participants:
    their own); `foreign`: what a role that may act gets for an object outside its reach.
    """

    coordinator: str
    volunteer: str
    newcomer: str
    anonymous: str = SIGN_IN
    deactivated: str | None = None  # None: as anonymous
    staff: str | None = None  # None: as the coordinator
    foreign: str = HIDDEN
    body: Callable[[Side], dict[str, Any]] | None = None


def acting(access: Access, body: Callable[[Side], dict[str, Any]] | None = None) -> Access:
    """The same roles acting with an unsafe method: ALLOWED where they may read."""
    return replace(
        access,
        coordinator=ALLOWED if access.coordinator == OK else access.coordinator,
        volunteer=ALLOWED if access.volunteer == OK else access.volunteer,
        newcomer=ALLOWED if access.newcomer == OK else access.newcomer,
        anonymous=ALLOWED if access.anonymous == OK else access.anonymous,
        staff=ALLOWED if access.staff == OK else access.staff,
        body=body,
    )


COORDINATORS = Access(OK, DENIED, DENIED)
VOLUNTEERS = Access(DENIED, OK, DENIED, staff=DENIED)
NEWCOMERS = Access(DENIED, DENIED, OK, staff=DENIED)
SIGNED_IN = Access(OK, OK, OK)
PROGRAMME_READERS = Access(OK, OK, DENIED)  # training modules and sessions
PUBLIC = Access(OK, OK, OK, anonymous=OK, foreign=OK)
# Public, but behind the API's authentication: a dead token is still refused.
PUBLIC_BEHIND_AUTHENTICATION = replace(PUBLIC, deactivated=SIGN_IN)


@dataclass(frozen=True)
class Row:
    methods: dict[str, Access]
    kwargs: Callable[[Side], dict[str, Any]] | None = None
    query: Callable[[Side], dict[str, Any]] | None = None
    sided: bool = False  # the bodies name the side's objects
    owned: bool = False  # participants own the URL's object: other people's are 404 to them
    lists: tuple[str, Callable[[Side], Any]] | None = None  # results key, the side's value
    unlisted: frozenset[str] = frozenset()  # roles whose list holds none of these rows
    page: bool = False
    multipart: bool = False

    def sidedness(self, method: str) -> str:
        """Whether the URL ("url"), only the body ("body") or nothing ("") names an object."""
        if self.kwargs is not None or self.query is not None:
            return "url"
        return "body" if self.sided and self.methods[method].body else ""

    @property
    def is_public(self) -> bool:
        return all(access.anonymous in MAY_ACT for access in self.methods.values())


def api(**methods: Access) -> dict[str, Access]:
    return {method.upper(): access for method, access in methods.items()}


def _today() -> str:
    return clock.today().isoformat()


def _csv() -> SimpleUploadedFile:
    text = "full name,email\nZdzisław Importowany,zdzislaw.importowany@example.org\n"
    return SimpleUploadedFile("people.csv", text.encode(), content_type="text/csv")


def _unsigned_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("agreement.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")


def by_pk(attribute: str) -> Callable[[Side], dict[str, Any]]:
    return lambda side: {"pk": getattr(side, attribute).pk}


def by_slug(side: Side) -> dict[str, Any]:
    return {"slug": side.slug}


REASON = {"reason": "Sprawdzenie uprawnień"}
CHECK_IN = {"date": "", "duration_minutes": 30, "topics": [], "note": ""}

MATRIX: dict[str, Row] = {
    # Accounts and programmes -----------------------------------------------------------------
    "auth-register": Row(
        api(
            post=acting(
                PUBLIC_BEHIND_AUTHENTICATION,
                lambda side: {
                    "email": "nowa.osoba@example.org",
                    "password": "Zupełnie-nowe-hasło-2027",
                    "role": "volunteer",
                    "program": side.slug,
                    "full_name": "Nowa Osoba",
                },
            )
        )
    ),
    "auth-token": Row(
        api(
            post=acting(
                PUBLIC,
                lambda side: {"email": side.volunteer.user.email, "password": TEST_PASSWORD},
            )
        )
    ),
    "auth-me": Row(api(get=SIGNED_IN)),
    # The caller's own tokens: revoking them is open to anyone signed in with one.
    "auth-logout": Row(api(post=acting(SIGNED_IN))),
    "auth-logout-all": Row(api(post=acting(SIGNED_IN))),
    "auth-tokens": Row(api(get=SIGNED_IN)),
    "auth-me-export": Row(api(get=SIGNED_IN)),
    "people-erase": Row(
        api(post=acting(COORDINATORS, lambda side: {"newcomer": side.unclaimed.pk})),
        sided=True,
    ),
    "program-list": Row(api(get=SIGNED_IN), lists=("slug", lambda side: side.slug)),
    "program-detail": Row(api(get=SIGNED_IN), kwargs=by_slug),
    "program-stats": Row(api(get=COORDINATORS), kwargs=by_slug),
    "program-gaps": Row(api(get=COORDINATORS), kwargs=by_slug),
    "taxonomy": Row(api(get=PUBLIC)),
    # Volunteers and training -----------------------------------------------------------------
    "volunteer-me": Row(
        api(get=VOLUNTEERS, patch=acting(VOLUNTEERS, lambda side: {"bio": "Zmienione"}))
    ),
    "volunteer-me-training": Row(api(get=VOLUNTEERS)),
    "volunteer-me-agreement": Row(api(get=VOLUNTEERS, post=acting(VOLUNTEERS))),
    "volunteer-me-agreement-pdf": Row(api(get=VOLUNTEERS)),
    "volunteer-me-agreement-signed": Row(
        api(post=acting(VOLUNTEERS, lambda side: {"signed_pdf": _unsigned_pdf()})),
        multipart=True,
    ),
    "volunteer-agreement": Row(api(get=COORDINATORS), kwargs=by_pk("volunteer")),
    "volunteer-me-service-confirmation": Row(api(post=acting(VOLUNTEERS))),
    "check-in-detail": Row(
        api(patch=acting(COORDINATORS, lambda side: {"duration_minutes": 0})),
        kwargs=by_pk("check_in"),
    ),
    "volunteer-me-opinion-request": Row(api(post=acting(VOLUNTEERS))),
    "opinion-request-issue": Row(
        api(post=acting(COORDINATORS, lambda side: {"text": ""})),
        kwargs=by_pk("opinion_request"),
    ),
    "volunteer-agreement-pdf": Row(api(get=COORDINATORS), kwargs=by_pk("volunteer")),
    "volunteer-agreement-paper-signature": Row(
        api(
            post=acting(
                COORDINATORS,
                lambda side: {"signed_on": "2999-01-01", "signed_for_program_by": "Prezes"},
            )
        ),
        kwargs=by_pk("volunteer"),
    ),
    "volunteer-list": Row(api(get=COORDINATORS), lists=("id", lambda side: side.volunteer.pk)),
    "volunteer-detail": Row(api(get=COORDINATORS), kwargs=by_pk("volunteer")),
    "volunteer-training": Row(api(get=COORDINATORS), kwargs=by_pk("volunteer")),
    "volunteer-safeguarding-checks": Row(
        api(
            get=COORDINATORS,
            post=acting(
                COORDINATORS,
                lambda side: {"kind": "offender_register", "checked_on": _today()},
            ),
        ),
        kwargs=by_pk("volunteer"),
    ),
    "training-completions": Row(
        api(
            post=acting(
                replace(COORDINATORS, foreign=INVALID),
                lambda side: {
                    "volunteer": side.volunteer.pk,
                    "module": side.module.pk,
                    "completed_on": _today(),
                },
            )
        ),
        sided=True,
    ),
    "training-lapses": Row(api(get=COORDINATORS)),
    "training-module-list": Row(
        api(
            get=PROGRAMME_READERS,
            post=acting(
                replace(COORDINATORS, foreign=INVALID),
                lambda side: {"title": "Nowy moduł", "program": side.slug},
            ),
        ),
        sided=True,
        lists=("id", lambda side: side.module.pk),
    ),
    "training-module-defaults": Row(
        api(
            post=acting(replace(COORDINATORS, foreign=INVALID), lambda side: {"program": side.slug})
        ),
        sided=True,
    ),
    "training-module-detail": Row(
        api(
            get=PROGRAMME_READERS,
            patch=acting(COORDINATORS, lambda side: {"title": "Zmieniony tytuł"}),
        ),
        kwargs=by_pk("module"),
    ),
    "training-session-list": Row(
        api(
            get=PROGRAMME_READERS,
            post=acting(
                replace(COORDINATORS, foreign=INVALID),
                lambda side: {
                    "module": side.module.pk,
                    "starts_at": (timezone.now() + timedelta(days=14)).isoformat(),
                    "place": "Sala 2",
                },
            ),
        ),
        sided=True,
        lists=("id", lambda side: side.session.pk),
    ),
    "training-session-detail": Row(api(get=PROGRAMME_READERS), kwargs=by_pk("session")),
    "training-session-attendance": Row(
        api(
            get=COORDINATORS,
            post=acting(COORDINATORS, lambda side: {"attended": [side.volunteer.pk]}),
        ),
        kwargs=by_pk("session"),
    ),
    "training-session-signup": Row(
        api(post=acting(VOLUNTEERS), delete=acting(VOLUNTEERS)), kwargs=by_pk("session")
    ),
    # Newcomers and requests ------------------------------------------------------------------
    "newcomer-me": Row(
        api(get=NEWCOMERS, patch=acting(NEWCOMERS, lambda side: {"country_of_origin": "UA"}))
    ),
    "newcomer-claim": Row(
        api(
            post=acting(
                PUBLIC_BEHIND_AUTHENTICATION,
                lambda side: {
                    "token": side.claim_token,
                    "email": "odebrany.profil@example.org",
                    "password": "Zupełnie-nowe-hasło-2027",
                },
            )
        ),
        sided=True,
    ),
    "newcomer-list": Row(
        api(
            get=COORDINATORS,
            post=acting(
                replace(COORDINATORS, foreign=INVALID),
                lambda side: {
                    "full_name": "Przyjęta Osoba",
                    "languages": [{"code": "uk", "level": "native"}],
                    "contact_email": "przyjeta@example.org",
                    "program": side.slug,
                },
            ),
        ),
        sided=True,
        lists=("id", lambda side: side.newcomer.pk),
    ),
    "newcomer-detail": Row(api(get=COORDINATORS), kwargs=by_pk("newcomer")),
    "request-list": Row(
        api(
            get=Access(OK, DENIED, OK),
            post=acting(
                Access(OK, DENIED, OK, foreign=INVALID),
                lambda side: {
                    "newcomer": side.newcomer.pk,
                    "needs": ["healthcare"],
                    "modes": ["online"],
                },
            ),
        ),
        sided=True,
        owned=True,
        lists=("id", lambda side: side.request.pk),
    ),
    "request-detail": Row(api(get=Access(OK, DENIED, OK)), kwargs=by_pk("request"), owned=True),
    "request-cancel": Row(
        api(post=acting(Access(OK, DENIED, OK))), kwargs=by_pk("request"), owned=True
    ),
    "request-candidates": Row(api(get=COORDINATORS), kwargs=by_pk("request")),
    # Matches, runs and check-ins -------------------------------------------------------------
    "match-list": Row(
        api(
            get=SIGNED_IN,
            post=acting(
                replace(COORDINATORS, foreign=INVALID),
                lambda side: {"request": side.request.pk, "volunteer": side.volunteer.pk},
            ),
        ),
        sided=True,
        owned=True,
        lists=("id", lambda side: side.match.pk),
    ),
    "match-detail": Row(api(get=SIGNED_IN), kwargs=by_pk("match"), owned=True),
    "match-approve": Row(
        api(post=acting(COORDINATORS, lambda side: {})), kwargs=by_pk("proposed_match")
    ),
    "match-reject": Row(
        api(post=acting(COORDINATORS, lambda side: REASON)), kwargs=by_pk("proposed_match")
    ),
    "match-do-not-pair": Row(
        api(post=acting(COORDINATORS, lambda side: REASON)), kwargs=by_pk("proposed_match")
    ),
    "match-end": Row(api(post=acting(COORDINATORS, lambda side: REASON)), kwargs=by_pk("match")),
    "match-check-ins": Row(
        api(
            get=SIGNED_IN,
            post=acting(SIGNED_IN, lambda side: {**CHECK_IN, "date": _today()}),
        ),
        kwargs=by_pk("match"),
        owned=True,
    ),
    "matching-run-list": Row(
        api(
            get=COORDINATORS,
            post=acting(
                replace(COORDINATORS, foreign=INVALID), lambda side: {"program": side.slug}
            ),
        ),
        sided=True,
        lists=("id", lambda side: side.run.pk),
    ),
    "matching-run-detail": Row(api(get=COORDINATORS), kwargs=by_pk("run")),
    # Certificates ----------------------------------------------------------------------------
    "certificate-list": Row(
        api(
            get=SIGNED_IN,
            post=acting(
                replace(COORDINATORS, foreign=INVALID),
                lambda side: {"volunteer": side.volunteer.pk, "kind": "commitment"},
            ),
        ),
        sided=True,
        owned=True,
        lists=("id", lambda side: side.certificate.pk),
        unlisted=frozenset({NEWCOMER}),
    ),
    "certificate-detail": Row(
        api(get=Access(OK, OK, HIDDEN)), kwargs=by_pk("certificate"), owned=True
    ),
    "certificate-pdf": Row(
        api(get=Access(OK, OK, HIDDEN)), kwargs=by_pk("certificate"), owned=True
    ),
    "certificate-credential": Row(
        api(get=Access(OK, OK, HIDDEN)), kwargs=by_pk("certificate"), owned=True
    ),
    "certificate-revoke": Row(
        api(post=acting(COORDINATORS, lambda side: REASON)), kwargs=by_pk("certificate")
    ),
    "certificate-bulk": Row(
        api(
            post=acting(
                replace(COORDINATORS, foreign=INVALID), lambda side: {"session": side.session.pk}
            )
        ),
        sided=True,
    ),
    "certificate-bulk-detail": Row(api(get=COORDINATORS), kwargs=by_pk("batch")),
    "certificate-recognition-consent": Row(
        api(get=VOLUNTEERS, put=acting(VOLUNTEERS, lambda side: {"public": False}))
    ),
    "certificate-verify": Row(api(get=PUBLIC), kwargs=lambda side: {"serial": side.serial}),
    "certificate-issuer": Row(api(get=PUBLIC), kwargs=by_slug),
    "certificate-status-list": Row(api(get=PUBLIC), kwargs=by_slug),
    # Reports ---------------------------------------------------------------------------------
    "imports": Row(
        api(
            post=acting(
                COORDINATORS,
                lambda side: {
                    "file": _csv(),
                    "kind": "volunteers",
                    "program": side.slug,
                    "dry_run": "false",
                },
            )
        ),
        sided=True,
        multipart=True,
    ),
    "export": Row(
        api(get=COORDINATORS),
        kwargs=lambda side: {"kind": "volunteers"},
        query=lambda side: {"program": side.slug},
    ),
    # Safeguarding: the matrix's coordinators are their programmes' safeguarding leads (a
    # coordinator who is not one: tests/safeguarding/test_who_reads_concerns.py).
    "concern-list": Row(
        api(
            get=COORDINATORS,
            post=acting(
                Access(OK, OK, OK, foreign=INVALID),
                lambda side: {
                    "match": side.match.pk,
                    "category": "other",
                    "description": "Sprawdzenie uprawnień",
                },
            ),
        ),
        sided=True,
        lists=("id", lambda side: side.concern.pk),
    ),
    "concern-detail": Row(
        api(get=COORDINATORS, patch=acting(COORDINATORS, lambda side: {"status": "in_review"})),
        kwargs=by_pk("concern"),
    ),
    "concern-actions": Row(
        api(post=acting(COORDINATORS, lambda side: {"kind": "note", "note": "Rozmowa"})),
        kwargs=by_pk("concern"),
    ),
}

# Pages -------------------------------------------------------------------------------------


def page(**methods: Access) -> dict[str, Access]:
    return api(**methods)


def _program_pk(side: Side) -> dict[str, Any]:
    return {"program": side.program.pk}


POST_ONLY = Access(NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, staff=NOT_ALLOWED)

PAGES: dict[str, Row] = {
    "home": Row(page(get=SIGNED_IN), page=True),
    "landing": Row(page(get=PUBLIC), page=True),
    "my-data-page": Row(page(get=SIGNED_IN), page=True),
    "coordinator-history-page": Row(
        page(get=COORDINATORS), query=lambda side: {"newcomer": side.newcomer.pk}, page=True
    ),
    "coordinator-erase-page": Row(
        page(get=COORDINATORS, post=acting(COORDINATORS, lambda side: {"confirm": "erase"})),
        query=lambda side: {"newcomer": side.unclaimed.pk},
        page=True,
    ),
    "newcomer-claim-page": Row(
        page(get=PUBLIC), kwargs=lambda side: {"token": side.claim_token}, page=True
    ),
    "newcomer-ask-page": Row(
        page(
            get=NEWCOMERS,
            post=acting(NEWCOMERS, lambda side: {"needs": ["housing"], "modes": ["online"]}),
        ),
        page=True,
    ),
    "newcomer-requests-page": Row(page(get=NEWCOMERS), page=True),
    # Reopening a paused request (#18): the newcomer's own only; others' requests are 404.
    "newcomer-request-reopen": Row(
        page(post=acting(Access(HIDDEN, HIDDEN, OK, staff=HIDDEN))),
        kwargs=by_pk("request"),
        owned=True,
        page=True,
    ),
    # "Do you still need help?": the signed link is the credential, no sign-in needed.
    "still-needed-page": Row(
        page(get=PUBLIC),
        kwargs=lambda side: {"token": still_needed_token(side.request), "answer": "yes"},
        page=True,
    ),
    "privacy-notice-page": Row(page(get=PUBLIC), page=True),
    "contact-page": Row(page(get=PUBLIC), page=True),
    "accessibility-page": Row(page(get=PUBLIC), page=True),
    "favicon": Row(page(get=PUBLIC), page=True),
    "coordinator-intake-page": Row(
        page(
            get=COORDINATORS,
            post=acting(
                replace(COORDINATORS, foreign=IGNORED),
                lambda side: {
                    **_program_pk(side),
                    "full_name": "Przyjęta Osoba",
                    "contact_email": "przyjeta@example.org",
                    "needs": ["housing"],
                    "modes": ["online"],
                },
            ),
        ),
        sided=True,
        page=True,
    ),
    "coordinator-requests-page": Row(page(get=COORDINATORS), page=True),
    "volunteer-profile-page": Row(
        page(get=VOLUNTEERS, post=acting(VOLUNTEERS, lambda side: {"bio": "Zmienione"})),
        page=True,
    ),
    "volunteer-training-page": Row(page(get=VOLUNTEERS), page=True),
    "volunteer-session-signup-page": Row(
        page(
            get=replace(POST_ONLY, anonymous=NOT_ALLOWED),
            post=acting(VOLUNTEERS, lambda side: {"action": "cancel"}),
        ),
        kwargs=by_pk("session"),
        page=True,
    ),
    "coordinator-volunteers-page": Row(page(get=COORDINATORS), page=True),
    "volunteer-agreement-page": Row(page(get=VOLUNTEERS), page=True),
    "volunteer-agreement-pdf-page": Row(page(get=VOLUNTEERS), page=True),
    "coordinator-volunteer-agreement-page": Row(
        page(get=COORDINATORS), kwargs=by_pk("volunteer"), page=True
    ),
    "coordinator-volunteer-agreement-pdf-page": Row(
        page(get=COORDINATORS), kwargs=by_pk("volunteer"), page=True
    ),
    "coordinator-agreement-terms-page": Row(page(get=COORDINATORS), kwargs=by_slug, page=True),
    "coordinator-volunteer-training-page": Row(
        page(
            get=COORDINATORS,
            post=acting(
                COORDINATORS,
                lambda side: {
                    "action": "check",
                    "check-kind": "offender_register",
                    "check-checked_on": _today(),
                },
            ),
        ),
        kwargs=by_pk("volunteer"),
        page=True,
    ),
    "coordinator-modules-page": Row(
        page(
            get=COORDINATORS,
            post=acting(COORDINATORS, lambda side: {"action": "defaults", **_program_pk(side)}),
        ),
        sided=True,
        page=True,
    ),
    "coordinator-module-page": Row(
        page(
            get=COORDINATORS,
            post=acting(
                COORDINATORS,
                lambda side: {
                    **_program_pk(side),
                    "title": "Zmieniony tytuł",
                    "delivery": "in_person",
                    "is_required": "on",
                    "is_active": "on",
                },
            ),
        ),
        kwargs=by_pk("module"),
        page=True,
    ),
    "coordinator-sessions-page": Row(
        page(
            get=COORDINATORS,
            post=acting(
                replace(COORDINATORS, foreign=IGNORED),
                lambda side: {
                    "module": side.module.pk,
                    "starts_at": (timezone.now() + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"),
                    "duration_minutes": 120,
                    "place": "Sala 2",
                    "capacity": 20,
                },
            ),
        ),
        sided=True,
        page=True,
    ),
    "coordinator-session-page": Row(
        page(
            get=COORDINATORS,
            post=acting(COORDINATORS, lambda side: {"attended": [side.volunteer.pk]}),
        ),
        kwargs=by_pk("session"),
        page=True,
    ),
    "coordinator-lapses-page": Row(page(get=COORDINATORS), page=True),
    "request-candidates-page": Row(page(get=COORDINATORS), kwargs=by_pk("request"), page=True),
    "coordinator-matches-page": Row(page(get=COORDINATORS), page=True),
    "match-propose-page": Row(
        page(
            post=acting(
                COORDINATORS,
                lambda side: {"request": side.request.pk, "volunteer": side.volunteer.pk},
            )
        ),
        sided=True,
        page=True,
    ),
    "match-approve-page": Row(
        page(
            get=COORDINATORS,  # the confirmation
            post=acting(COORDINATORS, lambda side: {"started_on": _today()}),
        ),
        kwargs=by_pk("proposed_match"),
        page=True,
    ),
    "match-reject-page": Row(
        page(get=COORDINATORS, post=acting(COORDINATORS, lambda side: REASON)),
        kwargs=by_pk("proposed_match"),
        page=True,
    ),
    "coordinator-runs-page": Row(
        page(
            get=COORDINATORS,
            post=acting(replace(COORDINATORS, foreign=IGNORED), _program_pk),
        ),
        sided=True,
        page=True,
    ),
    "coordinator-commitments-page": Row(page(get=COORDINATORS), page=True),
    "coordinator-home-page": Row(page(get=COORDINATORS), page=True),
    "match-end-page": Row(
        page(
            get=COORDINATORS,
            post=acting(COORDINATORS, lambda side: {"end_reason": "other", "note": "Koniec"}),
        ),
        kwargs=by_pk("match"),
        page=True,
    ),
    "participant-matches-page": Row(page(get=SIGNED_IN), page=True),
    "participant-match-page": Row(
        page(
            get=SIGNED_IN,
            post=acting(
                SIGNED_IN,
                lambda side: {
                    "date": _today(),
                    "duration_minutes": 60,
                    "mode": "in_person",
                    "topics": ["admin_procedures"],
                },
            ),
        ),
        kwargs=by_pk("match"),
        owned=True,
        page=True,
    ),
    "participant-match-change-page": Row(
        page(
            post=acting(
                Access(HIDDEN, OK, OK, staff=HIDDEN), lambda side: {"note": "Prosimy o zmianę"}
            )
        ),
        kwargs=by_pk("match"),
        owned=True,
        page=True,
    ),
    "survey-page": Row(
        # The link is the credential: its respondent (signed in or not) answers; anyone else
        # signed in is told it was sent to someone else.
        page(get=Access(HIDDEN, OK, HIDDEN, anonymous=OK, staff=HIDDEN)),
        kwargs=lambda side: {"token": side.survey_token},
        owned=True,
        page=True,
    ),
    "certificate-verify-page": Row(
        page(get=PUBLIC), kwargs=lambda side: {"serial": side.serial}, page=True
    ),
    "ambassadors-page": Row(page(get=PUBLIC), kwargs=by_slug, page=True),
    "volunteer-certificates-page": Row(page(get=VOLUNTEERS), page=True),
    "volunteer-service-papers-page": Row(
        page(post=acting(VOLUNTEERS, lambda side: {"paper": "opinion"})), page=True
    ),
    "coordinator-opinions-page": Row(page(get=COORDINATORS), page=True),
    "check-in-duration-page": Row(
        page(post=acting(COORDINATORS, lambda side: {"duration_minutes": "0"})),
        kwargs=by_pk("check_in"),
        page=True,
    ),
    "volunteer-recognition-consent-page": Row(
        page(post=acting(VOLUNTEERS, lambda side: {"public": "yes"})), page=True
    ),
    "coordinator-certificates-page": Row(
        page(
            get=COORDINATORS,
            post=acting(
                replace(COORDINATORS, foreign=IGNORED),
                lambda side: {
                    "action": "issue",
                    "volunteer": side.volunteer.pk,
                    "kind": "recognition",
                    "title": "Za zaangażowanie",
                },
            ),
        ),
        sided=True,
        page=True,
    ),
    "coordinator-certificate-revoke-page": Row(
        page(get=COORDINATORS, post=acting(COORDINATORS, lambda side: REASON)),
        kwargs=by_pk("certificate"),
        page=True,
    ),
    "coordinator-dashboard-page": Row(
        page(get=COORDINATORS), query=lambda side: {"program": side.slug}, page=True
    ),
    "coordinator-report-publish-page": Row(
        page(
            post=acting(
                COORDINATORS,
                lambda side: {
                    "program": side.slug,
                    "year": clock.today().year,
                    "action": "unpublish",
                },
            )
        ),
        sided=True,
        page=True,
    ),
    "coordinator-import-page": Row(
        page(
            get=COORDINATORS,
            post=acting(
                replace(COORDINATORS, foreign=IGNORED),
                lambda side: {
                    "action": "check",
                    **_program_pk(side),
                    "kind": "volunteers",
                    "file": _csv(),
                },
            ),
        ),
        sided=True,
        page=True,
    ),
    "impact-report-page": Row(
        page(get=PUBLIC),
        kwargs=lambda side: {"slug": side.slug, "year": side.report.year},
        page=True,
    ),
    "impact-report-pdf": Row(
        page(get=PUBLIC),
        kwargs=lambda side: {"slug": side.slug, "year": side.report.year},
        page=True,
    ),
    "concern-raise-page": Row(
        page(
            get=SIGNED_IN,
            post=acting(
                SIGNED_IN,
                lambda side: {
                    "about": "partner",
                    "category": "other",
                    "description": "Sprawdzenie uprawnień",
                },
            ),
        ),
        kwargs=by_pk("match"),
        owned=True,
        page=True,
    ),
    # The link is the credential (signed, for one person and match): no sign-in needed.
    "concern-link-page": Row(
        page(get=PUBLIC), kwargs=lambda side: {"token": side.concern_token}, page=True
    ),
    "coordinator-concerns-page": Row(page(get=COORDINATORS), page=True),
    "coordinator-concern-new-page": Row(
        page(
            get=COORDINATORS,
            post=acting(
                replace(COORDINATORS, foreign=IGNORED),
                lambda side: {
                    "person": side.volunteer.user.pk,
                    "category": "other",
                    "description": "Sprawdzenie uprawnień",
                },
            ),
        ),
        sided=True,
        page=True,
    ),
    "coordinator-concern-page": Row(
        page(
            get=COORDINATORS,
            post=acting(
                COORDINATORS,
                lambda side: {"status": "in_review", "outcome": "", "note": "Rozmowa"},
            ),
        ),
        kwargs=by_pk("concern"),
        page=True,
    ),
    # Naming a lead (the matrix's coordinator is its programme's lead; one who is not, and
    # the last lead: tests/safeguarding/test_naming_leads.py).
    "coordinator-leads-page": Row(
        page(
            get=COORDINATORS,
            post=acting(COORDINATORS, lambda side: {"user": side.coordinator.pk}),
        ),
        kwargs=by_slug,
        page=True,
    ),
    "coordinator-lead-remove-page": Row(
        page(get=COORDINATORS, post=acting(COORDINATORS)),
        kwargs=lambda side: {"slug": side.slug, "user_id": side.coordinator.pk},
        page=True,
    ),
    "safeguarding-policies-page": Row(page(get=PUBLIC), page=True),
    "safeguarding-policy-page": Row(page(get=PUBLIC), kwargs=by_slug, page=True),
    "impact-report-embed": Row(
        page(get=PUBLIC),
        kwargs=lambda side: {"slug": side.slug, "year": side.report.year},
        page=True,
    ),
}
MATRIX.update(PAGES)

# The resolver --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str
    methods: frozenset[str] | None  # None: a function view, whose methods only its row knows


def _methods_of(pattern: URLPattern) -> frozenset[str] | None:
    view_class = getattr(pattern.callback, "cls", None)
    if view_class is None:
        return None
    allowed = {method.upper() for method in view_class.http_method_names} - {"OPTIONS", "HEAD"}
    actions = getattr(pattern.callback, "actions", None)
    if actions:
        return frozenset(method.upper() for method in actions) & allowed
    return frozenset(method for method in allowed if hasattr(view_class, method.lower()))


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[Route]:
    for entry in patterns:
        route = prefix + str(entry.pattern).lstrip("^").replace("$", "")
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield Route(route, entry.name or "", _methods_of(entry))


def project_routes() -> list[Route]:
    """Every route of the project, less the SKIPPED_PREFIXES."""
    return [
        route
        for route in _walk(get_resolver().url_patterns)
        if not route.pattern.startswith(tuple(SKIPPED_PREFIXES))
    ]


def test_every_route_has_a_row() -> None:
    routes = project_routes()

    unnamed = [route.pattern for route in routes if not route.name]
    missing = sorted({route.name for route in routes} - set(MATRIX))
    stale = sorted(set(MATRIX) - {route.name for route in routes})
    methods = {
        route.name: (sorted(route.methods), sorted(MATRIX[route.name].methods))
        for route in routes
        if route.name in MATRIX
        and route.methods is not None
        and route.methods != set(MATRIX[route.name].methods)
    }
    assert not unnamed, f"name these routes: {unnamed}"
    assert not missing, f"add a row to MATRIX in {__name__} for: {missing}"
    assert not stale, f"these rows have no route any more: {stale}"
    assert not methods, f"route methods (found, in MATRIX) differ: {methods}"


# Expectations ------------------------------------------------------------------------------


def home_side(role: str) -> str:
    return "other" if role == OUTSIDER else "mine"


def sides_for(role: str, row: Row, method: str) -> list[str]:
    """The sides `role` is tried on, foreign ones first (their answers must change nothing)."""
    sidedness = row.sidedness(method)
    if not sidedness or (role in (ANONYMOUS, DEACTIVATED) and not row.is_public):
        return [home_side(role)]  # no object, or the door is shut whatever the object
    if role == OUTSIDER:
        return ["mine", "other"]
    if role in (VOLUNTEER, NEWCOMER) and row.owned and sidedness == "url":
        return ["other", "peer", "mine"]
    return ["other", "mine"]


def is_foreign(role: str, side: str) -> bool:
    if role in (STAFF, ANONYMOUS, DEACTIVATED):
        return False
    if role == OUTSIDER:
        return side != "other"
    if role == COORDINATOR:
        return side == "other"
    return side != "mine"


def expected(access: Access, role: str, side: str) -> str:
    if role == ANONYMOUS:
        return access.anonymous
    if role == DEACTIVATED:
        return access.deactivated or access.anonymous
    if role == STAFF:
        return access.staff or access.coordinator
    base = {
        COORDINATOR: access.coordinator,
        OUTSIDER: access.coordinator,
        VOLUNTEER: access.volunteer,
        NEWCOMER: access.newcomer,
    }[role]
    if base in MAY_ACT and is_foreign(role, side):
        return access.foreign
    return base


def listed_sides(role: str, row: Row) -> tuple[list[str], list[str]]:
    """(sides whose row the role's list must hold, sides whose row it must not)."""
    if role in row.unlisted:
        return [], ["mine", "peer", "other"]
    if role == STAFF:
        return ["mine", "peer", "other"] if row.owned else ["mine", "other"], []
    if role == OUTSIDER:
        return ["other"], ["mine", "peer"] if row.owned else ["mine"]
    if role == COORDINATOR:
        return ["mine", "peer"] if row.owned else ["mine"], ["other"]
    return ["mine"], ["peer", "other"] if row.owned else ["other"]


def forbidden_texts(world: World, role: str) -> set[str]:
    warszawa, krakow = world.secrets["warszawa"], world.secrets["krakow"]
    return {
        ANONYMOUS: warszawa.of_program | krakow.of_program,
        DEACTIVATED: warszawa.of_program | krakow.of_program,
        COORDINATOR: krakow.of_program,
        OUTSIDER: warszawa.of_program,
        VOLUNTEER: krakow.of_program | warszawa.of_peers | warszawa.kept_from_volunteer,
        NEWCOMER: krakow.of_program | warszawa.of_peers,
        STAFF: set(),
    }[role]


# Checks ------------------------------------------------------------------------------------


def _is_sign_in_redirect(response: Any) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response.get("Location", "")


def outcome_problem(outcome: str, response: Any, row: Row) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if outcome == OK:
        good = 200 <= status < 300 or (
            row.page and status in (301, 302, 303) and not _is_sign_in_redirect(response)
        )
    elif outcome == ALLOWED:
        good = status not in (401, 403, 404, 405) and not _is_sign_in_redirect(response)
    elif outcome == SIGN_IN:
        good = _is_sign_in_redirect(response) if row.page else status == 401
    elif outcome == IGNORED:
        good = not (200 <= status < 300) or row.page
    else:
        good = status == int(outcome)
    return None if good else f"expected {outcome}, got {status}"


def _listed_values(body: Any, key: str) -> set[Any]:
    items = body["results"] if isinstance(body, dict) else body
    return {item[key] for item in items}


@dataclass
class Cell:
    method: str
    side: str
    url: str
    outcome: str
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.method} {self.url} ({self.side}): {'; '.join(self.problems)}"


def send(client: APIClient | Client, row: Row, method: str, url: str, data: Any) -> Any:
    call = getattr(client, method.lower())
    if data is None:
        return call(url)
    if row.page:
        return call(url, data)
    return call(url, data, format="multipart" if row.multipart else "json")


def _url(name: str, row: Row, side: Side) -> str:
    url = reverse(name, kwargs=row.kwargs(side) if row.kwargs else None)
    if row.query:
        url += "?" + "&".join(f"{key}={value}" for key, value in row.query(side).items())
    return url


def cells_of(name: str, role: str, world: World, client: APIClient | Client) -> Iterator[Cell]:
    """Every method and side of one route for one role, each checked as it is sent."""
    row = MATRIX[name]
    hidden_texts = set() if row.is_public else forbidden_texts(world, role)
    known: dict[str, list[tuple[Any, ...]]] | None = None
    for method in sorted(row.methods, key=lambda method: method in UNSAFE):  # reads first
        access = row.methods[method]
        for side_name in sides_for(role, row, method):
            side = world.side(side_name)
            outcome = expected(access, role, side_name)
            cell = Cell(method, side_name, _url(name, row, side), outcome)
            data = access.body(side) if access.body else None
            guarded = method in UNSAFE and outcome not in MAY_ACT
            before = (known or fingerprint()) if guarded else None
            sent = e_mails_sent()
            response = send(client, row, method, cell.url, data)
            if problem := outcome_problem(outcome, response, row):
                cell.problems.append(problem)
            # A refused request leaves the database as it found it, so the state after it
            # is the state before the next one, unless another request came in between.
            known = fingerprint() if guarded else None
            if before is not None and known is not None and (changed := differences(before, known)):
                cell.problems.append(f"a refused request changed {', '.join(changed)}")
            if guarded and e_mails_sent() != sent:
                cell.problems.append("a refused request sent e-mail")
            if 200 <= response.status_code < 300:
                cell.problems.extend(
                    _read_problems(row, method, role, world, response, hidden_texts)
                )
            yield cell


def _read_problems(
    row: Row, method: str, role: str, world: World, response: Any, hidden_texts: set[str]
) -> Iterator[str]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode(errors="ignore")
    leaked = sorted(secret for secret in hidden_texts if secret in text)
    if leaked:
        yield f"shows what the caller may not read: {leaked}"
    if row.lists and method == "GET":
        key, value_of = row.lists
        found = _listed_values(json.loads(text), key)
        held, kept_out = listed_sides(role, row)
        missing = [side for side in held if value_of(world.side(side)) not in found]
        foreign = [side for side in kept_out if value_of(world.side(side)) in found]
        if missing:
            yield f"the list lacks the caller's own rows: {missing}"
        if foreign:
            yield f"the list holds foreign rows: {foreign}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(
    name: str,
    world: World,
    api_for: Callable[[str], APIClient],
    browser_for: Callable[[str], Client],
) -> None:
    """Each role in turn, in a savepoint of its own: what one role changes, the next never
    sees."""
    failures: list[str] = []
    for role in ROLES:
        client = browser_for(role) if MATRIX[name].page else api_for(role)
        with transaction.atomic():
            failures.extend(
                f"as {role}: {cell}"
                for cell in cells_of(name, role, world, client)
                if cell.problems
            )
            transaction.set_rollback(True)
    assert not failures, f"{name}:\n" + "\n".join(failures)
