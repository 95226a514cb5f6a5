"""Running scenarios: build the inputs once, run every task, write the run directory.

Tables are sorted by (scenario order, draw, replication, ...) before writing, so the output
does not depend on the order in which tasks finish.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from calibration.fitted import fitted_hash, fitted_path, load_fitted
from models.municipality import Municipality, load_municipality
from runners.replicate import Shared
from scenarios import Scenario
from sim.inputs import build_inputs

REPO = Path(__file__).resolve().parents[1]


def code_version() -> dict[str, str]:
    """The package version and, in a git checkout, the commit."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("trappa")
    except PackageNotFoundError:
        v = "unknown"
    commit = "unknown"
    try:
        out = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True,
                             text=True, timeout=5, check=False)
        if out.returncode == 0:
            commit = out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return {"trappa": v, "git_commit": commit}


def prepare(scenarios: Sequence[Scenario], root_seed: int,
            draws: Sequence[Mapping[str, float]] = ({},),
            source: str | None = None) -> tuple[Shared, Municipality]:
    """Check the scenarios fit together and build the shared inputs, one per draw.

    Parameters
    ----------
    scenarios
        The run's scenarios (same municipality and years, distinct names).
    root_seed
        The run's root seed.
    draws
        Each parameter draw's overrides, applied on top of the fitted calibration; the
        default is one draw with the calibrated inputs.
    source
        The file the draws come from, named if a draw's inputs cannot be built.

    Raises
    ------
    ScenarioError
        If the scenarios do not fit together.
    SweepError
        If a draw's parameter values give inputs the engine cannot use.
    """
    first = scenarios[0]
    for s in scenarios[1:]:
        if (s.municipality, s.start_year, s.end_year) != (first.municipality, first.start_year,
                                                          first.end_year):
            from scenarios import ScenarioError
            raise ScenarioError(s.files[-1], "compared scenarios must share municipality, "
                                f"start_year and end_year with '{first.name}'")
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        from scenarios import ScenarioError
        raise ScenarioError(scenarios[-1].files[-1], f"scenario names repeat: {names}")
    m = load_municipality(first.municipality)
    fitted = load_fitted(first.municipality)
    inputs = []
    for d, values in enumerate(draws):
        try:
            inputs.append(build_inputs(m, first.start_year, first.end_year,
                                       overrides={**fitted, **values}))
        except (ArithmeticError, ValueError) as exc:
            from runners.errors import SweepError
            shown = ", ".join(f"{k} = {v:.6g}" for k, v in values.items())
            raise SweepError(source or "parameter draws", f"draw {d} ({shown}) gives inputs "
                             f"the engine cannot use: {exc}", key="parameters") from exc
    return Shared(tuple(scenarios), tuple(inputs), root_seed), m


def canonical(df: pd.DataFrame, scenarios: Sequence[Scenario]) -> pd.DataFrame:
    """Sort a task table by (scenario order, draw, replication, year, trinn, group, age group).

    The order then depends on neither the backend nor the order tasks finished in.
    """
    order = {s.name: i for i, s in enumerate(scenarios)}
    keys = [c for c in ("draw", "replication", "year", "trinn", "group", "age_group")
            if c in df.columns]
    return (df.assign(_o=df["scenario"].map(order)).sort_values(["_o", *keys], kind="stable")
            .drop(columns="_o").reset_index(drop=True))


def run_meta(shared: Shared, m: Municipality, runs: int, backend: str, workers: int,
             seconds: float) -> dict[str, Any]:
    """The run manifest written to run.json."""
    inp = shared.inputs[0]
    return {
        "scenarios": [s.to_dict() for s in shared.scenarios],
        "seed": shared.root_seed,
        "replications": runs,
        "backend": backend,
        "workers": workers,
        "seconds": round(seconds, 2),
        "code_version": code_version(),
        "municipality": m.name,
        "input_hashes": m.input_hashes(),
        "calibration_file": str(fitted_path(m.name).relative_to(REPO))
        if fitted_hash(m.name) else None,
        "calibration_hash": fitted_hash(m.name),
        "units": {
            "cost_nok": f"NOK, fixed {inp.price_year} prices (calculator 23-11 prices x "
                        f"{m.parameters['price_index_2024_per_2023']:g})",
            "staff_hours": "paid staff hours per year",
            "fte": f"staff_hours / {inp.hours_per_fte:g} hours per FTE",
            "head_count": f"fte / {inp.position_size:g} average position size",
            "recipients": "persons placed in the trinn on 31 December",
            "persons": "inhabitants on 1 January",
        },
        # the numbers inside the unit texts above, for programs (the report reads these)
        "staffing": {"hours_per_fte": inp.hours_per_fte, "position_size": inp.position_size,
                     "price_year": inp.price_year,
                     "price_index": m.parameters["price_index_2024_per_2023"]},
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def default_out_dir(names: Sequence[str]) -> Path:
    """runs/<names>-<UTC timestamp> under the current directory."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return Path("runs") / f"{'-vs-'.join(names)[:80]}-{stamp}"

