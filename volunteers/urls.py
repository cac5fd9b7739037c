"""Volunteer profiles: the API and the pages side by side."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from volunteers import agreement_api, agreement_views, api, views

router = SimpleRouter()
router.register("volunteers", api.VolunteerViewSet, basename="volunteer")

api_urlpatterns = [
    path("volunteers/me/", api.MyVolunteerProfileView.as_view(), name="volunteer-me"),
    path(
        "volunteers/me/agreement/",
        agreement_api.MyAgreementView.as_view(),
        name="volunteer-me-agreement",
    ),
    path(
        "volunteers/me/agreement/pdf/",
        agreement_api.MyAgreementPdfView.as_view(),
        name="volunteer-me-agreement-pdf",
    ),
    path(
        "volunteers/me/agreement/signed/",
        agreement_api.MyAgreementSignedView.as_view(),
        name="volunteer-me-agreement-signed",
    ),
    path(
        "volunteers/<int:pk>/agreement/",
        agreement_api.VolunteerAgreementView.as_view(),
        name="volunteer-agreement",
    ),
    path(
        "volunteers/<int:pk>/agreement/pdf/",
        agreement_api.VolunteerAgreementPdfView.as_view(),
        name="volunteer-agreement-pdf",
    ),
    path(
        "volunteers/<int:pk>/agreement/paper-signature/",
        agreement_api.VolunteerPaperSignatureView.as_view(),
        name="volunteer-agreement-paper-signature",
    ),
    *router.urls,
]

page_urlpatterns = [
    path("residents/profile/", views.profile, name="volunteer-profile-page"),
    path("coordinators/volunteers/", views.volunteer_list, name="coordinator-volunteers-page"),
    path("residents/agreement/", agreement_views.my_agreement, name="volunteer-agreement-page"),
    path(
        "residents/agreement/pdf/",
        agreement_views.my_agreement_pdf,
        name="volunteer-agreement-pdf-page",
    ),
    path(
        "coordinators/volunteers/<int:pk>/agreement/",
        agreement_views.volunteer_agreement,
        name="coordinator-volunteer-agreement-page",
    ),
    path(
        "coordinators/volunteers/<int:pk>/agreement/pdf/",
        agreement_views.volunteer_agreement_pdf,
        name="coordinator-volunteer-agreement-pdf-page",
    ),
    path(
        "coordinators/programmes/<slug:slug>/agreement/",
        agreement_views.terms_edit,
        name="coordinator-agreement-terms-page",
    ),
]
