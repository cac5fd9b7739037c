"""Check-ins, surveys and the participants' match pages (the six months together)."""

from django.urls import URLPattern, path

from matching import checkin_api, participant_views

api_urlpatterns: list[URLPattern] = [
    path(
        "matches/<int:pk>/check-ins/",
        checkin_api.CheckInListCreate.as_view(),
        name="match-check-ins",
    ),
]

page_urlpatterns: list[URLPattern] = [
    path("matches/", participant_views.match_list, name="participant-matches-page"),
    path("matches/<int:pk>/", participant_views.match_page, name="participant-match-page"),
    path(
        "matches/<int:pk>/change/",
        participant_views.match_change,
        name="participant-match-change-page",
    ),
    path("surveys/<str:token>/", participant_views.survey, name="survey-page"),
]
