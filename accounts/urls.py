from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts import api, privacy_api, privacy_views, views

router = SimpleRouter()
router.register("programs", api.ProgramViewSet, basename="program")

api_urlpatterns = [
    path("auth/register/", api.RegisterView.as_view(), name="auth-register"),
    path("auth/token/", api.TokenView.as_view(), name="auth-token"),
    path("auth/logout/", api.LogoutView.as_view(), name="auth-logout"),
    path("auth/logout-all/", api.LogoutAllView.as_view(), name="auth-logout-all"),
    path("auth/tokens/", api.TokenListView.as_view(), name="auth-tokens"),
    path("auth/me/", api.MeView.as_view(), name="auth-me"),
    path("auth/me/export/", privacy_api.MyDataExportView.as_view(), name="auth-me-export"),
    path("people/erase/", privacy_api.EraseView.as_view(), name="people-erase"),
    *router.urls,
]

page_urlpatterns = [
    path("home/", views.home, name="home"),
    path("my-data/", privacy_views.my_data, name="my-data-page"),
    path("coordinators/history/", privacy_views.history, name="coordinator-history-page"),
    path("coordinators/erase/", privacy_views.erase, name="coordinator-erase-page"),
]
