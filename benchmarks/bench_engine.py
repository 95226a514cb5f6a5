"""Benchmark one Færder replication against bare SimPy.

Reports the time per replication (median of --reps), its event loop, the SimPy events it
schedules, peak memory (resident set size of this process) and, in the same run, the time
bare SimPy takes for the same number of events, as the yardstick: each replication's time
is reported as a multiple of bare SimPy's time for its own event count (issue 16). An event
rate is not reported: fewer events for the same model is the better engine, and a rate
rewards the opposite.

Bare SimPy: up to 1,000 processes looping over ``timeout(1)``, sized so that it schedules
exactly as many events as the replication did (process starts, timeouts and process ends
all count, as `sim.engine.CountingEnvironment` counts them); its run is timed, not its
set-up, with the cyclic garbage collector paused as the engine pauses it
(sim/engine.py), so it is not handicapped.

    python benchmarks/bench_engine.py [--reps 9] [--scenario normal] [--baseline DIR]

``--baseline DIR`` times another checkout of trappa (e.g. ``git worktree add /tmp/base
<commit>``) in the same run: two child processes, one from this checkout and one from DIR,
run the same replications through their public `run_replication`, a round of each after
each round here, so that drift in the machine's speed touches both alike and neither
child carries the benchmark's own state; the table adds both medians and the median of
the rounds' ratios.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import simpy

from models.municipality import load_municipality
from scenarios import Scenario, load_scenario, resolve_scenario_path
from sim.derive import EngineInputs, derive_inputs
from sim.engine import Replication, ReplicationResult, _collector_paused, run_replication


def bare_simpy(n_events: int, n_procs: int = 1000) -> float:
    """Return the wall time (s) bare SimPy takes to run exactly ``n_events`` events.

    Each process costs two events besides its timeouts (its start and its end), so
    ``n_procs`` is capped to leave at least one timeout each; the timeouts are shared out
    as evenly as the count allows.
    """
    n_procs = max(min(n_procs, n_events // 3), 1)
    timeouts = max(n_events - 2 * n_procs, n_procs)
    per, extra = divmod(timeouts, n_procs)
    env = simpy.Environment()

    def proc(env: simpy.Environment, n: int):  # type: ignore[no-untyped-def]
        for _ in range(n):
            yield env.timeout(1)

    for i in range(n_procs):
        env.process(proc(env, per + (i < extra)))
    gc.collect()
    with _collector_paused():
        t0 = time.perf_counter()
        env.run()
        elapsed = time.perf_counter() - t0
    scheduled = next(env._eid)  # SimPy's event counter: one per scheduled event
    if n_events >= 3 and scheduled != n_events:
        raise AssertionError(f"bare SimPy scheduled {scheduled} events, not {n_events}")
    return elapsed


#: The baseline's child: the same replications through the checkout's public entry points
#: (those of every version since issue 16), timed as `run_replication` is timed here.
_CHILD = """
import gc, sys, time
from calibration.fitted import fitted_layer
from models.municipality import load_municipality
from scenarios import load_scenario, resolve_scenario_path
from sim.derive import derive_inputs
from sim.engine import run_replication
s = load_scenario(resolve_scenario_path(sys.argv[1]))
m = load_municipality(s.municipality)
inputs = derive_inputs(m, s.start_year, s.end_year, fitted_layer(m))
run_replication(inputs, s, 0, s.seed)
print("ready", flush=True)
for line in sys.stdin:
    gc.collect()
    t = time.perf_counter()
    res = run_replication(inputs, s, int(line), s.seed)
    print(time.perf_counter() - t, res.events, flush=True)
