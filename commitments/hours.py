"""Hours of service, written once: check-in minutes are added up first, then turned into
hours here, so the confirmation of service, the impact report and the exports say the same
for the same check-ins (rounding each row and adding the rounded rows would not)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet, Sum

from commitments.models import CheckIn


def minutes_logged(check_ins: QuerySet[CheckIn]) -> int:
    """The check-ins' minutes added up (0 for none)."""
    return int(check_ins.order_by().aggregate(total=Sum("duration_minutes"))["total"] or 0)


def hours_of(minutes: int) -> float:
    """Minutes as hours with one decimal, halves rounded up (90 -> 1.5, 5 -> 0.1, 2 -> 0.0)."""
    return float((Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
