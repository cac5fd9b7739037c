"""Volunteer profiles: the API and the pages side by side."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from volunteers import api, views

router = SimpleRouter()
router.register("volunteers", api.VolunteerViewSet, basename="volunteer")

api_urlpatterns = [
    path("volunteers/me/", api.MyVolunteerProfileView.as_view(), name="volunteer-me"),
    *router.urls,
]

page_urlpatterns = [
    path("residents/profile/", views.profile, name="volunteer-profile-page"),
    path("coordinators/volunteers/", views.volunteer_list, name="coordinator-volunteers-page"),
]
