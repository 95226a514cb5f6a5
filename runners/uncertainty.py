"""The default parameter uncertainty of ``run`` and ``compare`` (runners/uncertainty.toml).

Each shipped entry is a triangular distribution whose bounds are multiples of the point
value the run would otherwise use (the data's or the fitted calibration's), so the draws
are centred on the calibrated inputs of whichever municipality runs. Replication r uses
draw r (`runners.plan.Plan.draw_per_replication`); each value depends only on (r, name,
root seed) (`runners.draws.draw_values`), so draws are the same on every backend and for
any number of workers, and the scenarios of a replication share them.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from calibration.fitted import calibration_for, fitted_layer
from models.layers import data_layer
from models.municipality import load_municipality
from runners.draws import Distribution, check_draws, draw_values
from runners.errors import SweepError
from runners.plan import Auto, Plan
from scenarios import Scenario

DEFAULT_FILE = Path(__file__).with_name("uncertainty.toml")
_KEYS = {"dist", "lower", "upper", "unit", "source"}


def read_relative(path: Path = DEFAULT_FILE) -> dict[str, dict[str, object]]:
    """Return the entries of an uncertainty file, validated (name -> entry).

    Raises
    ------
    SweepError
        Naming the file and key: not TOML, an entry that is not a table, a ``dist`` other
        than ``triangular``, an unknown key, a bound that is not a number > 0, lower >= 1
        or upper <= 1, a missing unit or source.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SweepError(path, f"cannot read: {exc}") from None
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise SweepError(path, "expected a table", key=name)
        unknown = sorted(set(entry) - _KEYS)
        if unknown:
            raise SweepError(path, f"unknown key (known: {', '.join(sorted(_KEYS))})",
                             key=f"{name}.{unknown[0]}")
        if entry.get("dist") != "triangular":
            raise SweepError(path, f"dist must be \"triangular\", got {entry.get('dist')!r}",
                             key=f"{name}.dist")
        for key in ("lower", "upper"):
            v = entry.get(key)
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) \
                    or v <= 0:
                raise SweepError(path, f"expected a multiple of the point value > 0, got {v!r}",
                                 key=f"{name}.{key}")
        if not entry["lower"] < 1 < entry["upper"]:
            raise SweepError(path, f"lower ({entry['lower']:g}) must be below 1 and upper "
                             f"({entry['upper']:g}) above it (the point value is the mode)",
                             key=f"{name}.lower")
        for key in ("unit", "source"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise SweepError(path, "missing: every uncertain parameter says its unit and "
                                 "source", key=f"{name}.{key}")
    return data


def default_distributions(scenario: Scenario, *, uncalibrated: bool = False,
                          settings: Mapping[str, float] | None = None,
                          path: Path = DEFAULT_FILE) -> dict[str, Distribution]:
    """Return the absolute distributions of ``scenario``'s municipality.

    A parameter its data do not define is skipped (an imported municipality may lack one),
    and so is one the command line sets (``--set`` wins over every draw anyway).
    """
    m = load_municipality(scenario.municipality)
    calibration = calibration_for(m, uncalibrated)
    point = (fitted_layer(m, dict(calibration.overrides)) if calibration.file is not None
             else data_layer(m))
    out = {}
    for name, entry in read_relative(path).items():
        if name not in point or name in (settings or {}):
            continue
        value = point[name]
        lo, hi = float(entry["lower"]) * value, float(entry["upper"]) * value  # type: ignore[arg-type]
        if value <= 0:  # the multiples would flip or collapse the range
            raise SweepError(path, f"point value {value:g} of {name} is not > 0", key=name)
        out[name] = Distribution("triangular",
                                 MappingProxyType({"lower": lo, "mode": value, "upper": hi}),
                                 unit=str(entry["unit"]), source=str(entry["source"]))
    return out


def default_draws(distributions: Mapping[str, Distribution], n: int, root_seed: int,
                  path: Path = DEFAULT_FILE) -> tuple[dict[str, float], ...]:
    """Return draws ``0..n-1`` (one per replication), checked against each parameter's
    range."""
    values = draw_values(distributions, n, root_seed)
    check_draws(values, path)
    return values


def with_parameter_draws(plan: Plan, *, uncalibrated: bool = False) -> Plan:
    """Return ``plan`` with one draw of the default uncertain parameters per replication
    (as many draws as the most replications the plan may run)."""
    from dataclasses import replace

    from models.errors import DataFileError
    from runners.limits import check_size
    from scenarios import ScenarioError

    check_size(plan)  # before drawing: a refused size is one line, not a long wait
    try:
        dists = default_distributions(plan.scenarios[0], uncalibrated=uncalibrated,
                                      settings=plan.settings)
    except (DataFileError, ScenarioError):
        # a municipality or fitted file that does not load: the run's own preparation
        # reports it, blaming the scenario file that names it
        return plan
    if not dists:
        return plan
    n = plan.runs.max_runs if isinstance(plan.runs, Auto) else plan.runs
    return replace(plan, draws=default_draws(dists, n, plan.seed),
                   distributions=MappingProxyType(dists), draw_per_replication=True,
                   sweep_file=str(DEFAULT_FILE.relative_to(DEFAULT_FILE.parents[1])))
