"""The start state's memo (sim/startcache.py): a replication is bit for bit the same with or
without it, a change in anything a memoised step reads is a new key, and it stays bounded.

`run_replication` runs without the memo (the reference); inside `startcache.active` (as
`run_summary` runs) it uses it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from calibration.parameters import load_space
from calibration.simulate import moments, one_year
from calibration.targets import build_targets
from models.municipality import load_municipality
from scenarios import load_scenario, resolve_scenario_path
from sim import startcache
from sim.engine import Replication, run_replication
from sim.randomness import INITIAL_DEMENTIA_COUNTER, RepeatedDrawError, Stream

SEED = 11


@pytest.fixture(autouse=True)
def _empty_memo():
    startcache.clear()
    yield
    startcache.clear()


def _memo_run(inputs, scenario, r):
    with startcache.active():
        return run_replication(inputs, scenario, r, SEED)


def _assert_same_tables(a, b) -> None:
    for name in ("yearly", "population", "demography"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert a.events == b.events


def test_a_replication_from_the_memo_equals_one_computed_afresh(short_inputs, short_scenarios):
    scenario = short_scenarios["proactive"]
    fresh = [run_replication(short_inputs, scenario, r, SEED) for r in (0, 1)]
    assert startcache.size() == (0, 0)  # off outside `active`
    first = [_memo_run(short_inputs, scenario, r) for r in (0, 1)]  # fills the memo
    misses = startcache.stats["misses"]
    assert misses == 8  # four steps per replication: death, dementia, factors, order
    again = [_memo_run(short_inputs, scenario, r) for r in (0, 1)]
    assert startcache.stats["hits"] == 8
    assert startcache.stats["misses"] == misses
    for a, b, c in zip(fresh, first, again, strict=True):
        _assert_same_tables(a, b)
        _assert_same_tables(a, c)
    # another strategy starts from the same state: it reads the memo, and is still its own
    other = short_scenarios["reactive"]
    alone = run_replication(short_inputs, other, 1, SEED)
    _assert_same_tables(alone, _memo_run(short_inputs, other, 1))
    assert startcache.stats["misses"] == misses


def test_a_value_another_process_computed_is_read_not_computed(short_inputs, short_scenarios,
                                                              tmp_path, monkeypatch):
    # the process backend's workers of a calibration share their memo through a folder
    # (startcache.spill); another process is this one with its memo emptied
    scenario = short_scenarios["normal"]
    fresh = run_replication(short_inputs, scenario, 0, SEED)
    monkeypatch.setattr(startcache, "_folder", None)
    startcache.spill(tmp_path)
    first = _memo_run(short_inputs, scenario, 0)
    assert startcache.stats == {"hits": 0, "read": 0, "misses": 4}
    assert len(list(tmp_path.glob("*.npy"))) == 4
    assert not list(tmp_path.glob("*.part"))
    startcache.clear()  # "another process": nothing in its memo, the same folder
    second = _memo_run(short_inputs, scenario, 0)
    assert startcache.stats == {"hits": 0, "read": 4, "misses": 0}
    _assert_same_tables(fresh, first)
    _assert_same_tables(fresh, second)
    # a file that cannot be read is computed instead (and the result is the same)
    for f in tmp_path.glob("*.npy"):
        f.write_bytes(b"not an array")
    startcache.clear()
    third = _memo_run(short_inputs, scenario, 0)
    assert startcache.stats == {"hits": 0, "read": 0, "misses": 4}
    _assert_same_tables(fresh, third)
    startcache.spill(None)


def test_calibration_moments_at_new_entry_scales_equal_those_without_the_memo():
    m = load_municipality("faerder")
    scenario = one_year(load_scenario(resolve_scenario_path("normal")))
    targets = tuple(t for t in build_targets(m) if t.fitted and t.weight > 0)
    space = load_space(m)
    values = [0.8 if n == "entry_scale:*:11" else 1.3 if n == "entry_scale:frail_elderly:*"
              else 1.0 for n in space.names]
    assert sorted(values) != [1.0] * len(values)
    trial = space.overrides(values)
    with startcache.disabled():
        expected = moments(m, scenario, trial, targets, 2, SEED)
    first = moments(m, scenario, {}, targets, 2, SEED)  # an earlier trial fills the memo
    got = moments(m, scenario, trial, targets, 2, SEED)
    assert startcache.stats["hits"] == 8
    np.testing.assert_array_equal(got, expected)
    assert not np.array_equal(first, got)  # the trial's scales act (after the start)


@pytest.mark.parametrize("change", ["prevalence", "stage shape", "mortality"])
def test_a_change_in_what_a_step_reads_is_a_new_key(short_inputs, short_scenarios, change):
    scenario = short_scenarios["normal"]
    inp = short_inputs
    if change == "prevalence":  # which citizens have dementia at the start
        changed = dataclasses.replace(inp, prevalence=dataclasses.replace(
            inp.prevalence, prevalent=inp.prevalence.prevalent + 40))
    elif change == "stage shape":  # the cases' stage factors
        changed = dataclasses.replace(inp, dementia_pathways=dataclasses.replace(
            inp.dementia_pathways, stage_shape=inp.dementia_pathways.stage_shape * 1.5))
    else:  # everyone's death time
        changed = dataclasses.replace(inp, epidemiology=dataclasses.replace(
            inp.epidemiology, cum_free=inp.epidemiology.cum_free * 1.1))
    expected = run_replication(changed, scenario, 0, SEED)
    before = run_replication(inp, scenario, 0, SEED)
    _memo_run(inp, scenario, 0)  # the memo now holds the unchanged start
    got = _memo_run(changed, scenario, 0)
    assert startcache.stats["misses"] > 4
    _assert_same_tables(got, expected)
    # the change shows in the tables (else this test could not fail)
    assert not before.yearly.equals(expected.yearly)


def test_a_hit_still_claims_its_draws(short_inputs, short_scenarios):
    scenario = short_scenarios["normal"]
    with startcache.active():
        Replication(short_inputs, scenario, 0, SEED).start()
        rep = Replication(short_inputs, scenario, 0, SEED)
        rep.start()  # from the memo
    assert startcache.stats["hits"] == 4
    with pytest.raises(RepeatedDrawError):
        rep.draws.uniforms(np.arange(10), Stream.INITIAL_STATE, INITIAL_DEMENTIA_COUNTER)


def test_the_memo_is_bounded_and_read_only(short_inputs, short_scenarios, monkeypatch):
    scenario = short_scenarios["normal"]
    _memo_run(short_inputs, scenario, 0)
    entries, held = startcache.size()
    assert entries == 4
    # room for one replication's steps and a little: the first stay, nothing new is kept
    monkeypatch.setattr(startcache, "MAX_BYTES", held + 1000)
    for r in (1, 2, 3):
        _assert_same_tables(run_replication(short_inputs, scenario, r, SEED),
                            _memo_run(short_inputs, scenario, r))
        assert startcache.size()[1] <= held + 1000
    assert startcache.size()[0] < 4 * 4
    _memo_run(short_inputs, scenario, 0)
    assert startcache.stats["hits"] == 4  # replication 0's steps stayed
    value = next(iter(startcache._store.values()))
    with pytest.raises(ValueError, match="read-only"):
        value[0] = value[0]


def test_keys_tell_arrays_apart_by_dtype_shape_and_values():
    a = np.arange(6, dtype=np.int64)
    keys = {startcache.key("s", a), startcache.key("s", a.astype(np.int32)),
            startcache.key("s", a.reshape(2, 3)), startcache.key("s", a + 1),
            startcache.key("t", a), startcache.key("s", a, 1.0), startcache.key("s", a, 1)}
    assert len(keys) == 7
    assert startcache.key("s", a, 2.5) == startcache.key("s", a.copy(), 2.5)
