from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import Language, Program, Role, User
from accounts.services import membership_grant
from core.collation import sorted_for_reader
from core.languages import reader_language
from core.text import PlainTextFormMixin
from core.vocabulary import language_name


def autonym(code: str) -> str:
    """A language's name in itself ("українська"): found by those who read it, on any page."""
    name = language_name(code, code)
    return name[:1].upper() + name[1:]


class ProgramChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Programmes by their names in the reader's language, in the reader's alphabet."""

    def label_from_instance(self, obj: Program) -> str:
        return f"{obj.local_name} ({obj.local_city})"


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
    program = ProgramChoiceField(
        label=_("Programme"), queryset=Program.directory.order_by("name"), empty_label=None
    )
    preferred_language = forms.ChoiceField(
        label=_("Language of your e-mails and pages"),
        choices=[(code, autonym(code)) for code in Language.values],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The language of the page they sign up on: a Ukrainian page is read in Ukrainian.
        self.fields["preferred_language"].initial = reader_language()
        program = self.fields["program"]
        program.choices = sorted_for_reader(  # type: ignore[attr-defined]
            program.choices,  # type: ignore[attr-defined]
            key=lambda choice: str(choice[1]),
        )

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
