"""Candidates, matches and matching runs: the API and the coordinators' pages side by side."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from matching import api, candidate_views, views

router = SimpleRouter()
router.register("matches", api.MatchViewSet, basename="match")
router.register("matching-runs", api.MatchingRunViewSet, basename="matching-run")

api_urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "requests/<int:pk>/candidates/",
        candidate_views.RequestCandidatesView.as_view(),
        name="request-candidates",
    ),
    *router.urls,
]

page_urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "coordinators/requests/<int:pk>/candidates/",
        candidate_views.request_candidates,
        name="request-candidates-page",
    ),
    path("coordinators/matches/", views.match_list, name="coordinator-matches-page"),
    path("coordinators/matches/propose/", views.match_propose, name="match-propose-page"),
    path("coordinators/matches/<int:pk>/approve/", views.match_approve, name="match-approve-page"),
    path("coordinators/matches/<int:pk>/reject/", views.match_reject, name="match-reject-page"),
    path("coordinators/runs/", views.run_list, name="coordinator-runs-page"),
]
