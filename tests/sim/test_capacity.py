"""Capacity and waiting: a metamorphic test (more places, shorter waits) and the queue itself."""

from __future__ import annotations

import pytest
import simpy

from scenarios import load_scenario
from sim.engine import run_replication
from sim.places import Places
from tests.sim.conftest import scenario_file

SEED = 99


def _waits(short_inputs, tmp_path, places: int, rep: int) -> float:
    s = load_scenario(scenario_file(tmp_path, "normal", name=f"cap{places}",
                                    extra=f'[capacity]\n"11" = {{ 2024 = {places} }}\n'))
    y = run_replication(short_inputs, s, rep, SEED).yearly
    return float(y.loc[y.trinn == 11, "wait_years"].sum())


def test_more_places_shorter_waits(short_inputs, tmp_path):
    for rep in range(2):
        tight, loose, ample = (_waits(short_inputs, tmp_path, n, rep) for n in (100, 125, 400))
        assert tight > loose > 0
        assert ample == 0


def test_unconstrained_has_no_waiting(short_inputs, short_scenarios):
    y = run_replication(short_inputs, short_scenarios["normal"], 0, SEED).yearly
    assert y["waiting"].sum() == 0
    assert y["wait_years"].sum() == 0


def test_places_queue_is_first_come_first_served():
    env = simpy.Environment()
    pool = Places(env, capacity=1)
    order = []

    def citizen(name, arrive, stay):
        yield env.timeout(arrive)
        req = pool.request()
        yield req
        order.append((name, env.now))
        yield env.timeout(stay)
        pool.release()

    for name, arrive in (("a", 0), ("b", 1), ("c", 2)):
        env.process(citizen(name, arrive, 5))
    env.run()
    assert order == [("a", 0), ("b", 5), ("c", 10)]


def test_places_capacity_growth_admits_waiting():
    env = simpy.Environment()
    pool = Places(env, capacity=0)
    got = []

    def citizen():
        yield pool.request()
        got.append(env.now)

    def council():
        yield env.timeout(3)
        pool.set_capacity(1)

    env.process(citizen())
    env.process(council())
    env.run()
    assert got == [3]


def test_cancelled_request_leaves_the_queue():
    env = simpy.Environment()
    pool = Places(env, capacity=0)
    req = pool.request()
    pool.cancel(req)
    pool.set_capacity(1)
    assert pool.occupied == 0
    assert not req.triggered
    with pytest.raises(ValueError, match="not in deque"):
        pool.cancel(env.event())  # not waiting: not in the queue
