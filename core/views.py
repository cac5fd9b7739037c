from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.vocabulary import SKILLS


def landing(request: HttpRequest) -> HttpResponse:
    """What the programme is, for residents and for newcomers, in the reader's language."""
    return render(request, "public/landing.html", {"skills": SKILLS})
