"""Ranked candidates for one support request: API and coordinator page."""

from django.urls import URLPattern, path

from matching import candidate_views

api_urlpatterns: list[URLPattern] = [
    path(
        "requests/<int:pk>/candidates/",
        candidate_views.RequestCandidatesView.as_view(),
        name="request-candidates",
    ),
]

page_urlpatterns: list[URLPattern] = [
    path(
        "coordinators/requests/<int:pk>/candidates/",
        candidate_views.request_candidates,
        name="request-candidates-page",
    ),
]
