"""Check-ins, surveys and the participants' match pages (the six months together)."""

from django.urls import URLPattern

api_urlpatterns: list[URLPattern] = []

page_urlpatterns: list[URLPattern] = []
