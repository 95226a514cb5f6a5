"""Benchmark one Færder replication against bare SimPy.

Reports wall time per replication (median of --reps), events per second, peak memory
(resident set size of this process) and, in the same run, bare SimPy processing the same
number of timeout events, so the engine's event rate is a ratio to SimPy's own limit.

    python benchmarks/bench_engine.py [--reps 5] [--scenario normal]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

import simpy

from models.municipality import load_municipality
from scenarios import load_scenario, resolve_scenario_path
from sim.engine import run_replication
from sim.inputs import build_inputs


def bare_simpy(n_events: int, n_procs: int = 1000) -> float:
    """Return bare SimPy's rate (timeout events per second) for ``n_events`` events."""
    env = simpy.Environment()
    per = max(n_events // n_procs, 1)

    def proc(env: simpy.Environment):  # type: ignore[no-untyped-def]
        for _ in range(per):
            yield env.timeout(1)

    for _ in range(n_procs):
        env.process(proc(env))
    t0 = time.perf_counter()
    env.run()
    return n_procs * per / (time.perf_counter() - t0)


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--scenario", default="normal")
    args = ap.parse_args()
    scenario = load_scenario(resolve_scenario_path(args.scenario))
    t0 = time.perf_counter()
    from calibration.fitted import load_fitted
    inputs = build_inputs(load_municipality(scenario.municipality), scenario.start_year,
                          scenario.end_year, overrides=load_fitted(scenario.municipality))
    setup = time.perf_counter() - t0
    run_replication(inputs, scenario, 0, scenario.seed)  # warm-up (imports, caches)
    times, events = [], 0
    for r in range(1, args.reps + 1):
        t = time.perf_counter()
        res = run_replication(inputs, scenario, r, scenario.seed)
        times.append(time.perf_counter() - t)
        events = res.events
    wall = statistics.median(times)
    rate = events / wall
    bare = statistics.median(bare_simpy(events) for _ in range(3))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"| measure | value |\n|---|---|\n"
          f"| inputs (once per run) | {setup:.2f} s |\n"
          f"| one replication 2024-2040 (median of {args.reps}) | {wall:.2f} s |\n"
          f"| SimPy events per replication | {events:,} |\n"
          f"| engine events/s | {rate:,.0f} |\n"
          f"| bare SimPy events/s (same count) | {bare:,.0f} |\n"
          f"| engine rate / bare SimPy | {rate / bare:.0%} |\n"
          f"| peak memory (RSS) | {peak_mb:.0f} MB |")


if __name__ == "__main__":
    main()
