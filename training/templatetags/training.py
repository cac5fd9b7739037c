from __future__ import annotations

from django import template

from training.models import TrainingModule

register = template.Library()


@register.filter
def module_title(module: TrainingModule, language: str) -> str:
    """The module's title in the reader's language, or the programme's own."""
    return module.title_in(language)


@register.filter
def module_description(module: TrainingModule, language: str) -> str:
    return module.description_in(language)
