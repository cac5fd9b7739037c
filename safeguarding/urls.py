"""Safeguarding: raising a concern, and the leads' case record."""

from django.urls import URLPattern, path

from safeguarding import api, views

api_urlpatterns: list[URLPattern] = [
    path("concerns/", api.ConcernListCreate.as_view(), name="concern-list"),
    path("concerns/<int:pk>/", api.ConcernDetail.as_view(), name="concern-detail"),
    path("concerns/<int:pk>/actions/", api.ConcernActionCreate.as_view(), name="concern-actions"),
]

page_urlpatterns: list[URLPattern] = [
    path("matches/<int:pk>/concern/", views.concern_from_match, name="concern-raise-page"),
    path("concerns/<str:token>/", views.concern_from_link, name="concern-link-page"),
    path("coordinators/concerns/", views.concerns_page, name="coordinator-concerns-page"),
    path("coordinators/concerns/new/", views.concern_new_page, name="coordinator-concern-new-page"),
    path("coordinators/concerns/<int:pk>/", views.concern_page, name="coordinator-concern-page"),
    path(
        "coordinators/programs/<slug:slug>/safeguarding-leads/",
        views.leads_page,
        name="coordinator-leads-page",
    ),
    path(
        "coordinators/programs/<slug:slug>/safeguarding-leads/<int:user_id>/remove/",
        views.lead_remove_page,
        name="coordinator-lead-remove-page",
    ),
    path("safeguarding/", views.policies_page, name="safeguarding-policies-page"),
    path("programs/<slug:slug>/safeguarding/", views.policy_page, name="safeguarding-policy-page"),
]
