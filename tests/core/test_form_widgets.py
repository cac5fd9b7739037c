"""Radio and checkbox groups render exactly Django's markup, with fewer templates.

templates/django/forms/widgets/multiple_input.html writes the options' templates in place (the
match page spent most of its time including four templates per option of the check-in form).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django.forms
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.test.signals import template_rendered
from django.utils.functional import cached_property

from core.forms import DescribedCheckboxes, FormRenderer


class DjangosWidgets(DjangoTemplates):
    """Django's own widget templates first, then the project's (its option templates)."""

    @cached_property
    def engine(self) -> Any:
        return self.backend(
            {
                "APP_DIRS": False,
                "DIRS": [
                    Path(django.forms.__file__).parent / "templates",
                    settings.BASE_DIR / "templates",
                ],
                "NAME": "djangos_widgets",
                "OPTIONS": {},
            }
        )


class Choices(forms.Form):
    duration = forms.TypedChoiceField(
        choices=[(30, "30 min"), (60, "1 h"), (90, "<1,5 h> & more")],
        coerce=int,
        initial=60,
        widget=forms.RadioSelect(attrs={"class": "inline", "data-x": True}),
    )
    topics = forms.MultipleChoiceField(
        choices=[("Work", [("cv", "CV"), ("interview", "Interview")]), ("housing", "Housing")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    described = forms.MultipleChoiceField(
        choices=[("housing", "Housing"), ("health", "Health")],
        widget=DescribedCheckboxes(descriptions=lambda: {"housing": "Flats & rooms"}),
    )
    empty = forms.ChoiceField(choices=[], widget=forms.RadioSelect, required=False)


def rendered(form: forms.Form, name: str) -> str:
    return str(form[name].as_widget())


def test_groups_render_djangos_own_markup() -> None:
    for data in (None, {"duration": "90", "topics": ["cv", "housing"], "described": ["health"]}):
        ours = Choices(data, renderer=FormRenderer())
        djangos = Choices(data, renderer=DjangosWidgets())
        ours.fields["topics"].widget.attrs["disabled"] = True
        djangos.fields["topics"].widget.attrs["disabled"] = True

        for name in ("duration", "topics", "described", "empty"):
            assert rendered(ours, name) == rendered(djangos, name), name


def test_a_chosen_option_stays_checked_and_labels_stay_escaped() -> None:
    html = rendered(Choices({"duration": "90"}, renderer=FormRenderer()), "duration")

    assert '<input type="radio" name="duration" value="90" class="inline" data-x' in html
    assert 'id="id_duration_2" checked>' in html
    assert "&lt;1,5 h&gt; &amp; more</label>" in html


def test_a_group_renders_two_templates_whatever_its_number_of_options() -> None:
    names: list[str] = []

    def record(sender: Any, template: Any, **kwargs: Any) -> None:
        names.append(template.name)

    template_rendered.connect(record)
    try:
        rendered(Choices(renderer=FormRenderer()), "duration")
    finally:
        template_rendered.disconnect(record)

    assert names == ["django/forms/widgets/radio.html", "django/forms/widgets/multiple_input.html"]


def test_the_templates_written_in_place_are_djangos_own() -> None:
    """The group writes these in place: overriding one of them in the project would be ignored
    for radio buttons and check boxes, so the project must not (or must change the group)."""
    renderer = FormRenderer()
    stock = Path(django.forms.__file__).parent / "templates"
    for name in ("radio_option", "checkbox_option", "input_option", "input", "attrs"):
        template: Any = renderer.get_template(f"django/forms/widgets/{name}.html")

        assert Path(template.origin.name).is_relative_to(stock), name
