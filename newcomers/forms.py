from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import autonym
from accounts.models import Language, Program
from core.forms import (
    MODE_CHOICES,
    DescribedCheckboxes,
    LanguageRowsMixin,
    location_data,
    skill_choices,
    skill_descriptions,
)
from core.text import PlainTextFormMixin
from newcomers.models import ContactChannel, Urgency


class ClaimForm(PlainTextFormMixin, forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"))
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits."),
    )


class AskForm(PlainTextFormMixin, LanguageRowsMixin, forms.Form):
    """'Ask for support', short and in plain language."""

    language_rows = 2

    needs = forms.MultipleChoiceField(
        label=_("What do you need help with?"),
        help_text=_("Choose one or more."),
        widget=DescribedCheckboxes(descriptions=skill_descriptions),
        error_messages={"required": _("Choose at least one kind of help.")},
    )
    modes = forms.MultipleChoiceField(
        label=_("How do you prefer to meet?"),
        help_text=_("Choose one or both."),
        choices=MODE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one way to meet.")},
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    city = forms.CharField(label=_("Your city"), max_length=100)
    district = forms.CharField(label=_("Your district (optional)"), max_length=100, required=False)
    notes = forms.CharField(
        label=_("Anything else? (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_language_fields()
        self.fields["needs"].choices = skill_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["languages"] = self.clean_languages()
        return cleaned

    def profile_data(self) -> dict[str, Any]:
        return {
            "languages": self.cleaned_data["languages"],
            "location": location_data(self.cleaned_data),
        }

    def request_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "needs": data["needs"],
            "modes": data["modes"],
            "urgency": data["urgency"],
            "notes": data["notes"],
        }


class IntakeForm(AskForm):
    """A coordinator registers a newcomer and their first request at an integration point."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    contact_channel = forms.ChoiceField(
        label=_("Preferred contact channel"), choices=ContactChannel.choices
    )
    contact_language = forms.ChoiceField(
        label=_("Language of messages"),
        help_text=_("Ask the person: e-mails and pages will be in this language."),
        choices=[(code, autonym(code)) for code in Language.values],
        widget=forms.RadioSelect,
    )
    program: forms.ModelChoiceField[Program] = forms.ModelChoiceField(  # type: ignore[arg-type]
        label=_("Programme"), queryset=None
    )

    field_order = [
        "full_name", "contact_email", "contact_phone", "contact_channel", "contact_language",
    ]  # fmt: skip

    def __init__(self, *args: Any, programs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].label = _("Needs")
        self.fields["modes"].label = _("Ways to meet")
        self.fields["urgency"].label = _("Urgency")
        self.fields["city"].label = _("City")
        self.fields["district"].label = _("District (optional)")
        self.fields["notes"].label = _("Notes (optional)")
        program_field = self.fields["program"]
        program_field.queryset = programs  # type: ignore[attr-defined]
        choices = list(programs)
        if len(choices) == 1:
            program_field.initial = choices[0].pk
            program_field.widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("contact_email") and not cleaned.get("contact_phone"):
            self.add_error("contact_email", _("Give an e-mail address or a phone number."))
        return cleaned

    def profile_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **super().profile_data(),
            "full_name": data["full_name"],
            "contact_email": data["contact_email"],
            "contact_phone": data["contact_phone"],
            "contact_channel": data["contact_channel"],
            "contact_language": data["contact_language"],
            "first_language": next(iter(data["languages"]), ""),
        }
