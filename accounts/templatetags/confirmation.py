"""The notice a signed-in person sees while their e-mail address is not confirmed."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.verification import is_email_confirmed

register = template.Library()


@register.inclusion_tag("partials/email_confirmation_notice.html", takes_context=True)
def email_confirmation_notice(context: template.Context) -> dict[str, Any]:
    user = context["request"].user
    unconfirmed = user.is_authenticated and not is_email_confirmed(user)
    return {"unconfirmed": unconfirmed, "email": user.email if unconfirmed else ""}
