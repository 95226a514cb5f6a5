"""Behaviour check: run every shipped scenario (replications 0-1) and write or compare tables.

Write the tables of this checkout::

    python benchmarks/check_equivalence.py --write OUT

Besides the scenario tables, the writer stores the calibration's simulated moments at the
shipped fitted values (``calibration.moments.csv``). Compare two such folders (population
tables identical; yearly, demography and moments equal to 1e-9 relative)::

    python benchmarks/check_equivalence.py --compare A B

``--shared`` compares only the files and columns both hold (listing the others), for a
branch that adds a scenario or output columns.

Run the writer at an older commit with ``PYTHONPATH`` pointing to that tree, e.g.
``git worktree add /tmp/base <commit>; PYTHONPATH=/tmp/base python
benchmarks/check_equivalence.py --write ref``. Only public entry points are used
(`runners.run.prepare` and `runners.replicate.run_one`), so the script runs against
commits from before and after a refactoring of the engine's inputs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

TABLES = ("population", "yearly", "demography")
REPLICATIONS = (0, 1)
RTOL = 1e-9


def write(out: Path) -> None:
    """Run each shipped Færder scenario's replications 0-1 and write its tables as CSV."""
    import runners.run as run_module
    from runners.replicate import Task, run_one
    from runners.run import prepare
    from scenarios import load_scenario

    repo = Path(run_module.__file__).resolve().parents[1]
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted((repo / "scenarios" / "faerder").glob("*.toml")):
        scenario = load_scenario(path)
        shared, _ = prepare([scenario], 20250212)
        parts = [run_one(Task(0, 0, r), shared) for r in REPLICATIONS]
        for name in TABLES:
            df = pd.concat([p[name] for p in parts], ignore_index=True)
            df.to_csv(out / f"{path.stem}.{name}.csv", index=False)
        print(f"{path.stem}: written", file=sys.stderr)
    write_moments(out)


def write_moments(out: Path) -> None:
    """Write the calibration's simulated moments at the shipped fitted values (one-year
    replications 0-3 of the status quo): the numbers `trappa calibrate` fits, so equal
    moments mean the fitted values reach the engine as before."""
    from calibration.fitted import load_fitted
    from calibration.simulate import moments, one_year
    from calibration.targets import build_targets
    from models.municipality import load_municipality
    from scenarios import load_scenario, resolve_scenario_path

    m = load_municipality("faerder")
    scenario = one_year(load_scenario(resolve_scenario_path("normal")))
    # the targets the fit's loss uses (start-year ones; the horizon's are checked apart)
    targets = [t for t in build_targets(m) if t.fitted and t.weight > 0]
    rows = moments(m, scenario, load_fitted("faerder"), targets, 4, 20250212)
    pd.DataFrame(rows, columns=[t.id for t in targets]).to_csv(
        out / "calibration.moments.csv", index=False)
    print("calibration moments: written", file=sys.stderr)


def compare(a: Path, b: Path, shared: bool = False) -> int:
    """Compare the tables of two folders; print one line per file, return the exit status.

    With ``shared``, only the files and columns both folders hold are compared, and what
    only one holds is listed (a branch that adds a scenario or output columns).
    """
    files_a = sorted(p.name for p in a.glob("*.csv"))
    files_b = sorted(p.name for p in b.glob("*.csv"))
    files = sorted(set(files_a) & set(files_b)) if shared else files_a
    if not files or (not shared and files != files_b):
        print(f"the folders hold different files: {files_a} vs {files_b}")
        return 1
    for name in sorted(set(files_a) ^ set(files_b)):
        print(f"{name}: only in {a if name in files_a else b}")
    bad = 0
    for name in files:
        x, y = pd.read_csv(a / name), pd.read_csv(b / name)
        if shared:
            extra = [c for c in (*x.columns, *y.columns) if c not in x or c not in y]
            if extra:
                print(f"{name}: columns in one folder only, not compared: {', '.join(extra)}")
            cols = [c for c in x.columns if c in y]
            x, y = x[cols], y[cols]
        ok = list(x.columns) == list(y.columns) and x.shape == y.shape
        if ok and ".population." in name:
            ok = x.equals(y)
        elif ok:
            for col in x.columns:
                if pd.api.types.is_numeric_dtype(x[col]):
                    ok &= bool(np.allclose(x[col], y[col], rtol=RTOL, atol=0.0, equal_nan=True))
                else:
                    ok &= bool((x[col].astype(str) == y[col].astype(str)).all())
        print(f"{name}: {'same' if ok else 'DIFFERENT'} ({len(x)} rows)")
        bad += not ok
    print(f"{len(files) - bad} of {len(files)} tables equal")
    return 1 if bad else 0


def main() -> int:
    """Parse the command line and write or compare."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, metavar="OUT")
    group.add_argument("--compare", type=Path, nargs=2, metavar=("A", "B"))
    ap.add_argument("--shared", action="store_true",
                    help="with --compare: only the files and columns both folders hold")
    args = ap.parse_args()
    if args.write is not None:
        write(args.write)
        return 0
    return compare(*args.compare, shared=args.shared)


if __name__ == "__main__":
    sys.exit(main())
