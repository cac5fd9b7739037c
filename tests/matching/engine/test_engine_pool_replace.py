"""`pool_replace` patches a snapshot; the result is exactly a rebuild from the same volunteers."""

from dataclasses import fields, replace
from typing import Any

import numpy as np
import scipy.sparse as sparse
from engine_cast import newcomer_request, resident

from demo.synthetic import synthetic_requests, synthetic_volunteers
from matching.engine import Pool, encode_pool, pool_replace, rank
from matching.engine.encoding import VolunteerInput


def assert_same_pool(patched: Pool, rebuilt: Pool) -> None:
    for field in fields(Pool):
        ours, theirs = getattr(patched, field.name), getattr(rebuilt, field.name)
        if field.name == "table":
            for table_field in fields(ours):
                assert_same_value(
                    getattr(ours, table_field.name), getattr(theirs, table_field.name)
                )
        else:
            assert_same_value(ours, theirs)


def assert_same_value(ours: Any, theirs: Any) -> None:
    if isinstance(ours, np.ndarray):
        assert isinstance(theirs, np.ndarray)
        assert ours.dtype == theirs.dtype
        np.testing.assert_array_equal(ours, theirs)
    elif sparse.issparse(ours):
        assert (ours != theirs).nnz == 0
        np.testing.assert_array_equal(ours.indptr, theirs.indptr)
        np.testing.assert_array_equal(ours.indices, theirs.indices)
        np.testing.assert_array_equal(ours.data, theirs.data)
    else:
        assert ours == theirs


def test_replacing_a_profile_equals_a_rebuild() -> None:
    volunteers = [resident(id=1), resident(id=2), resident(id=3)]
    changed = replace(volunteers[1], languages={"pl": "native", "ka": "C1"}, interests=("opera",))

    patched = pool_replace(encode_pool(volunteers), [changed])

    assert_same_pool(patched, encode_pool([volunteers[0], changed, volunteers[2]]))


def test_a_volunteer_who_reached_full_capacity_leaves_the_candidates() -> None:
    volunteers = [resident(id=1), resident(id=2)]
    pool = encode_pool(volunteers)

    patched = pool_replace(pool, [replace(volunteers[0], active_matches=2)])

    assert [c.volunteer_id for c in rank(patched, newcomer_request())] == [2]


def test_removing_and_adding_volunteers_equals_a_rebuild() -> None:
    volunteers = [resident(id=i, interests=("chess", f"word{i}")) for i in range(1, 8)]
    newcomer: VolunteerInput = resident(id=20, skills=frozenset({"housing", "new_skill"}))

    patched = pool_replace(encode_pool(volunteers), [newcomer], removed_ids=[2, 5, 99])

    kept = [v for v in volunteers if v.id not in {2, 5}]
    assert_same_pool(patched, encode_pool([*kept, newcomer]))


def test_patching_a_synthetic_pool_ranks_exactly_like_a_rebuild() -> None:
    volunteers = synthetic_volunteers(3000, seed=21)
    requests = synthetic_requests(40, seed=22)
    rng = np.random.default_rng(23)
    changed = [
        replace(volunteers[i], active_matches=0, is_eligible=not volunteers[i].is_eligible)
        for i in rng.choice(len(volunteers), 50, replace=False).tolist()
    ]
    removed = rng.choice(len(volunteers), 30, replace=False) + 1
    added = synthetic_volunteers(20, seed=24)
    added = [replace(volunteer, id=volunteer.id + 10_000) for volunteer in added]

    patched = pool_replace(
        encode_pool(volunteers), [*changed, *added], removed_ids=removed.tolist()
    )

    by_id = {v.id: v for v in volunteers}
    by_id.update({v.id: v for v in [*changed, *added]})
    for volunteer_id in removed.tolist():
        if volunteer_id not in {v.id for v in changed}:
            by_id.pop(volunteer_id, None)
    rebuilt = encode_pool(list(by_id.values()))
    assert_same_pool(patched, rebuilt)
    for request in requests:
        assert rank(patched, request) == rank(rebuilt, request)
