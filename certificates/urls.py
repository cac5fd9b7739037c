from django.urls import path
from rest_framework.routers import SimpleRouter

from certificates import api, views

router = SimpleRouter()
router.register("certificates", api.CertificateViewSet, basename="certificate")

# The fixed paths come before the router's `certificates/<pk>/`.
api_urlpatterns = [
    path("certificates/bulk/", api.BatchCreateView.as_view(), name="certificate-bulk"),
    path(
        "certificates/bulk/<int:pk>/",
        api.BatchDetailView.as_view(),
        name="certificate-bulk-detail",
    ),
    path(
        "certificates/recognition-consent/",
        api.MyRecognitionConsentView.as_view(),
        name="certificate-recognition-consent",
    ),
    path(
        "volunteers/me/service-confirmation/",
        api.MyServiceConfirmationView.as_view(),
        name="volunteer-me-service-confirmation",
    ),
    path(
        "volunteers/me/opinion-request/",
        api.MyOpinionRequestView.as_view(),
        name="volunteer-me-opinion-request",
    ),
    path(
        "opinion-requests/<int:pk>/issue/",
        api.OpinionIssueView.as_view(),
        name="opinion-request-issue",
    ),
    path("verify/<str:serial>/", api.VerifyView.as_view(), name="certificate-verify"),
    path("issuers/<slug:slug>/", api.IssuerView.as_view(), name="certificate-issuer"),
    path(
        "issuers/<slug:slug>/status-lists/revocation/",
        api.StatusListView.as_view(),
        name="certificate-status-list",
    ),
    *router.urls,
]

page_urlpatterns = [
    path("verify/<str:serial>/", views.verify, name="certificate-verify-page"),
    path("programs/<slug:slug>/ambassadors/", views.ambassadors, name="ambassadors-page"),
    path("residents/certificates/", views.my_certificates, name="volunteer-certificates-page"),
    path(
        "residents/certificates/recognition/",
        views.my_recognition_consent,
        name="volunteer-recognition-consent-page",
    ),
    path(
        "coordinators/certificates/",
        views.coordinator_certificates,
        name="coordinator-certificates-page",
    ),
    path(
        "residents/certificates/service/",
        views.my_service_papers,
        name="volunteer-service-papers-page",
    ),
    path("coordinators/opinions/", views.coordinator_opinions, name="coordinator-opinions-page"),
    path(
        "coordinators/certificates/<int:pk>/revoke/",
        views.coordinator_revoke,
        name="coordinator-certificate-revoke-page",
    ),
]
