"""`{% coordinator_nav %}`: the coordinators' navigation with live counts, on every
coordinator page (templates/coordinators/base.html)."""

from __future__ import annotations

from typing import Any

from django import template

from commitments.workspace import workspace_counts

register = template.Library()


@register.inclusion_tag("partials/coordinator_nav.html", takes_context=True)
def coordinator_nav(context: Any) -> dict[str, Any]:
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    return {
        "counts": workspace_counts(request.user),
        "here": match.url_name if match else "",
    }
