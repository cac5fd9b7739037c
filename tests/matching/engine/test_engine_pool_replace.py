"""`pool_replace` patches a snapshot; the result is exactly a rebuild from the same volunteers."""

from dataclasses import fields, replace
from typing import Any

import numpy as np
import pytest
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


# When only `active_matches` changes (an approved match, pending proposals), `pool_replace`
# patches the pool instead of rebuilding it: the patched table shares every other array.


def patched_in_place(patched: Pool, pool: Pool) -> bool:
    return patched.table.levels is pool.table.levels


def read_only(pool: Pool) -> bool:
    return all(
        not value.flags.writeable
        for holder in (pool, pool.table)
        for value in vars(holder).values()
        if isinstance(value, np.ndarray)
    )


def test_one_more_match_with_a_place_left_patches_the_pool() -> None:
    volunteers = [resident(id=1, capacity=3), resident(id=2), resident(id=3)]
    pool = encode_pool(volunteers)
    changed = replace(volunteers[0], active_matches=1)

    patched = pool_replace(pool, [changed])

    assert patched_in_place(patched, pool)
    assert patched.interests is pool.interests
    assert_same_pool(patched, encode_pool([changed, *volunteers[1:]]))
    assert read_only(patched)


def test_a_volunteer_who_became_full_leaves_the_layout_and_every_posting() -> None:
    volunteers = [
        resident(id=1, languages={"pl": "native", "uk": "B2", "en": "C1"}),
        resident(id=2, languages={"pl": "native", "uk": "C2", "en": "B1", "de": "A2"}),
        resident(id=3, languages={"pl": "B2", "uk": "native", "de": "C1"}),
        resident(id=4, languages={"uk": "native"}, lat=50.0647, lon=19.9450),
        resident(id=5, modes=frozenset({"online"}), languages={"en": "native", "de": "B2"}),
    ]
    pool = encode_pool(volunteers)
    changed = [replace(volunteers[1], active_matches=2), replace(volunteers[3], active_matches=1)]

    patched = pool_replace(pool, changed)

    assert patched_in_place(patched, pool)
    rebuilt = encode_pool([volunteers[0], changed[0], volunteers[2], changed[1], volunteers[4]])
    assert_same_pool(patched, rebuilt)
    assert 2 not in patched.ids.tolist()
    assert read_only(patched)
    assert patched.layout_row_of_table_row[1] == -1
    assert [c.volunteer_id for c in rank(patched, newcomer_request())] == [
        c.volunteer_id for c in rank(rebuilt, newcomer_request())
    ]


# Few leaving volunteers are cut out in runs, many with a mask (see `_without_runs`).
@pytest.mark.parametrize("count", [10, 60])
def test_volunteers_becoming_full_in_a_synthetic_pool_rank_exactly_like_a_rebuild(
    count: int,
) -> None:
    volunteers = synthetic_volunteers(3000, seed=31)
    pool = encode_pool(volunteers)
    rng = np.random.default_rng(32)
    matchable = [v for v in volunteers if v.is_eligible and v.capacity - v.active_matches > 0]
    chosen = rng.choice(len(matchable), count, replace=False).tolist()
    changed = [
        replace(matchable[i], active_matches=matchable[i].capacity)  # full: leaves
        if position % 2
        else replace(matchable[i], active_matches=matchable[i].active_matches + 1)
        for position, i in enumerate(chosen)
    ]

    patched = pool_replace(pool, changed)

    assert patched_in_place(patched, pool)
    assert (
        len(pool) - len(patched)
        == sum(v.active_matches >= v.capacity for v in changed)
        >= count // 2
    )
    by_id = {v.id: v for v in volunteers}
    by_id.update({v.id: v for v in changed})
    rebuilt = encode_pool(list(by_id.values()))
    assert_same_pool(patched, rebuilt)
    for request in synthetic_requests(40, seed=33):
        assert rank(patched, request) == rank(rebuilt, request)


def test_a_full_volunteer_with_a_place_again_is_rebuilt_into_the_layout() -> None:
    volunteers = [resident(id=1, active_matches=2), resident(id=2), resident(id=3)]
    pool = encode_pool(volunteers)
    changed = replace(volunteers[0], active_matches=1)

    patched = pool_replace(pool, [changed])

    assert not patched_in_place(patched, pool)
    assert_same_pool(patched, encode_pool([changed, *volunteers[1:]]))
    assert 1 in patched.ids.tolist()


def test_a_change_beyond_active_matches_is_rebuilt() -> None:
    volunteers = [resident(id=1, capacity=3), resident(id=2), resident(id=3)]
    pool = encode_pool(volunteers)
    changed = [
        replace(volunteers[0], active_matches=1),
        replace(volunteers[1], active_matches=1, interests=("chess", "opera")),
    ]

    patched = pool_replace(pool, changed)

    assert not patched_in_place(patched, pool)
    assert_same_pool(patched, encode_pool([*changed, volunteers[2]]))


def test_a_term_moving_from_one_changed_volunteer_to_the_next_is_rebuilt() -> None:
    volunteers = [
        resident(id=1, capacity=3, interests=("chess", "go")),
        resident(id=2, capacity=3, interests=("opera",)),
    ]
    pool = encode_pool(volunteers)
    changed = [
        replace(volunteers[0], active_matches=1, interests=("chess",)),
        replace(volunteers[1], active_matches=1, interests=("go", "opera")),
    ]

    patched = pool_replace(pool, changed)

    assert not patched_in_place(patched, pool)
    assert_same_pool(patched, encode_pool(changed))


def test_each_kind_of_profile_change_is_rebuilt() -> None:
    base = resident(id=1, capacity=3)
    others = [resident(id=2), resident(id=3, lat=None, lon=None)]
    pool = encode_pool([base, *others])
    for change in (
        {"languages": {"pl": "native", "uk": "C1"}},
        {"skills": frozenset({"housing"})},
        {"interests": ("chess", "go")},
        {"lat": 52.0},
        {"lon": None},
        {"max_distance_km": 31.0},
        {"days": frozenset({"tue"})},
        {"modes": frozenset({"online"})},
        {"hours_per_week": 3},
        {"capacity": 4},
        {"is_eligible": False},
        {"has_valid_safeguarding": False},
    ):
        changed = replace(base, active_matches=1, **change)

        patched = pool_replace(pool, [changed])

        assert not patched_in_place(patched, pool), change
        assert_same_pool(patched, encode_pool([changed, *others]))


def test_an_ineligible_volunteer_whose_matches_change_stays_out_of_the_layout() -> None:
    volunteers = [resident(id=1, is_eligible=False), resident(id=2, lat=None, lon=None)]
    pool = encode_pool(volunteers)
    changed = [
        replace(volunteers[0], active_matches=1),
        replace(volunteers[1], active_matches=1),
    ]

    patched = pool_replace(pool, changed)

    assert patched_in_place(patched, pool)
    assert_same_pool(patched, encode_pool(changed))
    assert patched.ids.tolist() == [2]


def test_a_removal_or_an_unknown_volunteer_is_rebuilt() -> None:
    volunteers = [resident(id=1, capacity=3), resident(id=2), resident(id=3)]
    pool = encode_pool(volunteers)
    changed = replace(volunteers[0], active_matches=1)

    removing = pool_replace(pool, [changed], removed_ids=[3])
    joining = pool_replace(pool, [changed, resident(id=4)])

    assert not patched_in_place(removing, pool)
    assert_same_pool(removing, encode_pool([changed, volunteers[1]]))
    assert not patched_in_place(joining, pool)
    assert_same_pool(joining, encode_pool([changed, *volunteers[1:], resident(id=4)]))
