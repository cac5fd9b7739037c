"""The concern form (short, plain words: many readers are newcomers) and the lead's case form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import PlainTextFormMixin
from safeguarding.models import Category, ConcernStatus, Outcome

ABOUT_PARTNER = "partner"
ABOUT_MATCH = "match"
ABOUT_VOLUNTEER = "volunteer"
ABOUT_NEWCOMER = "newcomer"


class ConcernForm(PlainTextFormMixin, forms.Form):
    about = forms.ChoiceField(
        label=_("Who or what is it about?"),
        choices=[
            (ABOUT_PARTNER, _("The other person of my pairing")),
            (ABOUT_MATCH, _("Our pairing in general, or someone else")),
        ],
        initial=ABOUT_PARTNER,
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=Category.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What happened?"),
        help_text=_("In your own words, in any language. Dates and places help."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    urgent = forms.BooleanField(
        label=_("It is urgent: pause our contact now"),
        required=False,
    )

    for_newcomer = forms.BooleanField(
        label=_("The newcomer told me: I am raising it for them"),
        help_text=_("The lead will contact them through you if they have no account."),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        with_about: bool = True,
        people: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """`people`: a coordinator's choice of whom it is about (and whether for the
        newcomer); without it, a participant's (`with_about`: the other person, if any)."""
        super().__init__(*args, **kwargs)
        if people is not None:
            about = cast(forms.ChoiceField, self.fields["about"])
            about.choices = [*people, (ABOUT_MATCH, _("The pairing in general"))]
            about.initial = people[0][0] if people else ABOUT_MATCH
        else:
            del self.fields["for_newcomer"]
            if not with_about:
                del self.fields["about"]


class CaseForm(PlainTextFormMixin, forms.Form):
    """The lead moves a case on: a status, an outcome on closing, and a note."""

    status = forms.ChoiceField(label=_("Status"), choices=ConcernStatus.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome (when closing)"),
        choices=[("", "—"), *Outcome.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("What was done"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class StepForm(PlainTextFormMixin, forms.Form):
    """Pause or resume contact, with an optional note."""

    step = forms.ChoiceField(choices=[("pause", "pause"), ("resume", "resume")])
    note = forms.CharField(max_length=4000, required=False)


class PolicyForm(PlainTextFormMixin, forms.Form):
    text_pl = forms.CharField(
        label=_("Policy in Polish"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "lang": "pl"}),
    )
    text_uk = forms.CharField(
        label=_("Policy in Ukrainian"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "lang": "uk"}),
    )
    text_en = forms.CharField(
        label=_("Policy in English"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "lang": "en"}),
    )


class PersonConcernForm(PlainTextFormMixin, forms.Form):
    """A coordinator's concern about any person of their programmes."""

    person = forms.TypedChoiceField(label=_("Whom is it about?"), coerce=int)
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=Category.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What happened?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    urgent = forms.BooleanField(label=_("Urgent: pause their contact now"), required=False)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["person"]).choices = [("", "—"), *people]


class LeadForm(PlainTextFormMixin, forms.Form):
    """Name one of the programme's coordinators a safeguarding lead."""

    user = forms.TypedChoiceField(label=_("Coordinator"), coerce=int)

    def __init__(self, *args: Any, candidates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["user"]).choices = [("", "—"), *candidates]
