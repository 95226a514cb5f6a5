"""Benchmark one Færder replication against bare SimPy.

Reports wall time per replication (median of --reps), events per second, peak memory
(resident set size of this process) and, in the same run, bare SimPy processing the same
number of timeout events, so the engine's event rate is a ratio to SimPy's own limit.

Two SimPy-only references, both with the cyclic garbage collector paused as the engine
pauses it (sim/engine.py), so neither is handicapped:

- bare SimPy: 1,000 processes each looping over timeouts (the issue's reference, ~0.7-0.9
  million events/s on the reference machine);
- SimPy with the engine's event pattern but no model work: one process per stay, started
  in yearly batches, each with one exponential timeout (mean 2 years), i.e. three events
  per process (start, timeout, end). This is the ceiling of any engine that makes each stay
  in a trinn a process.

    python benchmarks/bench_engine.py [--reps 9] [--scenario normal]
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time

import numpy as np
import simpy

from models.municipality import load_municipality
from scenarios import Scenario, load_scenario, resolve_scenario_path
from sim.derive import EngineInputs, derive_inputs
from sim.engine import Replication, ReplicationResult, _collector_paused, run_replication


def _timed_run(env: simpy.Environment) -> float:
    """Run ``env`` to the end with the collector paused; return its events per second."""
    gc.collect()
    gc.disable()
    try:
        t0 = time.perf_counter()
        env.run()
        elapsed = time.perf_counter() - t0
    finally:
        gc.enable()
    return next(env._eid) / elapsed  # SimPy's event counter, as the engine reports it


def bare_simpy(n_events: int, n_procs: int = 1000) -> float:
    """Return bare SimPy's rate (timeout events per second) for ``n_events`` events."""
    env = simpy.Environment()
    per = max(n_events // n_procs, 1)

    def proc(env: simpy.Environment):  # type: ignore[no-untyped-def]
        for _ in range(per):
            yield env.timeout(1)

    for _ in range(n_procs):
        env.process(proc(env))
    return _timed_run(env)


def stay_pattern(n_events: int, n_years: int = 17) -> float:
    """Return SimPy's rate for the engine's pattern: a process per stay, one timeout each."""
    env = simpy.Environment()
    per_year = max(n_events // 3 // n_years, 1)
    lengths = np.random.default_rng(0).exponential(2.0, (n_years, per_year)).tolist()

    def stay(env: simpy.Environment, years: float):  # type: ignore[no-untyped-def]
        yield env.timeout(years)

    def years(env: simpy.Environment):  # type: ignore[no-untyped-def]
        for k in range(n_years):
            for length in lengths[k]:
                env.process(stay(env, length))
            yield env.timeout(1)

    env.process(years(env))
    return _timed_run(env)


def timed_replication(inputs: EngineInputs, scenario: Scenario, replication: int,
                      seed: int) -> tuple[ReplicationResult, float]:
    """Run one replication as `run_replication` does; return it and its event loop's wall
    time (SimPy with the year process's onsets, births and migration, without the start
    state or the tables). The timing is the benchmark's: the engine's result holds none."""
    rep = Replication(inputs, scenario, replication, seed)
    with _collector_paused():
        rep.start()
        t0 = time.perf_counter()
        rep.simulate()
        loop = time.perf_counter() - t0
        return rep.tables(), loop


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=9)
    ap.add_argument("--scenario", default="normal")
    args = ap.parse_args()
    scenario = load_scenario(resolve_scenario_path(args.scenario))
    t0 = time.perf_counter()
    from calibration.fitted import fitted_layer
    m = load_municipality(scenario.municipality)
    inputs = derive_inputs(m, scenario.start_year, scenario.end_year, fitted_layer(m))
    setup = time.perf_counter() - t0
    run_replication(inputs, scenario, 0, scenario.seed)  # warm-up (imports, caches)
    # rounds of (replication, bare SimPy, stay pattern) so that drift in the machine's speed
    # touches all three alike; each figure is the median over the rounds
    walls, loops, events, bares, patterns = [], [], [], [], []
    for r in range(1, args.reps + 1):
        t = time.perf_counter()
        res, loop = timed_replication(inputs, scenario, r, scenario.seed)
        walls.append(time.perf_counter() - t)
        loops.append(loop)
        events.append(res.events)
        bares.append(bare_simpy(res.events))
        patterns.append(stay_pattern(res.events))
        print(f"round {r}/{args.reps}: {walls[-1]:.2f} s, event loop {loops[-1]:.2f} s, "
              f"{res.events / loops[-1] / bares[-1]:.0%} of bare SimPy", file=sys.stderr)

    def median_ratio(num: list[float], den: list[float]) -> float:
        return statistics.median(a / b for a, b in zip(num, den, strict=True))

    loop_rates = [e / s for e, s in zip(events, loops, strict=True)]
    wall_rates = [e / s for e, s in zip(events, walls, strict=True)]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"| measure | value |\n|---|---|\n"
          f"| inputs (once per run) | {setup:.2f} s |\n"
          f"| one replication 2024-2040 (median of {args.reps}) "
          f"| {statistics.median(walls):.2f} s |\n"
          f"| of which the event loop (SimPy, with the year process's onsets, births and "
          f"migration) | {statistics.median(loops):.2f} s |\n"
          f"| SimPy events per replication (median) | {statistics.median(events):,.0f} |\n"
          f"| bare SimPy events/s (same count; its run timed, not its set-up) "
          f"| {statistics.median(bares):,.0f} |\n"
          f"| engine events/s over the event loop (the same window) "
          f"| {statistics.median(loop_rates):,.0f} |\n"
          f"| **engine rate / bare SimPy, same window** | {median_ratio(loop_rates, bares):.0%} |\n"
          f"| engine events/s over the whole replication (with set-up and tables) "
          f"| {statistics.median(wall_rates):,.0f} |\n"
          f"| whole replication / bare SimPy | {median_ratio(wall_rates, bares):.0%} |\n"
          f"| SimPy alone, a process per stay (events/s) | {statistics.median(patterns):,.0f} |\n"
          f"| that pattern / bare SimPy: the ceiling of this design "
          f"| {median_ratio(patterns, bares):.0%} |\n"
          f"| peak memory (RSS) | {peak_mb:.0f} MB |")


if __name__ == "__main__":
    main()
