from django.urls import path
from rest_framework.routers import SimpleRouter

from newcomers import api, views

router = SimpleRouter()
router.register("newcomers", api.NewcomerViewSet, basename="newcomer")
router.register("requests", api.SupportRequestViewSet, basename="request")

api_urlpatterns = [
    path("newcomers/me/", api.MyNewcomerProfileView.as_view(), name="newcomer-me"),
    path("newcomers/claim/", api.ClaimView.as_view(), name="newcomer-claim"),
    *router.urls,
]

page_urlpatterns = [
    path("claim/<str:token>/", views.claim, name="newcomer-claim-page"),
    path("newcomers/ask/", views.ask, name="newcomer-ask-page"),
    path(
        "newcomers/requests/<int:pk>/reopen/",
        views.request_reopen,
        name="newcomer-request-reopen",
    ),
    path("still-needed/<str:token>/<str:answer>/", views.still_needed, name="still-needed-page"),
    path("coordinators/intake/", views.intake, name="coordinator-intake-page"),
    path("coordinators/requests/", views.request_queue, name="coordinator-requests-page"),
]
