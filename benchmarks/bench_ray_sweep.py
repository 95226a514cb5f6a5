"""Benchmark a 10,000-task sweep on a local Ray cluster: does the driver's memory stay flat?

Runs ``trappa sweep benchmarks/sweep-10k/sweep.toml --backend ray`` (1 scenario x 100 draws
x 100 replicates of a three-year run) into a temporary folder and samples the resident set
size of the driver (the ``trappa`` process, not the Ray workers) twice a second from
/proc. Finished tasks stream to disk in parts, so the driver should hold only the tasks in
flight: its RSS after the first tenth of the run should be about what it is at the end.

    python benchmarks/bench_ray_sweep.py [--workers 2] [--sweep benchmarks/sweep-10k/sweep.toml]

Prints a Markdown table of the driver's RSS at tenths of the run, the wall time and tasks
per minute. Linux only (reads /proc/PID/status).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SWEEP = ROOT / "benchmarks" / "sweep-10k" / "sweep.toml"


def rss_mb(pid: int) -> float | None:
    """Resident set size of ``pid`` in MB, or None once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sweep", type=Path, default=SWEEP)
    ap.add_argument("--backend", default="ray")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="trappa-sweep-") as tmp:
        out = Path(tmp) / "run"
        cmd = [sys.executable, "-m", "runners.cli", "sweep", str(args.sweep), "--backend",
               args.backend, "--workers", str(args.workers), "--out", str(out), "--no-plots"]
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        samples: list[tuple[float, float]] = []
        while proc.poll() is None:
            mb = rss_mb(proc.pid)
            if mb is not None:
                samples.append((time.monotonic() - t0, mb))
            time.sleep(0.5)
        wall = time.monotonic() - t0
        if proc.returncode != 0:
            raise SystemExit(f"the sweep failed with status {proc.returncode}: {' '.join(cmd)}")
    n_tasks = _tasks(args.sweep)
    print(f"| backend | workers | tasks | wall (s) | tasks/min |\n|---|---:|---:|---:|---:|\n"
          f"| {args.backend} | {args.workers} | {n_tasks:,} | {wall:.0f} | "
          f"{n_tasks / wall * 60:,.0f} |\n")
    print("| share of the run | driver RSS (MB) |\n|---:|---:|")
    for tenth in range(1, 11):
        t = wall * tenth / 10
        before = [mb for s, mb in samples if s <= t]
        if before:
            print(f"| {tenth * 10} % | {before[-1]:.0f} |")
    print(f"| peak | {max(mb for _, mb in samples):.0f} |")


def _tasks(sweep: Path) -> int:
    import tomllib

    spec = tomllib.loads(sweep.read_text(encoding="utf-8"))
    return len(spec["scenarios"]) * int(spec.get("draws", 1)) * int(spec["runs"])


if __name__ == "__main__":
    main()
