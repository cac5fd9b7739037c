"""A coordinator's intake at an integration point: a profile and its first request at once."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.models import Program, User
from newcomers.models import NewcomerProfile, SupportRequest
from newcomers.services import newcomer_register_on_behalf, request_open


@transaction.atomic
def newcomer_intake(
    *, program: Program, profile_data: dict[str, Any], request_data: dict[str, Any], by: User
) -> tuple[NewcomerProfile, SupportRequest]:
    """Register someone on their behalf and open their first request: both or neither."""
    profile = newcomer_register_on_behalf(program=program, data=profile_data, by=by)
    support_request = request_open(newcomer=profile, data=request_data, by=by)
    return profile, support_request
