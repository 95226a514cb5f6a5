"""Benchmark the backends: replications per minute with 1 and 2 workers, parallel
efficiency, and Ray's overhead per task.

Each backend runs the same Færder replications of one scenario (full horizon) through its
own entry point (`runners.backends.open_backend` + `runners.schedule.run_tasks`, streaming
to a temporary run directory as a real run does). Reported per backend and worker count:

* start-up: starting the backend (worker processes, a local Ray instance) plus a warm-up
  batch of one replication per worker, so that every worker has imported the engine;
* steady rate: replications per minute after that (what a long sweep sees);
* end to end: start-up and the replications together, per minute;
* efficiency at 2 workers: steady rate with 2 / (2 x steady rate with 1).

Ray's overhead per task is the round trip of a no-op task (submit, run, get), one at a
time, on the same local instance. Print a Markdown table.

    python benchmarks/bench_backends.py [--reps 16] [--repeat 3] [--scenario normal]
                                        [--backends serial process ray]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from runners.backends import open_backend
from runners.plan import Plan
from runners.run import prepare
from runners.schedule import run_tasks
from runners.stream import StreamDir
from scenarios import load_scenario, resolve_scenario_path


@dataclass(frozen=True)
class Timing:
    """One backend and worker count."""

    backend: str
    workers: int
    startup: float
    seconds: float
    reps: int

    @property
    def steady_per_min(self) -> float:
        """Replications per minute after start-up."""
        return self.reps / self.seconds * 60

    @property
    def total_per_min(self) -> float:
        """Replications per minute including start-up."""
        return self.reps / (self.startup + self.seconds) * 60


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def time_backend(plan: Plan, backend: str, workers: int, reps: int) -> Timing:
    """Run ``reps`` replications after a warm-up of one per worker; return the timing."""
    shared, _ = prepare(plan.scenarios, plan.seed, plan.draws)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        stream = StreamDir.create(Path(tmp) / "run", plan.manifest())
        t0 = time.perf_counter()
        kw = {} if backend == "serial" else {"workers": workers}
        with open_backend(backend, shared, **kw) as b:  # type: ignore[arg-type]
            warm = list(range(reps, reps + workers))  # replicates not timed
            failures = run_tasks(b, plan, warm, stream, size=1)
            t1 = time.perf_counter()
            failures += run_tasks(b, plan, list(range(reps)), stream)
            t2 = time.perf_counter()
    if failures:
        raise SystemExit(f"{backend}: {len(failures)} task(s) failed: {failures[0].describe()}")
    return Timing(backend, workers, t1 - t0, t2 - t1, reps)


def ray_overhead(n: int = 200) -> tuple[float, float]:
    """Return (round trip of one no-op task, per-task cost of n in parallel), seconds."""
    import ray

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             logging_level="ERROR")
    try:
        noop = ray.remote(num_cpus=1)(lambda: None)
        ray.get([noop.remote() for _ in range(10)])  # warm the workers
        t = time.perf_counter()
        for _ in range(n):
            ray.get(noop.remote())
        serial = (time.perf_counter() - t) / n
        t = time.perf_counter()
        ray.get([noop.remote() for _ in range(n)])
        parallel = (time.perf_counter() - t) / n
    finally:
        ray.shutdown()
    return serial, parallel


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=16, help="timed replications per case")
    ap.add_argument("--repeat", type=int, default=3,
                    help="rounds over all cases; the table shows each case's median")
    ap.add_argument("--scenario", default="normal")
    ap.add_argument("--backends", nargs="+", default=["serial", "process", "ray"])
    args = ap.parse_args()
    scenario = load_scenario(resolve_scenario_path(args.scenario))
    plan = Plan(name="bench", scenarios=(scenario,), seed=scenario.seed,
                runs=args.reps + 2)
    cases = [(b, w) for b in args.backends for w in ((1,) if b == "serial" else (1, 2))]
    load_before = _load()
    # rounds over the cases, not one case after another: a change in the machine's load
    # (other users of a shared VM) then shows in every case alike, and the median drops it
    runs: dict[tuple[str, int], list[Timing]] = {c: [] for c in cases}
    for _ in range(args.repeat):
        for backend, workers in cases:
            runs[(backend, workers)].append(time_backend(plan, backend, workers, args.reps))
    overhead = ray_overhead() if "ray" in args.backends else None
    load_after = _load()

    def median(case: tuple[str, int], attr: str) -> float:
        return statistics.median(getattr(t, attr) for t in runs[case])

    print(f"{args.reps} replications of '{scenario.name}' ({scenario.start_year}-"
          f"{scenario.end_year}) per case, median of {args.repeat} rounds; {os.cpu_count()} "
          f"CPUs; load average (1/5/15 min) {load_before} before, {load_after} after\n")
    print("| backend | workers | start-up + warm-up (s) | steady (repl./min) | range "
          "| end to end (repl./min) | efficiency at 2 workers | 1,000 replications (min) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for backend, workers in cases:
        rate = median((backend, workers), "steady_per_min")
        rates = [t.steady_per_min for t in runs[(backend, workers)]]
        eff = (f"{rate / (2 * median((backend, 1), 'steady_per_min')):.2f}"
               if workers == 2 else "")
        print(f"| {backend} | {workers} | {median((backend, workers), 'startup'):.1f} | "
              f"{rate:.0f} | {min(rates):.0f}-{max(rates):.0f} | "
              f"{median((backend, workers), 'total_per_min'):.0f} | {eff} | "
              f"{1000 / rate:.1f} |")
    if overhead:
        print(f"\nRay overhead per task (local, no-op): {overhead[0] * 1e3:.2f} ms round trip "
              f"one at a time, {overhead[1] * 1e3:.2f} ms each with 200 in flight.")


if __name__ == "__main__":
    main()
