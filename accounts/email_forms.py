"""allauth's e-mail management form, asking for the password (ACCOUNT_FORMS).

Apart from accounts.forms: allauth's forms module imports that one (the sign-up form), so it
cannot import allauth's forms itself.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import AddEmailForm
from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class AddEmailWithPasswordForm(AddEmailForm):  # type: ignore[misc]
    """Adding an e-mail address (the way to change one) asks for the current password, so a
    borrowed session cannot move the account elsewhere; allauth then tells the address
    already on the account: here when one is added (allauth has no message for that), by
    allauth when another becomes the primary one or one is removed."""

    password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password

    def save(self, request: HttpRequest) -> Any:
        email_address = super().save(request)
        if getattr(email_address, "pk", None):
            get_adapter(request).send_notification_mail(
                "account/email/email_added", self.user, {"added_email": email_address.email}
            )
        return email_address
