from django.urls import path, re_path

from reports import api, views

# config/urls.py places these before accounts' router (`programs/<slug>/`), so that an extra
# action the router may grow never shadows `programs/<slug>/stats/`.
api_urlpatterns = [
    path("programs/<slug:slug>/stats/", api.StatsView.as_view(), name="program-stats"),
    path("programs/<slug:slug>/gaps/", api.GapsView.as_view(), name="program-gaps"),
    path("imports/", api.ImportView.as_view(), name="imports"),
    re_path(
        r"^exports/(?P<kind>volunteers|requests|matches|certificates)\.csv$",
        api.ExportView.as_view(),
        name="export",
    ),
]

page_urlpatterns = [
    path("coordinators/dashboard/", views.dashboard, name="coordinator-dashboard-page"),
    path(
        "coordinators/dashboard/publish/",
        views.report_publish,
        name="coordinator-report-publish-page",
    ),
    path("coordinators/import/", views.import_page, name="coordinator-import-page"),
    path("reports/<slug:slug>/<int:year>/", views.public_report, name="impact-report-page"),
    path("reports/<slug:slug>/<int:year>.pdf", views.public_report_pdf, name="impact-report-pdf"),
    path(
        "reports/<slug:slug>/<int:year>/embed/",
        views.public_report_embed,
        name="impact-report-embed",
    ),
]
