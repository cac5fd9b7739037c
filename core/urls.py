from django.urls import path

from core import api, views

api_urlpatterns = [
    path("taxonomy/", api.TaxonomyView.as_view(), name="taxonomy"),
]

page_urlpatterns = [
    path("", views.landing, name="landing"),
]
