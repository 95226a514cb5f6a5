"""Capacity and waiting: a metamorphic test (more places, shorter waits) and the queue itself."""

from __future__ import annotations

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
        with pool.request() as req:
            yield req
            order.append((name, env.now))
            yield env.timeout(stay)

    for name, arrive in (("a", 0), ("b", 1), ("c", 2)):
        env.process(citizen(name, arrive, 5))
    env.run()
    assert order == [("a", 0), ("b", 5), ("c", 10)]


def test_two_places_three_citizens_the_third_gets_the_first_freed_place():
    """SimPy's own tests' style: an exact event log. Places 2; a stays 4, b stays 3, c
    arrives at 1 and waits; b leaves first (at 3), so c enters at 3 and leaves at 8."""
    env = simpy.Environment()
    pool = Places(env, capacity=2)
    log = []

    def citizen(name, arrive, stay):
        yield env.timeout(arrive)
        log.append((env.now, name, "asks", pool.occupied))
        with pool.request() as req:
            yield req
            log.append((env.now, name, "enters", pool.occupied))
            yield env.timeout(stay)
        log.append((env.now, name, "leaves", pool.occupied))

    for name, arrive, stay in (("a", 0, 4), ("b", 0, 3), ("c", 1, 5)):
        env.process(citizen(name, arrive, stay))
    env.run()
    assert log == [(0, "a", "asks", 0), (0, "b", "asks", 1), (0, "a", "enters", 2),
                   (0, "b", "enters", 2), (1, "c", "asks", 2),
                   (3, "b", "leaves", 2),  # the freed place went to c at once
                   (3, "c", "enters", 2), (4, "a", "leaves", 1), (8, "c", "leaves", 0)]


def test_places_capacity_growth_admits_waiting():
    env = simpy.Environment()
    pool = Places(env, capacity=0)
    got = []

    def citizen(name):
        with pool.request() as req:
            yield req
            got.append((name, env.now))
            yield env.timeout(10)

    def council():
        yield env.timeout(3)
        pool.set_capacity(2)

    for name in "abc":
        env.process(citizen(name))
    env.process(council())
    env.run(until=5)
    assert got == [("a", 3), ("b", 3)]   # the two first in line, the third still waits


def test_a_smaller_capacity_evicts_no_one_and_admits_no_one_until_below_it():
    env = simpy.Environment()
    pool = Places(env, capacity=2)
    got = []

    def citizen(name, arrive, stay):
        yield env.timeout(arrive)
        with pool.request() as req:
            yield req
            got.append((name, env.now))
            yield env.timeout(stay)

    def council():
        yield env.timeout(1)
        pool.set_capacity(1)

    for name, arrive, stay in (("a", 0, 2), ("b", 0, 4), ("c", 1.5, 1)):
        env.process(citizen(name, arrive, stay))
    env.process(council())
    env.run()
    # a leaves at 2 but b still holds the one place; c enters when b leaves at 4
    assert got == [("a", 0), ("b", 0), ("c", 4)]


def test_a_request_given_up_leaves_the_queue():
    env = simpy.Environment()
    pool = Places(env, capacity=0)
    outcome = []

    def impatient():
        with pool.request() as req:
            yield req | env.timeout(2)
            outcome.append((env.now, req.triggered))

    env.process(impatient())
    env.run()
    pool.set_capacity(1)
    assert outcome == [(2, False)]
    assert pool.occupied == 0
    assert len(pool.queue) == 0
