"""Forms of the training pages (coordinators' modules, sessions, checks; residents' sign-up)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Program
from core import clock
from core.text import PlainTextFormMixin
from training.models import CheckKind, Delivery, TrainingModule

OTHER_LANGUAGES = (("uk", _("Ukrainian")), ("en", _("English")))


class ProgramChoiceMixin:
    """A `program` select shown only to coordinators of more than one programme."""

    fields: dict[str, forms.Field]

    def limit_programs(self, programs: QuerySet[Program]) -> None:
        field = cast(forms.ModelChoiceField, self.fields["program"])  # type: ignore[type-arg]
        field.queryset = programs
        if len(programs) == 1:
            field.initial = programs[0].pk
            field.widget = forms.HiddenInput()


class ModuleForm(PlainTextFormMixin, ProgramChoiceMixin, forms.Form):
    program = forms.ModelChoiceField(label=_("Programme"), queryset=Program.directory.none())
    title = forms.CharField(label=_("Title (Polish)"), max_length=200)
    description = forms.CharField(
        label=_("Description (Polish)"), max_length=2000, required=False, widget=forms.Textarea
    )
    title_uk = forms.CharField(label=_("Title (Ukrainian)"), max_length=200, required=False)
    description_uk = forms.CharField(
        label=_("Description (Ukrainian)"), max_length=2000, required=False, widget=forms.Textarea
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_en = forms.CharField(
        label=_("Description (English)"), max_length=2000, required=False, widget=forms.Textarea
    )
    is_required = forms.BooleanField(label=_("Required before mentoring"), required=False)
    validity_months = forms.IntegerField(
        label=_("Valid for months"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=_("Leave empty if it never expires."),
    )
    delivery = forms.ChoiceField(label=_("Delivery"), choices=Delivery.choices)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    @staticmethod
    def initial_for(module: TrainingModule) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "program": module.program_id,
            "title": module.title,
            "description": module.description,
            "is_required": module.is_required,
            "validity_months": module.validity_months,
            "delivery": module.delivery,
            "is_active": module.is_active,
        }
        for language, _name in OTHER_LANGUAGES:
            texts = module.translations.get(language, {})
            initial[f"title_{language}"] = texts.get("title", "")
            initial[f"description_{language}"] = texts.get("description", "")
        return initial

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        translations = {
            language: {
                "title": data[f"title_{language}"].strip(),
                "description": data[f"description_{language}"].strip(),
            }
            for language, _name in OTHER_LANGUAGES
            if data[f"title_{language}"].strip() or data[f"description_{language}"].strip()
        }
        return {
            "title": data["title"].strip(),
            "description": data["description"].strip(),
            "translations": translations,
            "is_required": data["is_required"],
            "validity_months": data["validity_months"],
            "delivery": data["delivery"],
            "is_active": data["is_active"],
        }


class SessionForm(PlainTextFormMixin, forms.Form):
    module = forms.ModelChoiceField(label=_("Module"), queryset=TrainingModule.objects.none())
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=600, initial=120
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    trainer = forms.CharField(label=_("Trainer"), max_length=150, required=False)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500, initial=20)
    already_held = forms.BooleanField(
        label=_("This session already took place"),
        required=False,
        help_text=_("Record it with its date, then mark who came, walk-ins included."),
    )

    def __init__(self, *args: Any, modules: QuerySet[TrainingModule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        module_field = cast(forms.ModelChoiceField, self.fields["module"])  # type: ignore[type-arg]
        module_field.queryset = modules

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_at = data.get("starts_at")
        if starts_at is not None:
            if data.get("already_held") and starts_at > timezone.now():
                self.add_error(
                    "starts_at", _("A session that already took place has a date in the past.")
                )
            elif not data.get("already_held") and starts_at <= timezone.now():
                self.add_error(
                    "starts_at",
                    _(
                        "A new session must be in the future; for one that already took place, "
                        "tick the box below."
                    ),
                )
        if not data.get("place") and not data.get("online_link"):
            self.add_error("place", _("Give a place or an online link."))
        return data


class AttendanceForm(PlainTextFormMixin, forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Who came"), widget=forms.CheckboxSelectMultiple, required=False
    )
    walk_ins = forms.MultipleChoiceField(
        label=_("Came without signing up"),
        help_text=_("Choose everyone who came without a place; hold Ctrl to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        choices: list[tuple[int, str]],
        walk_in_choices: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["attended"])
        field.choices = choices
        walk_ins = cast(forms.MultipleChoiceField, self.fields["walk_ins"])
        walk_ins.choices = walk_in_choices or []


class CompletionForm(PlainTextFormMixin, forms.Form):
    module = forms.ModelChoiceField(label=_("Module"), queryset=TrainingModule.objects.none())
    completed_on = forms.DateField(
        label=_("Completed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, modules: QuerySet[TrainingModule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        module_field = cast(forms.ModelChoiceField, self.fields["module"])  # type: ignore[type-arg]
        module_field.queryset = modules

    def clean_completed_on(self) -> Any:
        completed_on = self.cleaned_data["completed_on"]
        if completed_on > clock.today():
            raise forms.ValidationError(_("A completion cannot be in the future."))
        return completed_on


class CheckForm(PlainTextFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Check"), choices=CheckKind.choices)
    checked_on = forms.DateField(
        label=_("Seen on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for one year. Only the fact is stored, never the document."),
    )
