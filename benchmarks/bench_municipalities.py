"""Benchmark a consultant's path for a new municipality, and one replication by size.

1. From an SSB download to a council report for Skien (4003): ``trappa municipality import``
   from the shipped table 14288 file, ``trappa calibrate --municipality DIR``, and
   ``trappa compare --municipality DIR`` of the four standard strategies with 20
   replications (report included), each timed end to end as the commands a user types.
2. One replication's time and peak memory (fresh interpreter each) for Færder (27,501
   inhabitants), Skien (shipped folder) and the whole of Telemark (county 40, imported as
   one region, about 177,000).
3. A county at once (issue 29, ``--county``): import with KOSTRA (``--kostra``, the tests'
   illustrative 12209/12362 files) and ``compare normal proactive --municipality ...``
   (``--county-runs`` replications, uncalibrated) for three Telemark municipalities of
   different sizes (Siljan, Tinn, Skien), each timed on its own, then the whole county: all
   17 imported at once (``--kommune all``) and compared side by side in one command.

    python benchmarks/bench_municipalities.py [--runs 20] [--workers 2] [--skip-path]
        [--skip-sizes] [--county] [--county-runs 2]

Prints Markdown tables; the README's figures come from it. Nothing is written outside a
temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SSB_FILE = ROOT / "models" / "ssb" / "data" / "telemark-14288-2024.csv"

_CHILD = r"""
import json, resource, statistics, sys, time
from calibration.fitted import fitted_file, fitted_layer
from models.layers import data_layer
from models.municipality import load_municipality
from scenarios import load_scenario, resolve_scenario_path
from sim.engine import run_replication
from sim.derive import derive_inputs

folder, reps = sys.argv[1], int(sys.argv[2])
m = load_municipality(folder)
scenario = load_scenario(resolve_scenario_path("normal")).with_overrides(
    municipality=folder)
layer = fitted_layer(m) if fitted_file(m).is_file() else data_layer(m)
inputs = derive_inputs(m, scenario.start_year, scenario.end_year, layer)
run_replication(inputs, scenario, 0, 1)  # warm-up
walls = []
for r in range(1, reps + 1):
    t = time.perf_counter()
    run_replication(inputs, scenario, r, 1)
    walls.append(time.perf_counter() - t)
print(json.dumps({"inhabitants": int(len(inputs.ages.initial_ages)),
                  "seconds": statistics.median(walls),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def trappa(*args: str) -> float:
    """Run a trappa command as a user would; return its wall time in seconds."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "runners", *args], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def one_replication(folder: str, reps: int) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", _CHILD, folder, str(reps)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--reps", type=int, default=3, help="replications timed per size")
    ap.add_argument("--skip-path", action="store_true", help="only the sizes table")
    ap.add_argument("--skip-sizes", action="store_true", help="no replication by size")
    ap.add_argument("--county", action="store_true", help="the county part (3.)")
    ap.add_argument("--county-runs", type=int, default=2)
    args = ap.parse_args()
    load = os.getloadavg()[0]
    if args.county:
        county(args.county_runs, args.workers)
    if args.skip_sizes:
        return
    with tempfile.TemporaryDirectory(prefix="trappa-muni-") as tmp:
        skien = Path(tmp) / "skien"
        telemark = Path(tmp) / "telemark"
        if not args.skip_path:
            steps = {
                "import": trappa("municipality", "import", "--kommune", "4003",
                                 "--projection", str(SSB_FILE), "--out", str(skien)),
                "calibrate": trappa("calibrate", "--municipality", str(skien), "--workers",
                                    str(args.workers)),
                f"compare (4 strategies x {args.runs})": trappa(
                    "compare", "--municipality", str(skien), "--runs", str(args.runs),
                    "--workers", str(args.workers), "--out", str(Path(tmp) / "run")),
            }
            print(f"Skien from an SSB download to a council report (load {load:.1f} at the "
                  "start):\n\n| step | wall time |\n|---|---:|")
            for step, s in steps.items():
                print(f"| {step} | {s / 60:.1f} min ({s:.0f} s) |")
            total = sum(steps.values())
            print(f"| total | {total / 60:.1f} min |\n")
        trappa("municipality", "import", "--kommune", "40", "--projection", str(SSB_FILE),
               "--out", str(telemark))
        rows = [("Færder", one_replication("faerder", args.reps)),
                ("Skien", one_replication("skien", args.reps)),
                ("Telemark (county 40)", one_replication(str(telemark), args.reps))]
    print("| municipality | inhabitants 2024 | s per replication | peak RSS (MB) |\n"
          "|---|---:|---:|---:|")
    for name, r in rows:
        print(f"| {name} | {r['inhabitants']:,} | {r['seconds']:.2f} | {r['peak_mb']:.0f} |")
    print(f"\nload average (1 min) at the end: {os.getloadavg()[0]:.1f}")


#: (number, name) of the three municipalities of part 3: small, middle, large.
THREE = (("4010", "siljan"), ("4026", "tinn"), ("4003", "skien"))


def county(runs: int, workers: int) -> None:
    """Part 3 (see the module docstring): prints a Markdown table."""
    sys.path.insert(0, str(ROOT))
    from tests.models.kostra_fixtures import accounts_jsonstat, key_figures_jsonstat, write

    load = os.getloadavg()[0]
    common = ["--runs", str(runs), "--workers", str(workers), "--uncalibrated", "--no-plots"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="trappa-county-") as tmp_text:
        tmp = Path(tmp_text)
        codes = [c for c, _ in THREE]
        key = write(tmp / "12209.json", key_figures_jsonstat(codes))
        acc = write(tmp / "12362.json", accounts_jsonstat(codes))
        for code, name in THREE:
            folder = tmp / "three" / name
            t_import = trappa("municipality", "import", "--kommune", code, "--projection",
                              str(SSB_FILE), "--kostra", str(key), str(acc), "--out",
                              str(folder))
            t_compare = trappa("compare", "normal", "proactive", "--municipality", str(folder),
                               "--out", str(tmp / "runs" / name), *common)
            inhabitants = json.loads(subprocess.run(
                [sys.executable, "-c", "import sys; from models.municipality import "
                 "load_municipality as L; print(L(sys.argv[1]).projection.total(2024))",
                 str(folder)], cwd=ROOT, capture_output=True, text=True,
                check=True).stdout.strip())
            rows.append((name.capitalize(), f"{inhabitants:,}", t_import, t_compare))
        t_import = trappa("municipality", "import", "--kommune", "all", "--projection",
                          str(SSB_FILE), "--out", str(tmp / "telemark"))
        folders = sorted(str(p) for p in (tmp / "telemark").iterdir())
        t_compare = trappa("compare", "normal", "proactive", "--municipality", *folders,
                           "--out", str(tmp / "runs" / "telemark"), *common)
        rows.append((f"Telemark, all {len(folders)} side by side", "177,093", t_import,
                     t_compare))
    print(f"A county at once (load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} "
          f"at the end; normal vs proactive, {runs} replications, 2024-2040, "
          f"{workers} workers):\n\n| municipality | inhabitants 2024 | import | compare |\n"
          "|---|---:|---:|---:|")
    for name, n, a, b in rows:
        print(f"| {name} | {n} | {a:.1f} s | {b:.0f} s |")
    print()


if __name__ == "__main__":
    main()
