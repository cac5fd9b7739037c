from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts import api, views

router = SimpleRouter()
router.register("programs", api.ProgramViewSet, basename="program")

api_urlpatterns = [
    path("auth/register/", api.RegisterView.as_view(), name="auth-register"),
    path("auth/token/", api.TokenView.as_view(), name="auth-token"),
    path("auth/logout/", api.LogoutView.as_view(), name="auth-logout"),
    path("auth/logout-all/", api.LogoutAllView.as_view(), name="auth-logout-all"),
    path("auth/tokens/", api.TokenListView.as_view(), name="auth-tokens"),
    path("auth/me/", api.MeView.as_view(), name="auth-me"),
    *router.urls,
]

page_urlpatterns = [
    path("home/", views.home, name="home"),
]
