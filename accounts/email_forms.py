"""allauth's e-mail management form, asking for the password (ACCOUNT_FORMS).

Apart from accounts.forms: allauth's forms module imports that one (the sign-up form), so it
cannot import allauth's forms itself.
"""

from __future__ import annotations

from allauth.account.forms import AddEmailForm
from django import forms
from django.utils.translation import gettext_lazy as _


class AddEmailWithPasswordForm(AddEmailForm):  # type: ignore[misc]
    """Adding an e-mail address (the way to change one) asks for the current password, so a
    borrowed session cannot move the account elsewhere; allauth then tells the address
    already on the account (ACCOUNT_EMAIL_NOTIFICATIONS)."""

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
