"""Response hardening and sign-in throttling shared by the pages and the API."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from accounts.permissions import is_coordinator

logger = logging.getLogger("welcome_ambassador.security")


class NoStoreForSignedInMiddleware:
    """Pages and answers for a signed-in person hold personal data: no cache may keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user and user.is_authenticated)
        if signed_in or request.headers.get("Authorization"):
            patch_cache_control(response, no_store=True, private=True)
        return response


def _failure_key(email: str, address: str) -> str:
    digest = hashlib.sha256(f"{email.strip().lower()}|{address}".encode()).hexdigest()
    return f"sign-in-failures:{digest}"


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def sign_in_blocked(email: str, address: str) -> bool:
    """True once SIGN_IN_FAILURES_ALLOWED failures for this address and e-mail happened
    within SIGN_IN_FAILURE_WINDOW seconds."""
    failures = cache.get(_failure_key(email, address), 0)
    return bool(failures >= settings.SIGN_IN_FAILURES_ALLOWED)


def sign_in_failed(email: str, address: str) -> None:
    key = _failure_key(email, address)
    cache.add(key, 0, timeout=settings.SIGN_IN_FAILURE_WINDOW)
    failures = cache.incr(key)
    if failures >= settings.SIGN_IN_FAILURES_ALLOWED:
        # The e-mail is personal data: log its hash only, enough to correlate attempts.
        logger.warning(
            "sign-in throttled after %s failures (account %s, address %s)",
            failures,
            hashlib.sha256(email.strip().lower().encode()).hexdigest()[:12],
            address,
        )


# Reachable without a second factor: setting one up, signing out, switching language, and what
# anyone may open anyway.
TWO_FACTOR_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/verify/", "/healthz", "/readyz")


def needs_second_factor(user: Any) -> bool:
    """A coordinator or staff member without an active TOTP authenticator, where required."""
    if not settings.TWO_FACTOR_REQUIRED_FOR_COORDINATORS:
        return False
    if not (user and user.is_authenticated and (user.is_staff or is_coordinator(user))):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireTwoFactorMiddleware:
    """Coordinators and staff set up a second factor before they see anyone's data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if not path.startswith(TWO_FACTOR_EXEMPT_PREFIXES) and needs_second_factor(
            getattr(request, "user", None)
        ):
            if path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Set up two-factor authentication first.")}, status=403
                )
            return redirect(f"{reverse('mfa_activate_totp')}?next={quote(path)}")
        return self.get_response(request)


def second_factor_valid(user: Any, code: str) -> bool:
    """The TOTP code (or an unused recovery code) of a user who has two-factor set up."""
    for authenticator in Authenticator.objects.filter(user=user):
        if authenticator.wrap().validate_code(code):
            return True
    return False
