from django.urls import path
from rest_framework.routers import SimpleRouter

from volunteers import api, training_api, training_views, views

router = SimpleRouter()
router.register("volunteers", api.VolunteerViewSet, basename="volunteer")
router.register("training/modules", training_api.ModuleViewSet, basename="training-module")
router.register("training/sessions", training_api.SessionViewSet, basename="training-session")

api_urlpatterns = [
    path("volunteers/me/", api.MyVolunteerProfileView.as_view(), name="volunteer-me"),
    path(
        "volunteers/me/training/",
        training_api.MyTrainingView.as_view(),
        name="volunteer-me-training",
    ),
    path(
        "training/completions/",
        training_api.CompletionsView.as_view(),
        name="training-completions",
    ),
    path("training/lapses/", training_api.LapsesView.as_view(), name="training-lapses"),
    *router.urls,
]

page_urlpatterns = [
    path("residents/profile/", views.profile, name="volunteer-profile-page"),
    path("residents/training/", training_views.my_training, name="volunteer-training-page"),
    path(
        "residents/training/sessions/<int:pk>/",
        training_views.session_sign_up,
        name="volunteer-session-signup-page",
    ),
    path("coordinators/volunteers/", views.volunteer_list, name="coordinator-volunteers-page"),
    path(
        "coordinators/volunteers/<int:pk>/training/",
        training_views.volunteer_training,
        name="coordinator-volunteer-training-page",
    ),
    path("coordinators/training/", training_views.modules, name="coordinator-modules-page"),
    path(
        "coordinators/training/modules/<int:pk>/",
        training_views.module_edit,
        name="coordinator-module-page",
    ),
    path(
        "coordinators/training/sessions/",
        training_views.sessions,
        name="coordinator-sessions-page",
    ),
    path(
        "coordinators/training/sessions/<int:pk>/",
        training_views.session_attendance,
        name="coordinator-session-page",
    ),
    path(
        "coordinators/training/lapses/", training_views.lapse_list, name="coordinator-lapses-page"
    ),
]
