"""Forms of the participants' pages, short and in plain words: many readers are newcomers
reading in their second or third language."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from commitments.models import CheckInMode
from core.forms import skill_choices
from core.text import PlainTextFormMixin
from matching.models import EndReason

DURATION_CHOICES = [
    (30, _("30 minutes")),
    (60, _("1 hour")),
    (90, _("1½ hours")),
    (120, _("2 hours")),
]
# A face and a word for each answer: easier to choose than a bare number.
SATISFACTION_CHOICES = [
    (1, format_lazy("😞 1 – {}", _("bad"))),
    (2, format_lazy("🙁 2 – {}", _("not good"))),
    (3, format_lazy("😐 3 – {}", _("all right"))),
    (4, format_lazy("🙂 4 – {}", _("good"))),
    (5, format_lazy("😀 5 – {}", _("very good"))),
]


class CheckInForm(PlainTextFormMixin, forms.Form):
    """The one-minute check-in: when, how long, how, about what, and how it went."""

    date = forms.DateField(
        label=_("When did you meet?"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("How long?"),
        choices=DURATION_CHOICES,
        coerce=int,
        initial=60,
        widget=forms.RadioSelect,
    )
    mode = forms.ChoiceField(
        label=_("How?"),
        choices=CheckInMode.choices,
        initial=CheckInMode.IN_PERSON,
        widget=forms.RadioSelect,
    )
    topics = forms.MultipleChoiceField(
        label=_("What did you do together?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    satisfaction = forms.TypedChoiceField(
        label=_("How did it go? (optional)"),
        choices=SATISFACTION_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("A few words (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        needs: Iterable[str] = (),
        today: datetime.date,
        started_on: datetime.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        date_field = self.fields["date"]
        date_field.initial = today
        date_field.widget.attrs["max"] = today.isoformat()
        if started_on is not None:
            date_field.widget.attrs["min"] = started_on.isoformat()
        # The request's needs first: what the pair most likely worked on.
        rank = {code: index for index, code in enumerate(needs)}
        ordered = sorted(skill_choices(), key=lambda choice: rank.get(choice[0], len(rank)))
        cast(forms.MultipleChoiceField, self.fields["topics"]).choices = ordered


class ChangeRequestForm(PlainTextFormMixin, forms.Form):
    note = forms.CharField(
        label=_("What should change? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Shown on the match page beside the check-in form, which has a `note` too: its own
        # ids, so each label points at its own box.
        kwargs.setdefault("auto_id", "id_change_%s")
        super().__init__(*args, **kwargs)


class SurveyForm(PlainTextFormMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How is it going?"),
        choices=SATISFACTION_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one answer.")},
    )
    note = forms.CharField(
        label=_("Anything the coordinator should know? (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,
    )
    wants_contact = forms.BooleanField(
        label=_("Please ask the coordinator to contact me."), required=False
    )


class EndForm(PlainTextFormMixin, forms.Form):
    """Why a match ends early; that `other` needs a note is the service's rule."""

    end_reason = forms.ChoiceField(label=_("Why does it end?"), choices=EndReason.choices)
    reason = forms.CharField(
        label=_("Note"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen only by coordinators. Required when the reason is “Other”."),
    )
