"""The matching engine: pure scoring, ranking and assignment on plain data (no Django).

Inputs are frozen dataclasses (`VolunteerInput`, `RequestInput`, `Weights`); a `Pool` is the
encoded snapshot of a programme's volunteers (`encode_pool`, patched by `pool_replace`);
`rank` returns `Candidate`s for one request, `assign` an `Assignment` for a whole batch;
`pair_failures` names the hard constraints one pair breaks.
"""

from matching.engine.assignment import Assignment, assign, greedy
from matching.engine.constraints import pair_failures
from matching.engine.encoding import (
    Pool,
    RequestInput,
    VolunteerInput,
    encode_pool,
    pool_replace,
)
from matching.engine.ranking import Candidate, rank, rank_exhaustive
from matching.engine.reasons import Reason
from matching.engine.scoring import DEFAULT_WEIGHTS, Weights

__all__ = [
    "DEFAULT_WEIGHTS",
    "Assignment",
    "Candidate",
    "Pool",
    "Reason",
    "RequestInput",
    "VolunteerInput",
    "Weights",
    "assign",
    "encode_pool",
    "greedy",
    "pair_failures",
    "pool_replace",
    "rank",
    "rank_exhaustive",
]
