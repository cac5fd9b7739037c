from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from core.vocabulary import SKILLS


def landing(request: HttpRequest) -> HttpResponse:
    """What the programme is, for residents and for newcomers, in the reader's language."""
    return render(request, "public/landing.html", {"skills": SKILLS})


def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, in the form the Polish act on digital accessibility of
    public bodies' websites asks (ustawa z 4 kwietnia 2019 r., deklaracja dostępności)."""
    return render(request, "public/accessibility.html")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: the static icon (its hashed
    name is looked up when asked, not at start-up, so checks run before collectstatic)."""
    return redirect(static("favicon.ico"), permanent=True)
