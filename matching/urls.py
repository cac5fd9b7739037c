"""Matches, matching runs and their review pages (the match lifecycle)."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from matching import api, commitment_views, views

router = SimpleRouter()
router.register("matches", api.MatchViewSet, basename="match")
router.register("matching-runs", api.MatchingRunViewSet, basename="matching-run")

api_urlpatterns: list[URLPattern | URLResolver] = [*router.urls]

page_urlpatterns: list[URLPattern | URLResolver] = [
    path("coordinators/matches/", views.match_list, name="coordinator-matches-page"),
    path("coordinators/matches/propose/", views.match_propose, name="match-propose-page"),
    path("coordinators/matches/<int:pk>/approve/", views.match_approve, name="match-approve-page"),
    path("coordinators/matches/<int:pk>/reject/", views.match_reject, name="match-reject-page"),
    path("coordinators/runs/", views.run_list, name="coordinator-runs-page"),
    path(
        "coordinators/commitments/",
        commitment_views.commitments,
        name="coordinator-commitments-page",
    ),
    path(
        "coordinators/matches/<int:pk>/end/",
        commitment_views.match_end,
        name="match-end-page",
    ),
]
