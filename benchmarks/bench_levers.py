"""Benchmark the levers: one Færder replication with every lever on against the status quo.

Paired rounds (status quo, then all levers, same replicate) timed in process CPU time, so
that other work on a shared machine disturbs both alike and wall-clock waits do not count;
prints the medians and the median of the paired ratios (the issue's bound: within 15 %).

    python benchmarks/bench_levers.py [--reps 12]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from calibration.fitted import fitted_layer
from models.municipality import load_municipality
from scenarios import load_scenario, resolve_scenario_path
from sim.derive import derive_inputs
from sim.engine import run_replication

ALL_LEVERS = Path(__file__).with_name("all-levers.toml")


def main() -> None:
    """Run the paired rounds and print a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=12)
    args = ap.parse_args()
    status_quo = load_scenario(resolve_scenario_path("normal"))
    levers = load_scenario(ALL_LEVERS)
    m = load_municipality("faerder")
    inputs = derive_inputs(m, 2024, 2040, fitted_layer(m))
    for s in (status_quo, levers):  # warm-up (imports, caches)
        run_replication(inputs, s, 0, s.seed)
    base, with_levers = [], []
    for r in range(1, args.reps + 1):
        for s, out in ((status_quo, base), (levers, with_levers)):
            t = time.process_time()
            run_replication(inputs, s, r, s.seed)
            out.append(time.process_time() - t)
    ratio = statistics.median(b / a for a, b in zip(base, with_levers, strict=True))
    print(f"| measure (CPU time, median of {args.reps} paired rounds) | value |\n|---|---|\n"
          f"| status quo (normal) | {statistics.median(base):.3f} s |\n"
          f"| every lever on (benchmarks/all-levers.toml) | "
          f"{statistics.median(with_levers):.3f} s |\n"
          f"| paired ratio | {ratio:.3f} |")


if __name__ == "__main__":
    main()
