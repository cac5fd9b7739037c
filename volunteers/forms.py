"""Forms of the residents' pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import (
    DAY_CHOICES,
    MODE_CHOICES,
    LanguageRowsMixin,
    location_data,
    postal_code_field,
    skill_choices,
)
from core.languages import reader_language
from core.text import PlainTextFormMixin
from core.vocabulary import interest, normalise_interests
from volunteers.models import SupportRole


def interests_as_words(codes: list[str]) -> str:
    """Interests as the person reads them: a vocabulary code in their language, in the
    lower case they typed it in ("szachy, rower"), any other word as stored."""
    language = reader_language()
    words = []
    for code in codes:
        term = interest(code)
        words.append(term.label.in_language(language).lower() if term else code)
    return ", ".join(words)


class VolunteerProfileForm(PlainTextFormMixin, LanguageRowsMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    skills = forms.MultipleChoiceField(
        label=_("What can you help with?"), widget=forms.CheckboxSelectMultiple, required=False
    )
    interests = forms.CharField(
        label=_("Interests"),
        required=False,
        max_length=800,
        help_text=_("Separate them with commas, e.g. chess, cooking, hiking."),
    )
    support_roles = forms.MultipleChoiceField(
        label=_("Other ways you can help"),
        choices=SupportRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    postal_code = postal_code_field(
        label=_("Postal code"), required=False, help_text=_("For example 00-950.")
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=150,
        required=False,
        help_text=_("Only coordinators see it. Others see at most your district or city."),
    )
    max_distance_km = forms.IntegerField(
        label=_("How far can you travel (km)?"), min_value=1, max_value=100, initial=10
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"), min_value=1, max_value=40, initial=2
    )
    days = forms.MultipleChoiceField(
        label=_("Days you are free"),
        choices=DAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    # Required: matching pairs people only through a way to meet they share.
    modes = forms.MultipleChoiceField(
        label=_("How you can meet"),
        choices=MODE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one way to meet.")},
    )
    capacity = forms.IntegerField(
        label=_("How many newcomers at a time?"), min_value=1, max_value=5, initial=1
    )
    bio = forms.CharField(
        label=_("About you"), widget=forms.Textarea(attrs={"rows": 5}), max_length=1000,
        required=False,
    )  # fmt: skip

    location_fields = ("city", "district", "postal_code", "address")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_language_fields()
        self.fields["skills"].choices = skill_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["languages"] = self.clean_languages()
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        words = [word for word in data["interests"].split(",") if word.strip()]
        return {
            "full_name": data["full_name"],
            "languages": data["languages"],
            "skills": data["skills"],
            "interests": normalise_interests(words),
            "support_roles": data["support_roles"],
            "location": location_data(data),
            "max_distance_km": data["max_distance_km"],
            "hours_per_week": data["hours_per_week"],
            "days": data["days"],
            "modes": data["modes"],
            "capacity": data["capacity"],
            "bio": data["bio"],
        }

    @classmethod
    def initial_for(cls, profile: Any) -> dict[str, Any]:
        return {
            "full_name": profile.user.full_name,
            "skills": profile.skills,
            "interests": interests_as_words(profile.interests),
            "support_roles": profile.support_roles,
            "city": profile.city,
            "district": profile.district,
            "postal_code": profile.postal_code,
            "address": profile.address,
            "max_distance_km": profile.max_distance_km,
            "hours_per_week": profile.hours_per_week,
            "days": profile.days,
            "modes": profile.modes,
            "capacity": profile.capacity,
            "bio": profile.bio,
            **cls.language_initial(profile.languages),
        }


class AgreementTermsForm(PlainTextFormMixin, forms.Form):
    """A programme's agreement: its legal identity and text (Polish required)."""

    organisation_name = forms.CharField(label=_("Organisation's name"), max_length=250)
    organisation_address = forms.CharField(label=_("Organisation's address"), max_length=300)
    krs = forms.RegexField(
        label=_("KRS number"), regex=r"^\d{10}$", required=False, help_text=_("10 digits.")
    )
    nip = forms.RegexField(
        label=_("NIP"), regex=r"^\d{10}$", required=False, help_text=_("10 digits.")
    )
    regon = forms.RegexField(
        label=_("REGON"),
        regex=r"^(\d{9}|\d{14})$",
        required=False,
        help_text=_("9 or 14 digits. Give the NIP, the REGON or both."),
    )
    signatory = forms.CharField(
        label=_("Who signs for the organisation"),
        max_length=200,
        help_text=_("Name and function, e.g. Maria Zielińska, president of the board."),
    )
    text_pl = forms.CharField(
        label=_("Agreement text in Polish"),
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=20000,
        help_text=_(
            "Paragraphs on separate lines; a line starting with § is a heading. The platform "
            "fills in ${volunteer}, ${help}, ${commitment} (e.g. 6 months), ${hours_per_week}, "
            "${program}, ${city}, ${organisation}, ${organisation_address} and ${made_on}."
        ),
    )
    text_uk = forms.CharField(
        label=_("Agreement text in Ukrainian"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        required=False,
    )
    text_en = forms.CharField(
        label=_("Agreement text in English"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        required=False,
    )
    is_required_before_matching = forms.BooleanField(
        label=_("Approve matches only for volunteers with a signed agreement"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("nip") and not data.get("regon") and "regon" not in self.errors:
            self.add_error("regon", _("Give the NIP, the REGON or both."))
        return data


class PaperSignatureForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signed_for_program_by = forms.CharField(label=_("Signed for the programme by"), max_length=200)


class SignedAgreementForm(forms.Form):
    signed_pdf = forms.FileField(
        label=_("The agreement signed electronically (PDF)"),
        help_text=_(
            "Sign the PDF you downloaded with a trusted profile (Profil Zaufany) or a qualified "
            "signature, without changing it, and upload the signed file."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