"""


class Baseline:
    """Another checkout's replications, one round at a time (a child process)."""

    def __init__(self, folder: Path, scenario: str) -> None:
        self.child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, scenario], cwd=folder, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(folder.resolve())})
        if self.child.stdin is None or self.child.stdout is None:
            raise RuntimeError("no pipe to the baseline")
        self.stdin, self.stdout = self.child.stdin, self.child.stdout
        if self.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the baseline in {folder} did not start")

    def round(self, replication: int) -> tuple[float, int]:
        """Run one replication there; return its wall time and SimPy events."""
        self.stdin.write(f"{replication}\n")
        self.stdin.flush()
        wall, events = self.stdout.readline().split()
        return float(wall), int(events)

    def close(self) -> None:
        """End the child."""
        self.stdin.close()
        self.child.wait()


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
    ap.add_argument("--baseline", type=Path, metavar="DIR",
                    help="another checkout to time in the same run")
    args = ap.parse_args()
    baseline = Baseline(args.baseline, args.scenario) if args.baseline else None
    this = (Baseline(Path(__file__).resolve().parents[1], args.scenario) if args.baseline
            else None)
    scenario = load_scenario(resolve_scenario_path(args.scenario))
    t0 = time.perf_counter()
    from calibration.fitted import fitted_layer
    m = load_municipality(scenario.municipality)
    inputs = derive_inputs(m, scenario.start_year, scenario.end_year, fitted_layer(m))
    setup = time.perf_counter() - t0
    run_replication(inputs, scenario, 0, scenario.seed)  # warm-up (imports, caches)
    # rounds of (replication, bare SimPy) so that drift in the machine's speed touches both
    # alike; each figure is the median over the rounds, each multiple the median of the
    # rounds' own multiples
    walls, loops, events, bares, base_walls, base_events = [], [], [], [], [], []
    this_walls: list[float] = []
    for r in range(1, args.reps + 1):
        t = time.perf_counter()
        res, loop = timed_replication(inputs, scenario, r, scenario.seed)
        walls.append(time.perf_counter() - t)
        loops.append(loop)
        events.append(res.events)
        bares.append(bare_simpy(res.events))
        if baseline is not None and this is not None:
            wall, n = baseline.round(r)
            base_walls.append(wall)
            base_events.append(n)
            this_walls.append(this.round(r)[0])
        print(f"round {r}/{args.reps}: {walls[-1]:.3f} s, event loop {loops[-1]:.3f} s, "
              f"{res.events:,} events, bare SimPy {bares[-1] * 1e3:.1f} ms "
              f"(x {walls[-1] / bares[-1]:.1f})", file=sys.stderr)

    def median_ratio(num: list[float], den: list[float]) -> float:
        return statistics.median(a / b for a, b in zip(num, den, strict=True))

    if baseline is not None and this is not None:
        baseline.close()
        this.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = os.getloadavg()
    print(f"| measure | value |\n|---|---|\n"
          f"| inputs (once per run) | {setup:.2f} s |\n"
          f"| **one replication 2024-2040** (median of {args.reps}; rounds "
          f"{min(walls):.3f}-{max(walls):.3f} s) | {statistics.median(walls):.3f} s |\n"
          f"| of which the event loop (SimPy, with the year process's onsets, births and "
          f"migration) | {statistics.median(loops):.3f} s |\n"
          f"| SimPy events per replication (median) | {statistics.median(events):,.0f} |\n"
          f"| bare SimPy, the same number of events (its run timed, not its set-up) "
          f"| {statistics.median(bares) * 1e3:.1f} ms |\n"
          f"| **one replication / bare SimPy, same events** "
          f"| {median_ratio(walls, bares):.1f} x |\n"
          f"| event loop / bare SimPy, same events | {median_ratio(loops, bares):.1f} x |\n"
          f"| peak memory (RSS) | {peak_mb:.0f} MB |\n"
          f"| load average at the end (1, 5, 15 min) "
          f"| {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} |")
    if baseline is not None:
        print(f"| **this checkout in a child process: one replication** (rounds "
              f"{min(this_walls):.3f}-{max(this_walls):.3f} s) "
              f"| {statistics.median(this_walls):.3f} s |\n"
              f"| **baseline {args.baseline}: one replication** (rounds "
              f"{min(base_walls):.3f}-{max(base_walls):.3f} s) "
              f"| {statistics.median(base_walls):.3f} s |\n"
              f"| baseline SimPy events per replication (median) "
              f"| {statistics.median(base_events):,.0f} |\n"
              f"| **this / baseline, one replication, both in child processes** (median of "
              f"the rounds' ratios) | {median_ratio(this_walls, base_walls):.3f} |")


if __name__ == "__main__":
    main()
