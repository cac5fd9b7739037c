"""Pages of personal-data rights and the audit trail.

- `my-data/`: a person reads what export holds and downloads it (the API's JSON);
- `coordinators/history/?volunteer=|newcomer=|match=<id>`: the audit trail of a person or a
  match, for the coordinators of its programme (404 for anyone else's, 403 for a non-coordinator);
- `coordinators/erase/?user=|newcomer=<id>`: confirm and carry out an erasure.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.audit import filed_under, history_entries, history_rows
from accounts.models import Program, User
from accounts.permissions import coordinated_programs, coordinator_page
from accounts.personal_data import Person, subject_row
from core.filters import LARGEST_ID
from privacy.services import (
    ErasureRefused,
    person_erase,
    person_for_coordinator,
    person_label,
)

PAGE_SIZE = 50
HISTORY_SUBJECTS = ("volunteer", "newcomer", "match")


def _id_from(request: HttpRequest, key: str) -> int | None:
    raw = request.GET.get(key) or request.POST.get(key)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise Http404 from None
    if not 1 <= value <= LARGEST_ID:  # beyond a bigint the database driver would fail
        raise Http404
    return value


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """What the platform holds about the signed-in person, and the download link."""
    return render(request, "accounts/my_data.html")


@coordinator_page
def history(request: HttpRequest) -> HttpResponse:
    """The audit trail of one volunteer, newcomer or match of the coordinator's programmes.

    Queries: user (the session is cached), scope, the subject's row, the coordinated
    programmes, the count and the page of entries (actor and kind joined): whatever the size.
    """
    coordinator = cast(User, request.user)
    named = [(key, _id_from(request, key)) for key in HISTORY_SUBJECTS]
    chosen = [(key, pk) for key, pk in named if pk is not None]
    if len(chosen) != 1:
        raise Http404
    key, pk = chosen[0]
    row = subject_row(key, pk)
    program_ids = list(coordinated_programs(coordinator).values_list("pk", flat=True))
    if row is None or getattr(row, "program_id", None) not in program_ids:
        raise Http404
    condition = filed_under(key, pk)
    if key in ("volunteer", "newcomer"):
        condition |= filed_under("user", getattr(row, "user_id", None))
    entries = history_entries(filed_under=condition, program_ids=program_ids)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "subject_key": key,
        "subject_id": pk,
        "subject": row,
        "rows": history_rows(page.object_list),
        "page": page,
        "can_erase": key in ("volunteer", "newcomer"),
        "erase_query": (
            f"newcomer={pk}" if key == "newcomer" else f"user={getattr(row, 'user_id', '')}"
        ),
    }
    return render(request, "coordinators/history.html", context)


@coordinator_page
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    """Confirm, then erase a person (GDPR Art. 17); refused while business is open."""
    coordinator = cast(User, request.user)
    user_id, newcomer_id = _id_from(request, "user"), _id_from(request, "newcomer")
    if (user_id is None) == (newcomer_id is None):
        raise Http404
    refusal: list[str] = []
    person: Person | None = None
    try:
        person = person_for_coordinator(coordinator, user_id=user_id, newcomer_id=newcomer_id)
    except ErasureRefused as refused:
        refusal = refused.messages
    if request.method == "POST" and person is not None and not refusal:
        if request.POST.get("confirm") != "erase":
            refusal = [_("Tick the box to confirm the erasure.")]
        else:
            try:
                person_erase(person=person, by=coordinator)
            except ErasureRefused as refused:
                refusal = refused.messages
            else:
                messages.success(request, _("The person's personal data was erased."))
                return redirect("home")
    context = {
        "person_label": person_label(person) if person is not None else "",
        "user_id": user_id,
        "newcomer_id": newcomer_id,
        "refusal": refusal,
    }
    status = 409 if refusal and request.method == "POST" else 200
    return render(request, "coordinators/erase.html", context, status=status)


def _programs_for(request: HttpRequest) -> list[Program]:
    """The reader's own programmes when signed in, else every programme (or the one named)."""
    if request.user.is_authenticated:
        mine = list(
            Program.directory.filter(memberships__user=request.user).distinct().order_by("pk")
        )
        if mine:
            return mine
    programs = Program.directory.order_by("name")
    slug = request.GET.get("program", "")
    named = [program for program in programs if program.slug == slug]
    return named or list(programs)


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """Who holds the data, why, for how long, and the person's rights (GDPR Art. 13)."""
    return render(request, "public/privacy_notice.html", {"programs": _programs_for(request)})


def contact(request: HttpRequest) -> HttpResponse:
    """How to reach the programme's coordinators."""
    return render(request, "public/contact.html", {"programs": _programs_for(request)})
