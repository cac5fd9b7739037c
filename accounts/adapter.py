"""allauth's hooks: the sign-up welcome carries the confirmation link; confirming has effects;
a new password ends every other way in; client addresses are read as everywhere else."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from accounts.models import Membership, User
from accounts.notifications import sender
from accounts.security import client_address
from accounts.services import member_welcome, password_changed
from accounts.verification import password_set_url
from core.languages import reader_language


class AccountAdapter(DefaultAccountAdapter):
    def send_confirmation_mail(
        self, request: HttpRequest, emailconfirmation: Any, signup: bool
    ) -> None:
        user = emailconfirmation.email_address.user
        membership = (
            Membership.objects.filter(user=user).select_related("program").order_by("pk").first()
        )
        if not signup or membership is None:
            super().send_confirmation_mail(request, emailconfirmation, signup)
            return
        # One message at sign-up, through the outbox (durable, in the person's language).
        member_welcome(
            user=user,
            membership=membership,
            confirmation_url=self.get_email_confirmation_url(request, emailconfirmation),
        )

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's own e-mails (password reset, address changes) in the recipient's language,
        not the language of the page that caused them; from the platform's name in it."""
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        language = reader_language(user.preferred_language if user else None)
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def post_login(self, request: HttpRequest, user: User, **kwargs: Any) -> HttpResponse:
        """Signing in (or up) switches the pages to the person's language: on a shared or
        borrowed computer too. The language switcher changes it for the moment after."""
        response: HttpResponse = super().post_login(request, user, **kwargs)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            reader_language(user.preferred_language),
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response

    def get_from_email(self) -> str:
        return sender(translation.get_language() or "")

    def get_email_verification_redirect_url(self, email_address: EmailAddress) -> str:
        user: User = email_address.user
        if not user.has_usable_password():
            # Imported by a coordinator: the invitation confirms, then they choose a password.
            return password_set_url(user)
        return str(super().get_email_verification_redirect_url(email_address))

    def set_password(self, user: User, password: str) -> None:
        """Every password change and reset of allauth's pages passes here: the person's API
        tokens and other sessions end (the session that changed it, if any, stays)."""
        super().set_password(user, password)
        session = getattr(getattr(self, "request", None), "session", None)
        password_changed(user=user, keep_session_key=getattr(session, "session_key", None))

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's per-address limits count the same address as ours (TRUSTED_PROXIES)."""
        return client_address(request) or "unknown"
