"""Reads of newcomers and support requests, permission-aware in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Role
from accounts.permissions import (
    coordinated_programs,
    has_role,
    is_coordinator,
    within_coordinated_programs,
)
from accounts.verification import unconfirmed_users
from core.clock import days_between
from core.forms import DAY_CHOICES, MODE_CHOICES
from core.names import latin, latin_beside
from core.vocabulary import (
    language_levels,
    level_rank,
    skill_labels,
)
from newcomers.models import NewcomerProfile, SupportRequest


def unconfirmed_newcomers() -> QuerySet[NewcomerProfile]:
    """Newcomers who signed up themselves and have not confirmed their e-mail address (few).
    The base manager: the lists that leave them out are scoped already."""
    return NewcomerProfile._base_manager.filter(
        registered_by__isnull=True, user__in=unconfirmed_users().values("pk")
    )


def newcomer_confirmed(via: str = "") -> Q:
    """Newcomers anyone but themselves may see (`via`: the path to the newcomer, with "__").

    Registered by a coordinator at an integration point (the coordinator vouches for them), or
    signed up themselves and confirmed their e-mail address; or without an account at all.
    """
    return ~Q(**{f"{via}pk__in": unconfirmed_newcomers().values("pk")})


def newcomers_for_coordinator(user: Any) -> QuerySet[NewcomerProfile]:
    """Confirmed newcomers of the programmes `user` coordinates, with their accounts (one query
    a page). Narrower than the request's scope, which also holds programmes where the user only
    volunteers."""
    return (
        NewcomerProfile.objects.filter(program__in=coordinated_programs(user))
        .filter(newcomer_confirmed())
        .select_related("user", "program")
    )


def confirmed_requests() -> QuerySet[SupportRequest]:
    """Requests anyone but the newcomer may see: their newcomer is confirmed."""
    return SupportRequest.objects.filter(newcomer_confirmed("newcomer__"))


def requests_for_coordinator(user: Any) -> QuerySet[SupportRequest]:
    """The confirmed requests of the programmes `user` coordinates, with the newcomer and the
    programme (one query a page)."""
    return within_coordinated_programs(
        confirmed_requests().select_related("newcomer", "program"), user
    )


def request_for_coordinator(user: Any, pk: int) -> SupportRequest:
    """A confirmed request of a programme `user` coordinates, or 404."""
    found = requests_for_coordinator(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def requests_visible_to(user: Any) -> QuerySet[SupportRequest]:
    """Coordinators: their programmes' requests; newcomers: their own; anyone else: none."""
    requests = SupportRequest.objects.select_related("newcomer__user", "program")
    if not user.is_authenticated:
        return requests.none()
    if is_coordinator(user):
        coordinated = within_coordinated_programs(requests, user).filter(
            newcomer_confirmed("newcomer__")
        )
        if not has_role(user, Role.NEWCOMER):
            # No request of their own: without the OR, the planner can read an open queue in
            # waiting order from its index instead of sorting every open request.
            return coordinated
        return requests.filter(Q(pk__in=coordinated.values("pk")) | Q(newcomer__user=user))
    return requests.filter(newcomer__user=user)


def request_for(user: Any, pk: int) -> SupportRequest:
    """One request the user may see, or 404 (never 403: existence does not leak)."""
    found = requests_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class RequestSummary:
    """The whole request as a coordinator decides on it, in the reader's language: the same
    facts on the request, candidates, proposal, match and commitments pages (the partial
    `partials/request_summary.html`) and in the coordinators' API answers."""

    id: int
    name: str
    name_latin: str  # "" when the name is in Latin letters already
    needs: list[str]
    note: str
    district: str
    modes: list[str]
    days: list[str]
    urgency: str
    urgency_code: str
    involves_minors: bool
    languages: list[tuple[str, str]]  # (language name, CEFR level as stored)
    waiting_days: int
    waiting_since: datetime
    status: str

    codes: dict[str, Any]  # the same facts as stored (codes), for the API

    def as_json(self) -> dict[str, Any]:
        """For the coordinators' API answers: codes as stored, like the request's own fields."""
        return {
            "id": self.id,
            "newcomer_name": self.name,
            "newcomer_name_latin": self.name_latin,
            "notes": self.note,
            "district": self.district,
            "involves_minors": self.involves_minors,
            "waiting_days": self.waiting_days,
            **self.codes,
        }


def _labels(codes: list[str], choices: list[tuple[str, Any]]) -> list[str]:
    labels = dict(choices)
    return [str(labels[code]) for code in codes if code in labels]


def district_of(newcomer: NewcomerProfile) -> str:
    """Where the newcomer lives, as a coordinator reads it: the place found, else the city."""
    parts = [part for part in (newcomer.place_name, newcomer.city) if part]
    # The gazetteer's place is often the city itself: say it once.
    return ", ".join(dict.fromkeys(parts))


def request_summary(
    support_request: SupportRequest, lang: str, *, newcomer: NewcomerProfile | None = None
) -> RequestSummary:
    """The request's facts for `lang`; no query when the newcomer (and their user) is loaded,
    or given (a match carries its newcomer)."""
    newcomer = newcomer or support_request.newcomer
    name = newcomer.display_name
    return RequestSummary(
        id=support_request.pk,
        name=name,
        name_latin=latin_beside(name),
        needs=skill_labels(support_request.needs, lang),
        note=support_request.notes,
        district=district_of(newcomer),
        modes=_labels(support_request.modes, MODE_CHOICES),
        days=_labels(support_request.days or [], DAY_CHOICES),
        urgency=support_request.get_urgency_display(),
        urgency_code=support_request.urgency,
        involves_minors=support_request.involves_minors,
        # Strongest first (equal levels in the reader's alphabet), levels as stored (CEFR
        # codes), as the reasons name them.
        languages=sorted(
            language_levels(newcomer.languages or {}, lang),
            key=lambda row: -level_rank(row[1]),
        ),
        waiting_days=days_between(support_request.waiting_since),
        waiting_since=support_request.waiting_since,
        status=support_request.get_status_display(),
        codes={
            "needs": list(support_request.needs),
            "modes": list(support_request.modes),
            "days": list(support_request.days or []),
            "urgency": support_request.urgency,
            "languages": dict(newcomer.languages or {}),
        },
    )


def requests_named(queryset: QuerySet[SupportRequest], text: str) -> QuerySet[SupportRequest]:
    """Requests whose newcomer's name contains `text`, as written or in Latin letters."""
    text = text.strip()
    if not text:
        return queryset
    return queryset.filter(newcomer_named(text, via="newcomer__"))


def newcomer_named(text: str, *, via: str = "") -> Q:
    """Newcomers whose name holds `text` (any case): as written (the profile's, the account's)
    or in Latin letters. Cyrillic typed is also looked up transliterated: SQLite folds the
    case of ASCII letters only, and "олена" then still finds "Олена" (as "olena")."""
    return (
        Q(**{f"{via}full_name__icontains": text})
        | Q(**{f"{via}user__full_name__icontains": text})
        | Q(**{f"{via}full_name_latin__icontains": text})
        | Q(**{f"{via}full_name_latin__icontains": latin(text)})
    )
