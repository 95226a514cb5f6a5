"""Benchmark one replication at three municipality sizes: Færder, and Færder's data scaled.

A municipality of N times Færder's size is Færder's data folder with every count multiplied
by N: the SSB population by age group and year, the 2024 recipients and cost of each trinn,
and the people with dementia (so every rate, price and age profile stays Færder's). Each size
runs in a fresh process, so peak memory (resident set size) is that size's own.

    python benchmarks/bench_scale.py [--factors 1 5 25] [--reps 3] [--scenario normal]

Prints a Markdown table: inhabitants, seconds per replication (median of --reps after a
warm-up), SimPy events, peak RSS, and seconds per 100,000 inhabitants (flat = linear cost).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from calibration.fitted import FOLDER_FITTED, fitted_path

ROOT = Path(__file__).resolve().parents[1]
FAERDER = ROOT / "models" / "data" / "faerder"

#: The count columns scaled in each file (everything else is a rate, price or profile).
SCALED = {"population.csv": ("persons",), "trinn.csv": ("recipients_2024", "cost_2024_mnok")}


def _scale_csv(path: Path, columns: tuple[str, ...], factor: int) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    comments = [ln for ln in lines if ln.startswith("#")]
    rows = list(csv.DictReader(ln for ln in lines if not ln.startswith("#")))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        for col in columns:
            if row[col]:
                row[col] = str(round(float(row[col]) * factor))
        writer.writerow(row)
    path.write_text("".join(comments) + out.getvalue(), encoding="utf-8")


def scaled_copy(factor: int, dest: Path) -> Path:
    """Write Færder's data with every count times ``factor`` to ``dest``/faerder; return it."""
    folder = dest / "faerder"
    shutil.copytree(FAERDER, folder)
    for name, columns in SCALED.items():
        _scale_csv(folder / name, columns, factor)
    params = folder / "parameters.toml"
    text = params.read_text(encoding="utf-8")
    text = re.sub(r"(\[dementia_prevalence_2024\]\nvalue = )(\d+)",
                  lambda m: f"{m.group(1)}{int(m.group(2)) * factor}", text)
    text = re.sub(r"(\[care_fte_2023\]\nvalue = )(\d+)",
                  lambda m: f"{m.group(1)}{int(m.group(2)) * factor}", text)
    params.write_text(text, encoding="utf-8")
    # a copy is an imported folder, which reads its own fitted file: give it Færder's
    # (the fitted values are rates and scales, so they hold at any size)
    shutil.copyfile(fitted_path("faerder"), folder / FOLDER_FITTED)
    return folder


_CHILD = r"""
import json, resource, statistics, sys, time
from calibration.fitted import fitted_layer
from models.municipality import load_municipality
from scenarios import load_scenario, resolve_scenario_path
from sim.engine import run_replication
from sim.derive import derive_inputs

folder, scenario_name, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
scenario = load_scenario(resolve_scenario_path(scenario_name))
m = load_municipality(folder)
inputs = derive_inputs(m, scenario.start_year, scenario.end_year, fitted_layer(m))
run_replication(inputs, scenario, 0, 1)  # warm-up
walls, events = [], []
for r in range(1, reps + 1):
    t = time.perf_counter()
    res = run_replication(inputs, scenario, r, 1)
    walls.append(time.perf_counter() - t)
    events.append(res.events)
print(json.dumps({"inhabitants": int(len(inputs.ages.initial_ages)),
                  "seconds": statistics.median(walls), "events": statistics.median(events),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(folder: Path, scenario: str, reps: int) -> dict[str, float]:
    """Run the child benchmark for one data folder in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(folder), scenario, str(reps)],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{folder}: the benchmark child failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 5, 25])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--scenario", default="normal")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="trappa-scale-") as tmp:
        for f in args.factors:
            folder = FAERDER if f == 1 else scaled_copy(f, Path(tmp) / f"x{f}")
            r = measure(folder, args.scenario, args.reps)
            rows.append((f, r))
            print(f"x{f}: {r}", file=sys.stderr)
    print("| size | inhabitants 2024 | s per replication | SimPy events | peak RSS (MB) "
          "| s per 100,000 inhabitants |\n|---|---:|---:|---:|---:|---:|")
    for f, r in rows:
        print(f"| Færder x {f} | {r['inhabitants']:,} | {r['seconds']:.2f} | "
              f"{r['events']:,.0f} | {r['peak_mb']:.0f} | "
              f"{r['seconds'] / r['inhabitants'] * 1e5:.2f} |")


if __name__ == "__main__":
    main()
