"""The six months together: check-ins, ending early, the participants' and coordinators' pages."""

from django.urls import URLPattern, path

from commitments import api, views

api_urlpatterns: list[URLPattern] = [
    path("matches/<int:pk>/check-ins/", api.CheckInListCreate.as_view(), name="match-check-ins"),
    path("matches/<int:pk>/end/", api.MatchEndView.as_view(), name="match-end"),
    path("check-ins/<int:pk>/", api.CheckInCorrectView.as_view(), name="check-in-detail"),
]

page_urlpatterns: list[URLPattern] = [
    path("matches/", views.match_list, name="participant-matches-page"),
    path("matches/<int:pk>/", views.match_page, name="participant-match-page"),
    path("matches/<int:pk>/change/", views.match_change, name="participant-match-change-page"),
    path("surveys/<str:token>/", views.survey, name="survey-page"),
    path("coordinators/", views.coordinator_home, name="coordinator-home-page"),
    path("coordinators/commitments/", views.commitments, name="coordinator-commitments-page"),
    path("coordinators/matches/<int:pk>/end/", views.match_end_page, name="match-end-page"),
    path(
        "coordinators/check-ins/<int:pk>/duration/",
        views.check_in_duration_page,
        name="check-in-duration-page",
    ),
]
