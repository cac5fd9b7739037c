"""Forms of the coordinators' match and matching-run pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Program
from core.text import PlainTextFormMixin


class ProposeForm(PlainTextFormMixin, forms.Form):
    request = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    volunteer = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    approve = forms.BooleanField(label=_("Approve at once"), required=False)


class ApproveForm(PlainTextFormMixin, forms.Form):
    started_on = forms.DateField(
        label=_("Started on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for today."),
    )


class RejectForm(PlainTextFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class RunForm(PlainTextFormMixin, forms.Form):
    program = forms.ModelChoiceField(label=_("Programme"), queryset=Program.directory.none())
    exact = forms.BooleanField(
        label=_("Exact (slower: considers every possible pair)"), required=False
    )

    def __init__(self, *args: Any, programs: QuerySet[Program], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["program"])  # type: ignore[type-arg]
        field.queryset = programs
        only = list(programs[:2])
        if len(only) == 1:
            field.initial = only[0]
            field.widget = forms.HiddenInput()
