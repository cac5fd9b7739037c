"""Why a volunteer cannot be proposed for a request or approved, named for a coordinator.

The constraints are the engine's (`matching.engine.constraints`, the same function the
engine filters its candidates with): this module turns the profiles into engine inputs the
way the pool does, asks the engine which constraints fail, and gives each failure a stable
code and a sentence in the reader's language. What keeps a volunteer out altogether (not
trained, paused or withdrawn) is named from `matching.pool.readiness_gaps`, the rule behind
the engine's `is_eligible`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Program
from matching.engine import constraints
from matching.engine import pair_failures as engine_pair_failures
from matching.pool import (
    NOT_TRAINED as NOT_TRAINED_CODE,
)
from matching.pool import (
    ON_HOLD as ON_HOLD_CODE,
)
from matching.pool import (
    UNAVAILABLE as UNAVAILABLE_CODE,
)
from matching.pool import (
    readiness_gaps,
    request_input,
    volunteer_input,
    weights_for,
)
from newcomers.models import SupportRequest
from volunteers.models import VolunteerProfile


@dataclass(frozen=True)
class Failure:
    """A broken constraint: a stable code for programs, a translated sentence for people."""

    code: str
    message: Promise


NOT_TRAINED = Failure(
    NOT_TRAINED_CODE, _("This volunteer has not completed the required training.")
)
UNAVAILABLE = Failure(UNAVAILABLE_CODE, _("This volunteer is paused or has withdrawn."))
ON_HOLD = Failure(ON_HOLD_CODE, _("This volunteer is paused for review."))
NO_CAPACITY = Failure(constraints.NO_CAPACITY, _("This volunteer has no free capacity."))
NO_SHARED_LANGUAGE = Failure(
    constraints.NO_SHARED_LANGUAGE,
    _("This volunteer and the newcomer share no language at B1 level or above."),
)
NO_SHARED_MODE = Failure(
    constraints.NO_SHARED_MODE,
    _("This volunteer and the newcomer have no way of meeting in common (in person or online)."),
)
OUT_OF_REACH = Failure(
    constraints.OUT_OF_REACH, _("This volunteer lives too far away and they cannot meet online.")
)
NO_SAFEGUARDING = Failure(
    constraints.NO_SAFEGUARDING,
    _("The request involves children and this volunteer has no valid safeguarding check."),
)
EXCLUDED = Failure(
    constraints.EXCLUDED, _("This volunteer and this newcomer must not be paired again.")
)
_BY_CODE = {
    failure.code: failure
    for failure in (
        NO_CAPACITY,
        NO_SHARED_LANGUAGE,
        NO_SHARED_MODE,
        OUT_OF_REACH,
        NO_SAFEGUARDING,
        EXCLUDED,
    )
}


def _named(volunteer: VolunteerProfile, codes: tuple[str, ...]) -> list[Failure]:
    failures: list[Failure] = []
    for code in codes:
        if code == constraints.NOT_ELIGIBLE:
            gaps = readiness_gaps(
                is_trained=volunteer.is_trained,
                status=volunteer.status,
                on_hold=volunteer.safeguarding_hold,
            )
            by_gap = {NOT_TRAINED_CODE: NOT_TRAINED, UNAVAILABLE_CODE: UNAVAILABLE}
            failures += [by_gap.get(gap, ON_HOLD) for gap in gaps]
        else:
            failures.append(_BY_CODE[code])
    return failures


def volunteer_failures(volunteer: VolunteerProfile, *, today: date) -> list[Failure]:
    """What stops this volunteer from starting any new match (training, status, capacity)."""
    return _named(
        volunteer, constraints.volunteer_failures(volunteer_input(volunteer, today=today))
    )


def pair_failures(
    *,
    volunteer: VolunteerProfile,
    request: SupportRequest,
    program: Program,
    excluded_volunteer_ids: frozenset[int],
    today: date,
) -> list[Failure]:
    """Every hard constraint the pair breaks, in a fixed order; empty exactly when the engine
    would offer this volunteer for this request. `request.newcomer` is read (select it with
    the request)."""
    codes = engine_pair_failures(
        volunteer_input(volunteer, today=today),
        request_input(request, today=today, excluded_volunteer_ids=excluded_volunteer_ids),
        weights_for(program),
    )
    return _named(volunteer, codes)
