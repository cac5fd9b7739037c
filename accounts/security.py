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
from rest_framework.exceptions import PermissionDenied

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


def _address_failure_key(address: str) -> str:
    return f"sign-in-failures-from:{hashlib.sha256(address.encode()).hexdigest()}"


def client_address(request: HttpRequest) -> str:
    """The client's address, trusting X-Forwarded-For only as far as our own proxies go
    (TRUSTED_PROXIES hops from its end; none by default): a client that writes the header
    itself cannot get a fresh allowance of any limit counted per address."""
    proxies = int(settings.TRUSTED_PROXIES)
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if proxies and forwarded:
        return forwarded[-min(proxies, len(forwarded))]
    return str(request.META.get("REMOTE_ADDR", ""))


def sign_in_blocked(email: str, address: str) -> bool:
    """True once SIGN_IN_FAILURES_ALLOWED failures for this address and e-mail, or
    SIGN_IN_FAILURES_PER_ADDRESS failures from this address whatever the e-mail, happened
    within SIGN_IN_FAILURE_WINDOW seconds (counted in the shared cache: every process)."""
    counts = cache.get_many([_failure_key(email, address), _address_failure_key(address)])
    return bool(
        counts.get(_failure_key(email, address), 0) >= settings.SIGN_IN_FAILURES_ALLOWED
        or counts.get(_address_failure_key(address), 0) >= settings.SIGN_IN_FAILURES_PER_ADDRESS
    )


def _counted(key: str) -> int:
    cache.add(key, 0, timeout=settings.SIGN_IN_FAILURE_WINDOW)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=settings.SIGN_IN_FAILURE_WINDOW)
        return 1


def sign_in_failed(email: str, address: str) -> None:
    failures = _counted(_failure_key(email, address))
    from_address = _counted(_address_failure_key(address))
    if (
        failures >= settings.SIGN_IN_FAILURES_ALLOWED
        or from_address >= settings.SIGN_IN_FAILURES_PER_ADDRESS
    ):
        # The e-mail is personal data: log its hash only, enough to correlate attempts.
        logger.warning(
            "sign-in throttled after %s failures for the account, %s from the address "
            "(account %s, address %s)",
            failures,
            from_address,
            hashlib.sha256(email.strip().lower().encode()).hexdigest()[:12],
            address,
        )


# Reachable without a second factor: setting one up, signing out, switching language, and what
# anyone may open anyway.
TWO_FACTOR_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/verify/", "/healthz", "/readyz")


# Machine-readable codes of the API's 403 when a second factor is missing: the client sends
# the person to set one up on the website, or asks for a new token with the current code.
SET_UP_SECOND_FACTOR = "second_factor_setup_required"
TOKEN_WITHOUT_SECOND_FACTOR = "second_factor_required"  # noqa: S105 - a code, no secret


def second_factor_required(user: Any) -> bool:
    """Coordinators and staff, where TWO_FACTOR_REQUIRED_FOR_COORDINATORS is on."""
    if not settings.TWO_FACTOR_REQUIRED_FOR_COORDINATORS:
        return False
    return bool(user and user.is_authenticated and (user.is_staff or is_coordinator(user)))


def needs_second_factor(user: Any) -> bool:
    """A coordinator or staff member without an active TOTP authenticator, where required."""
    if not second_factor_required(user):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def token_lacks_second_factor(user: Any, token: Any) -> str | None:
    """Why `user`'s API `token` opens nothing (a code above), or None when it may be used."""
    if getattr(token, "second_factor", False) or not second_factor_required(user):
        return None
    return SET_UP_SECOND_FACTOR if needs_second_factor(user) else TOKEN_WITHOUT_SECOND_FACTOR


def second_factor_refusal(code: str) -> dict[str, str]:
    """The body of the 403: what to do, in words and as a code."""
    if code == SET_UP_SECOND_FACTOR:
        detail = _("Set up two-factor authentication first.")
    else:
        detail = _("Ask for a new token with the current code from your authenticator.")
    return {"detail": detail, "code": code}


class SecondFactorRequired(PermissionDenied):
    def __init__(self, code: str) -> None:
        super().__init__(detail=second_factor_refusal(code), code=code)


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
                return JsonResponse(second_factor_refusal(SET_UP_SECOND_FACTOR), status=403)
            return redirect(f"{reverse('mfa_activate_totp')}?next={quote(path)}")
        return self.get_response(request)


def second_factor_valid(user: Any, code: str) -> bool:
    """The TOTP code (or an unused recovery code) of a user who has two-factor set up."""
    for authenticator in Authenticator.objects.filter(user=user):
        if authenticator.wrap().validate_code(code):
            return True
    return False
