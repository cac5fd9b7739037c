"""Forms of the certificate pages: a coordinator's issuing and revoking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from certificates.models import CertificateKind
from core.text import PlainTextFormMixin
from matching.models import Match
from training.models import TrainingSession
from volunteers.models import VolunteerProfile


class VolunteerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.user.full_name} ({obj.program.name})"


class MatchChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _("%(volunteer)s with %(newcomer)s, %(start)s – %(end)s") % {
            "volunteer": obj.volunteer.user.full_name,
            "newcomer": obj.newcomer.display_name,
            "start": obj.started_on,
            "end": obj.ended_on or obj.commitment_ends_on,
        }


class IssueForm(PlainTextFormMixin, forms.Form):
    volunteer = VolunteerChoiceField(label=_("Volunteer"), queryset=VolunteerProfile.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=CertificateKind.choices)
    match = MatchChoiceField(
        label=_("Completed match (for a commitment certificate)"),
        queryset=Match.objects.none(),
        required=False,
    )
    title = forms.CharField(
        label=_("Title of the award (for a recognition)"),
        max_length=200,
        required=False,
        help_text=_("For example: Ambassador of the year 2027."),
    )

    def __init__(
        self,
        *args: Any,
        volunteers: QuerySet[VolunteerProfile],
        matches: QuerySet[Match],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers  # type: ignore[attr-defined]
        self.fields["match"].queryset = matches  # type: ignore[attr-defined]


class RevokeForm(PlainTextFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (the holder is told; the public check does not show it)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BatchForm(PlainTextFormMixin, forms.Form):
    session = forms.ModelChoiceField(
        label=_("Training session"), queryset=TrainingSession.objects.none()
    )

    def __init__(self, *args: Any, sessions: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]
