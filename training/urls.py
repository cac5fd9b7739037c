"""Training and safeguarding checks: the API and the pages side by side."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from training import api, views

router = SimpleRouter()
router.register("training/modules", api.ModuleViewSet, basename="training-module")
router.register("training/sessions", api.SessionViewSet, basename="training-session")

api_urlpatterns = [
    path("volunteers/me/training/", api.MyTrainingView.as_view(), name="volunteer-me-training"),
    path(
        "volunteers/<int:pk>/training/",
        api.VolunteerTrainingView.as_view(),
        name="volunteer-training",
    ),
    path(
        "volunteers/<int:pk>/safeguarding-checks/",
        api.VolunteerChecksView.as_view(),
        name="volunteer-safeguarding-checks",
    ),
    path("training/completions/", api.CompletionsView.as_view(), name="training-completions"),
    path("training/lapses/", api.LapsesView.as_view(), name="training-lapses"),
    *router.urls,
]

page_urlpatterns = [
    path("residents/training/", views.my_training, name="volunteer-training-page"),
    path(
        "residents/training/sessions/<int:pk>/",
        views.session_sign_up,
        name="volunteer-session-signup-page",
    ),
    path(
        "coordinators/volunteers/<int:pk>/training/",
        views.volunteer_training,
        name="coordinator-volunteer-training-page",
    ),
    path("coordinators/training/", views.modules, name="coordinator-modules-page"),
    path(
        "coordinators/training/modules/<int:pk>/", views.module_edit, name="coordinator-module-page"
    ),
    path("coordinators/training/sessions/", views.sessions, name="coordinator-sessions-page"),
    path(
        "coordinators/training/sessions/<int:pk>/",
        views.session_attendance,
        name="coordinator-session-page",
    ),
    path("coordinators/training/lapses/", views.lapse_list, name="coordinator-lapses-page"),
]
