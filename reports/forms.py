"""Forms of the coordinators' dashboard and import pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Program
from core.text import PlainTextFormMixin
from reports.imports import MAX_BYTES
from reports.models import ImportKind
from reports.statistics import report_years


class _ProgramForm(PlainTextFormMixin, forms.Form):
    program = forms.ModelChoiceField(label=_("Programme"), queryset=Program.directory.none())

    def __init__(self, *args: Any, programs: QuerySet[Program], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["program"])  # type: ignore[type-arg]
        field.queryset = programs
        field.to_field_name = "slug"
        only = list(programs[:2])
        if len(only) == 1:
            field.initial = only[0].slug
            field.widget = forms.HiddenInput()


class DashboardForm(_ProgramForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["year"])
        field.choices = [(year, year) for year in report_years(program)]


class PublishForm(DashboardForm):
    action = forms.ChoiceField(
        choices=[("publish", _("Publish")), ("unpublish", _("Unpublish"))],
        widget=forms.HiddenInput,
    )


class ImportForm(_ProgramForm):
    kind = forms.ChoiceField(label=_("Who is in the file"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Saved from a spreadsheet as CSV (UTF-8 or Windows-1250, comma or semicolon), "
            "with a header row in Polish or English."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if file.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB."),
                params={"size": MAX_BYTES // (1024 * 1024)},
            )
        return file


class ConfirmImportForm(PlainTextFormMixin, forms.Form):
    batch = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
