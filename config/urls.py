from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.views.defaults import page_not_found
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as account_views
from accounts.urls import api_urlpatterns as accounts_api
from accounts.urls import page_urlpatterns as accounts_pages
from certificates.urls import api_urlpatterns as certificates_api
from certificates.urls import page_urlpatterns as certificates_pages
from commitments.urls import api_urlpatterns as commitments_api
from commitments.urls import page_urlpatterns as commitments_pages
from config.metrics import metrics_view
from core.urls import api_urlpatterns as core_api
from core.urls import page_urlpatterns as core_pages
from matching.urls import api_urlpatterns as matching_api
from matching.urls import page_urlpatterns as matching_pages
from newcomers.urls import api_urlpatterns as newcomers_api
from newcomers.urls import page_urlpatterns as newcomers_pages
from privacy.urls import api_urlpatterns as privacy_api
from privacy.urls import page_urlpatterns as privacy_pages
from reports.urls import api_urlpatterns as reports_api
from reports.urls import page_urlpatterns as reports_pages
from safeguarding.urls import api_urlpatterns as safeguarding_api
from safeguarding.urls import page_urlpatterns as safeguarding_pages
from training.urls import api_urlpatterns as training_api
from training.urls import page_urlpatterns as training_pages
from volunteers.urls import api_urlpatterns as volunteers_api
from volunteers.urls import page_urlpatterns as volunteers_pages

api_v1 = [
    # Before accounts' router: `programs/<slug>/stats/` is reports', not the programme viewset's.
    *reports_api,
    *accounts_api,
    *privacy_api,
    *core_api,
    *training_api,
    *volunteers_api,
    *newcomers_api,
    *matching_api,
    *commitments_api,
    *certificates_api,
    *safeguarding_api,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]

# The admin signs in through allauth: the same rate limits and second factor.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    # Before allauth's own: the same page with the role and programme chosen by the link.
    path("accounts/signup/", account_views.SignupView.as_view(), name="account_signup"),
    path("accounts/login/", account_views.LoginView.as_view(), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("metrics", metrics_view, name="metrics"),
    *core_pages,
    *accounts_pages,
    *privacy_pages,
    *newcomers_pages,
    *volunteers_pages,
    *training_pages,
    *matching_pages,
    *commitments_pages,
    *certificates_pages,
    *reports_pages,
    *safeguarding_pages,
]


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Under /api/ a 404 is JSON like every other API answer; elsewhere the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


handler404 = not_found
