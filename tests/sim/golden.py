"""Golden tables: every shipped Færder scenario's tables, kept bit for bit (issue 28).

The engine's refactorings must not change a single number: the golden test
(tests/sim/test_golden.py) runs every scenario in ``scenarios/faerder`` (the capacity
example included) for replications 0-1 and the calibration's simulated moments at the
shipped fitted values, and asserts each table identical to the one stored in
``tests/sim/golden/`` (Parquet, zstd: exact floats, a few hundred kB).

A deliberate change of the engine's numbers refreshes the baseline with one explicit
command, committed with the change that explains it::

    PYTHONPATH=$PWD python -m tests.sim.golden --refresh

``--check`` runs the same comparison outside pytest and prints one line per table.
Only public entry points are used (`runners.run.prepare`, `runners.replicate.run_one`,
`calibration.simulate.moments`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

FOLDER = Path(__file__).resolve().parent / "golden"
REPO = Path(__file__).resolve().parents[2]
TABLES = ("population", "yearly", "demography")
REPLICATIONS = (0, 1)
ROOT_SEED = 20250212
MOMENTS = "calibration.moments"


def scenario_paths() -> list[Path]:
    """The shipped Færder scenarios, in name order."""
    return sorted((REPO / "scenarios" / "faerder").glob("*.toml"))


def scenario_tables(path: Path) -> dict[str, pd.DataFrame]:
    """Run one scenario's replications 0-1; return its tables by name."""
    from runners.replicate import Task, run_one
    from runners.run import prepare
    from scenarios import load_scenario

    scenario = load_scenario(path)
    shared, _ = prepare([scenario], ROOT_SEED)
    parts = [run_one(Task(0, 0, r), shared) for r in REPLICATIONS]
    return {name: pd.concat([p[name] for p in parts], ignore_index=True) for name in TABLES}


def moments_table() -> pd.DataFrame:
    """The calibration's simulated moments at the shipped fitted values (one-year
    replications 0-3 of the status quo): the numbers `trappa calibrate` fits."""
    from calibration.fitted import load_fitted
    from calibration.simulate import moments, one_year
    from calibration.targets import build_targets
    from models.municipality import load_municipality
    from scenarios import load_scenario, resolve_scenario_path

    m = load_municipality("faerder")
    scenario = one_year(load_scenario(resolve_scenario_path("normal")))
    targets = [t for t in build_targets(m) if t.fitted and t.weight > 0]
    rows = moments(m, scenario, load_fitted("faerder"), targets, 4, ROOT_SEED)
    return pd.DataFrame(rows, columns=[t.id for t in targets])


def all_tables() -> Iterator[tuple[str, pd.DataFrame]]:
    """Every golden table of this checkout, as (file stem, table)."""
    for path in scenario_paths():
        for name, df in scenario_tables(path).items():
            yield f"{path.stem}.{name}", df
    yield MOMENTS, moments_table()


def stored(stem: str) -> pd.DataFrame:
    """Read one stored golden table."""
    return pd.read_parquet(FOLDER / f"{stem}.parquet")


def refresh() -> None:
    """Rewrite the golden folder from this checkout (only the files this module writes)."""
    FOLDER.mkdir(exist_ok=True)
    stems = []
    for stem, df in all_tables():
        df.to_parquet(FOLDER / f"{stem}.parquet", compression="zstd", index=False)
        stems.append(stem)
        print(f"{stem}: written ({len(df)} rows)", file=sys.stderr)
    for old in FOLDER.glob("*.parquet"):  # a scenario that is no longer shipped
        if old.stem not in stems:
            old.unlink()


def differences(stem: str, df: pd.DataFrame) -> str | None:
    """Return why ``df`` differs from the stored table (None if bit for bit equal)."""
    path = FOLDER / f"{stem}.parquet"
    if not path.is_file():
        return "no stored table (run --refresh)"
    try:
        pd.testing.assert_frame_equal(df.reset_index(drop=True), stored(stem),
                                      check_exact=True)
    except AssertionError as e:
        return str(e).splitlines()[0] + " " + " ".join(str(e).splitlines()[1:4])
    return None


def main() -> int:
    """Refresh or check the golden tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--refresh", action="store_true", help="rewrite tests/sim/golden/")
    group.add_argument("--check", action="store_true", help="compare with tests/sim/golden/")
    args = ap.parse_args()
    if args.refresh:
        refresh()
        return 0
    bad = 0
    for stem, df in all_tables():
        why = differences(stem, df)
        print(f"{stem}: {'same' if why is None else 'DIFFERENT: ' + why}")
        bad += why is not None
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
