"""A person's rights: their data export, and the coordinators' history and erasure pages."""

from django.urls import path

from privacy import api, views

api_urlpatterns = [
    path("auth/me/export/", api.MyDataExportView.as_view(), name="auth-me-export"),
    path("people/erase/", api.EraseView.as_view(), name="people-erase"),
]

page_urlpatterns = [
    path("my-data/", views.my_data, name="my-data-page"),
    path("privacy-notice/", views.privacy_notice, name="privacy-notice-page"),
    path("contact/", views.contact, name="contact-page"),
    path("coordinators/history/", views.history, name="coordinator-history-page"),
    path("coordinators/erase/", views.erase, name="coordinator-erase-page"),
]
