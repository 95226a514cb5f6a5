"""Refresh the summary baseline that tests/results/test_summary_baseline.py compares with.

The baseline is the ``summary.parquet`` that the code of a given commit writes for the sweep
tests/results/data/summary-baseline.toml (the shipped strategies, three replications, a
fixed seed). Run it from the repository root::

    PYTHONPATH=$PWD python tests/results/make_summary_baseline.py            # commit 9765c0c
    PYTHONPATH=$PWD python tests/results/make_summary_baseline.py --commit HEAD

A deliberate re-baseline (an engine change that moves the numbers on purpose) is this
command with the new commit, committed with a note of why.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SWEEP = HERE / "data" / "summary-baseline.toml"
BASELINE = HERE / "data" / "summary-baseline.parquet"
RECORD = HERE / "data" / "summary-baseline.json"
DEFAULT_COMMIT = "9765c0c"  # the merge of issue 28: draws keyed by identity (re-baseline)


def run_sweep(source: Path, out: Path) -> Path:
    """Run the baseline sweep with the code in ``source``; return its summary.parquet."""
    subprocess.run([sys.executable, "-m", "runners", "sweep", str(SWEEP), "--out", str(out),
                    "--no-plots", "--backend", "serial"],
                   cwd=source, env={"PYTHONPATH": str(source), "PATH": "/usr/bin:/bin"},
                   check=True, capture_output=True, text=True)
    return out / "summary.parquet"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commit", default=DEFAULT_COMMIT)
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", args.commit], cwd=REPO, check=True,
                            capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src"
        source.mkdir()
        archive = subprocess.run(["git", "archive", commit], cwd=REPO, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
        summary = run_sweep(source, Path(tmp) / "run")
        shutil.copyfile(summary, BASELINE)
    RECORD.write_text(json.dumps({"commit": commit, "sweep": SWEEP.name}, indent=2) + "\n",
                      encoding="utf-8")
    print(f"{BASELINE.relative_to(REPO)}: summary of commit {commit[:10]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
