from __future__ import annotations

from django import forms
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import Language, Program, Role, User
from accounts.services import membership_grant
from core.text import PlainTextFormMixin


class SignupForm(PlainTextFormMixin, forms.Form):
    """Extra sign-up fields for allauth: who you are and which programme you join."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(
        label=_("I want to"),
        choices=[
            (Role.VOLUNTEER.value, _("help as a welcome ambassador")),
            (Role.NEWCOMER.value, _("get support as a newcomer")),
        ],
        widget=forms.RadioSelect,
    )
    program = forms.ModelChoiceField(
        label=_("Programme"), queryset=Program.directory.order_by("name"), empty_label=None
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=Language.choices)

    @transaction.atomic
    def signup(self, request: HttpRequest, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"].strip()
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["full_name", "preferred_language"])
        # allauth adds the e-mail address afterwards and sends the welcome with its confirmation
        # link through AccountAdapter.send_confirmation_mail.
        membership_grant(
            user=user, program=self.cleaned_data["program"], role=self.cleaned_data["role"]
        )
