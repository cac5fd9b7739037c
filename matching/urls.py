"""Matches, matching runs and their review pages (the match lifecycle)."""

from django.urls import URLPattern

api_urlpatterns: list[URLPattern] = []

page_urlpatterns: list[URLPattern] = []
