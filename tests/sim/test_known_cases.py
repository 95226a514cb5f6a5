"""Dementia cases no queue can hold up are recorded at onset, without SimPy events.

Expected records come from hand calculation (the first tests) and, for many random cases,
from the process `dementia_case` itself: the bulk path must write bit for bit the records
the process writes, so tables stay identical (an independent implementation compared with
the one the engine used before).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import simpy

from sim.citizens import (
    Recorder,
    World,
    dementia_case,
    dementia_cases_in_bulk,
    episode,
    episodes_in_bulk,
)
from sim.derive import NO_ITEM, StageSpec
from sim.places import Places

# a pathway: 2 years without services, home nursing (item 1, trinn 7), a nursing home
# (item 2, trinn 11) until death
STAGES = (StageSpec(NO_ITEM, 0, 2.0), StageSpec(1, 7, 3.0), StageSpec(2, 11, 1.0))
COLS = ("pid", "group", "item", "trinn", "start", "end", "waited_for")


def _known(stages, lengths, now, onset, death, horizon) -> dict[str, np.ndarray]:
    rec = Recorder()
    n = len(onset)
    dementia_cases_in_bulk(rec, np.arange(n), 0, stages, np.asarray(lengths, dtype=float)
                         .reshape(n, len(stages)), now, np.asarray(onset, dtype=float),
                         np.asarray(death, dtype=float), horizon)
    return rec.columns()


def _process(stages, lengths, now, onset, death, horizon) -> dict[str, np.ndarray]:
    env = simpy.Environment(initial_time=now)
    rec = Recorder()
    world = World(env, rec, {}, SimpleNamespace(busy_until=np.zeros(len(onset))), 0, 7,
                  horizon)
    for pid, (row, t0, d) in enumerate(zip(lengths, onset, death, strict=True)):
        env.process(dementia_case(world, pid, 0, stages, list(row), t0 - now, d))
    env.run(until=horizon)
    while env.peek() <= horizon:  # as Replication.simulate: events at the horizon count
        env.step()
    return rec.columns()


def _sorted(rec: dict[str, np.ndarray]) -> np.ndarray:
    a = np.column_stack([rec[k].astype(np.float64) for k in COLS])
    return a[np.lexsort(a.T[::-1])]


def test_stages_follow_each_other_and_the_last_runs_to_the_horizon() -> None:
    # onset 1.5 in year index 1: no services to 3.5, home nursing 3.5-6.5, nursing home
    # from 6.5 to the horizon 8 (death at 10 lies beyond it)
    rec = _known(STAGES, [[2.0, 3.0, 1.0]], 1.0, [1.5], [10.0], 8.0)
    assert rec["item"].tolist() == [1, 2]
    assert rec["trinn"].tolist() == [7, 11]
    assert rec["start"].tolist() == [3.5, 6.5]
    assert rec["end"].tolist() == [6.5, 8.0]
    assert rec["waited_for"].tolist() == [0, 0]


def test_death_ends_the_pathway_in_its_stage() -> None:
    # death at 4.0, during home nursing: one record 3.5-4.0, no nursing home
    rec = _known(STAGES, [[2.0, 3.0, 1.0]], 1.0, [1.5], [4.0], 8.0)
    assert list(zip(rec["item"].tolist(), rec["start"].tolist(), rec["end"].tolist(),
                    strict=True)) == [(1, 3.5, 4.0)]


def test_case_under_way_at_the_start_begins_at_once() -> None:
    # a remainder of 0.5 years of home nursing, then the nursing home until death at 3.0
    rec = _known(STAGES[1:], [[0.5, 1.0]], 0.0, [0.0], [3.0], 17.0)
    assert rec["start"].tolist() == [0.0, 0.5]
    assert rec["end"].tolist() == [0.5, 3.0]


def test_many_random_cases_give_the_process_records_bit_for_bit() -> None:
    rng = np.random.default_rng(7)
    n = 4000
    for now, horizon in ((0.0, 17.0), (5.0, 17.0), (3.0, 3.5)):
        onset = now + np.where(rng.random(n) < 0.3, 0.0, rng.random(n))
        # deaths before, inside and after the horizon; some at the onset's stage boundary
        death = onset + rng.exponential(4.0, n)
        lengths = rng.exponential(1.5, (n, len(STAGES))) * (rng.random((n, 3)) > 0.1)
        expected = _sorted(_process(STAGES, lengths.tolist(), now, onset.tolist(),
                                    death.tolist(), horizon))
        got = _sorted(_known(STAGES, lengths, now, onset, death, horizon))
        assert len(expected) > n // 10  # not a vacuous comparison
        assert np.array_equal(got, expected)


@pytest.mark.parametrize(("places", "expected"), [
    ({}, False), ({11: "pool"}, True), ({10: "pool"}, False), ({0: "pool"}, False)])
def test_a_case_can_queue_only_for_a_limited_trinn_it_holds_a_package_on(places, expected):
    env = simpy.Environment()
    pools = {t: Places(env, 1) for t in places}
    world = World(env, Recorder(), pools, SimpleNamespace(), 0, 7, 17.0)
    assert world.can_queue(STAGES) is expected


def test_an_episode_is_the_same_journey_in_bulk_and_as_a_process() -> None:
    """`episode_journey` driven in bulk (no limit on places) and by the SimPy process (a
    limit nobody reaches): the same records and the same times the citizens are free."""
    rng = np.random.default_rng(3)
    n, horizon = 500, 6.0
    entry = rng.random(n) * 5.0
    durations = rng.exponential(2.0, n)
    death = entry + rng.exponential(4.0, n)
    bulk = Recorder()
    free_bulk = episodes_in_bulk(bulk, np.arange(n), 1, 2, 11, entry, durations, death,
                                 horizon)
    env = simpy.Environment()
    rec = Recorder()
    pop = SimpleNamespace(busy_until=np.zeros(n))
    world = World(env, rec, {11: Places(env, n)}, pop, 0, 7, horizon)
    for pid in range(n):
        env.process(episode(world, pid, 1, 2, 11, float(entry[pid]), float(durations[pid]),
                            float(death[pid])))
    env.run(until=horizon)
    while env.peek() <= horizon:
        env.step()
    assert np.array_equal(_sorted(bulk.columns()), _sorted(rec.columns()))
    # the process frees at its clock's end (entry + (end - entry)), the bulk at the end
    assert np.allclose(pop.busy_until, free_bulk, rtol=1e-15, atol=0)
    assert np.isinf(free_bulk).sum() > 10  # some stays reach the horizon
