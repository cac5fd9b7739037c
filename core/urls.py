from django.urls import path

from core import api, health, views

api_urlpatterns = [
    path("taxonomy/", api.TaxonomyView.as_view(), name="taxonomy"),
]

page_urlpatterns = [
    path("", views.landing, name="landing"),
    path("accessibility/", views.accessibility, name="accessibility-page"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Normally answered by core.health.HealthCheckMiddleware before these routes are reached.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
