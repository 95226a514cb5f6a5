"""Benchmark ``trappa calibrate`` for Tinn, Skien and Færder, cold and warm.

Tinn (4026, about 5,500 inhabitants) and Skien (4003) are imported from the shipped SSB file
(models/ssb/data/telemark-14288-2024.csv) into a temporary folder, as a consultant would;
Færder is the shipped municipality, fitted into a temporary file (``--out``). Each is
calibrated twice as the command a user types: cold (from the parameter file's start values)
and then warm (the same command again: the fitted file now holds a fit of the same data).

    python benchmarks/bench_calibrate.py [--workers 2] [--only tinn,skien,faerder]

Prints a Markdown table: wall time, the CPU time of the command and its workers (user + sys,
less sensitive than the wall time to other jobs on the machine), the fit's one-year
replications and evaluations, its loss, fitted targets within tolerance, the parameters at a
bound; and the load average. Nothing is written outside the temporary folder. Run from any
checkout (an older one without ``--cold`` or warm starts is timed cold only).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SSB_FILE = ROOT / "models" / "ssb" / "data" / "telemark-14288-2024.csv"
IMPORTED = {"tinn": "4026", "skien": "4003"}


def trappa(*args: str) -> tuple[float, float, str]:
    """Run a trappa command; return its wall time, CPU time (with children) and stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "runners", *args], cwd=ROOT, check=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stderr


def _replications(report: Path) -> str:
    text = report.read_text(encoding="utf-8") if report.is_file() else ""
    found = re.search(r"(\d+) one-year replications", text)
    return found.group(1) if found else "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--only", default="tinn,skien,faerder")
    args = ap.parse_args()
    helptext = subprocess.run([sys.executable, "-m", "runners", "calibrate", "--help"],
                              cwd=ROOT, capture_output=True, text=True, check=True).stdout
    warm_starts = "--cold" in helptext
    print(f"load average (1 min) at the start: {os.getloadavg()[0]:.1f}\n")
    print("| municipality | start | wall (s) | CPU (s) | one-year replications | evaluations "
          "| loss | fitted targets met | at a bound |\n|---|---|---:|---:|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory(prefix="trappa-cal-") as tmp:
        for name in args.only.split(","):
            where = name
            if name in IMPORTED:
                where = str(Path(tmp) / name)
                trappa("municipality", "import", "--kommune", IMPORTED[name], "--projection",
                       str(SSB_FILE), "--out", where)
            out = Path(tmp) / f"{name}-fitted.toml"
            runs = [("cold", ["--cold"] if warm_starts else [])]
            if warm_starts:
                runs.append(("warm", []))
            for start, extra in runs:
                wall, cpu, _ = trappa("calibrate", "--municipality", where, "--out", str(out),
                                      "--workers", str(args.workers), *extra)
                meta = tomllib.loads(out.read_text(encoding="utf-8"))["meta"]
                reps = _replications(Path(tmp) / f"{name}-fitted-report" / "report.md")
                print(f"| {name} | {start} | {wall:.1f} | {cpu:.1f} | {reps} | "
                      f"{meta['evaluations']} | {meta['loss']:.4g} | "
                      f"{meta['fitted_targets_within_tolerance']} of {meta['fitted_targets']} "
                      f"| {meta['on_bound']} |", flush=True)
    print(f"\nload average (1 min) at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
