"""`{{ name|with_latin }}`: a name as written, its Latin form beside it when in Cyrillic."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from core.names import latin_beside

register = template.Library()


@register.filter
def with_latin(name: str) -> str:
    latin = latin_beside(name or "")
    if not latin:
        return name
    return format_html('{} <span class="latin" lang="uk-Latn">({})</span>', name, latin)
