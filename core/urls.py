from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from core import api, health, views

api_urlpatterns = [
    path("taxonomy/", api.TaxonomyView.as_view(), name="taxonomy"),
]

page_urlpatterns = [
    path("", views.landing, name="landing"),
    path("accessibility/", views.accessibility, name="accessibility-page"),
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("favicon.ico"), permanent=True),
        name="favicon",
    ),
    # Normally answered by core.health.HealthCheckMiddleware before these routes are reached.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
