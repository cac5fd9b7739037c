from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from core.languages import reader_language
from core.vocabulary import SKILLS, skill_labels


def landing(request: HttpRequest) -> HttpResponse:
    """What the programme is, for residents and for newcomers, in the reader's language."""
    skills = skill_labels((term.code for term in SKILLS), reader_language())
    return render(request, "public/landing.html", {"skills": skills})


def confirmation_page(
    request: HttpRequest,
    *,
    title: str,
    subject: str,
    happens: list[str],
    told: list[str],
    action: str,
    button: str,
    back: str,
    hidden: dict[str, Any] | None = None,
    form: Any = None,
    destructive: bool = False,
    warnings: list[str] | None = None,
    status: int = 200,
    summary: Any = None,
) -> HttpResponse:
    """The step before what cannot be undone: what will happen, who will be told, and one
    button (a warning button when it takes something away) that posts to `action`.

    `warnings` are shown above the button (a match approved without a signed volunteer
    agreement, for instance); `form` adds the fields the action needs (a reason); `summary` is
    the request the decision is about (`partials/request_summary.html`)."""
    return render(
        request,
        "coordinators/confirm.html",
        {
            "title": title,
            "subject": subject,
            "happens": happens,
            "told": told,
            "action": action,
            "button": button,
            "back": back,
            "hidden": (hidden or {}).items(),
            "form": form,
            "destructive": destructive,
            "warnings": warnings or [],
            "summary": summary,
        },
        status=status,
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, in the form the Polish act on digital accessibility of
    public bodies' websites asks (ustawa z 4 kwietnia 2019 r., deklaracja dostępności)."""
    return render(request, "public/accessibility.html")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: the static icon (its hashed
    name is looked up when asked, not at start-up, so checks run before collectstatic)."""
    return redirect(static("favicon.ico"), permanent=True)
