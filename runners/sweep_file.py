"""The sweep file (TOML): scenarios, replicates, seed and parameter distributions.

Read strictly: an unknown key, an unknown parameter or a bad distribution argument stops
with one line naming the file and the key (docs/runners.md describes the format).
"""

from __future__ import annotations

import math
from pathlib import Path
from types import MappingProxyType
from typing import Any

from models.datafile import path_kind, read_toml
from models.errors import DataFileError
from models.municipality import load_municipality, municipality_folder
from runners.draws import (
    Distribution,
    check_draws,
    check_parameter_name,
    draw_values,
    parse_distribution,
)
from runners.errors import SweepError
from runners.limits import DEFAULT_MAX_RUNS, check_tasks
from runners.plan import DEFAULT_MIN_RUNS, Auto, Plan
from scenarios import Scenario, ScenarioError, load_scenario
from scenarios.checks import check_name, check_seed, is_int
from scenarios.loader import shipped_scenario_path
from scenarios.merge import SHIPPED_DIR, outside

KEYS = ("name", "scenarios", "runs", "seed", "draws", "precision", "max_runs", "min_runs",
        "parameters")
_AUTO_ONLY = ("precision", "max_runs", "min_runs")


def _read(path: Path) -> dict[str, Any]:
    try:
        return read_toml(path)
    except DataFileError as exc:
        raise SweepError(path, exc.problem, key=exc.field) from None


def _scenario(entry: Any, path: Path, i: int) -> Scenario:
    key = f"scenarios[{i}]"
    if not isinstance(entry, str) or not entry:
        raise SweepError(path, f"expected a scenario name or file, got {entry!r}", key=key)
    as_path = Path(entry)
    if as_path.suffix != ".toml" and len(as_path.parts) == 1 and not entry.startswith("."):
        try:
            return load_scenario(shipped_scenario_path(entry))
        except ScenarioError as exc:  # name the sweep file that asked for it
            raise SweepError(path, f"{entry!r}: {exc.problem}", key=key) from exc
    # a file: next to the sweep file (or below it), or a shipped one; never elsewhere, so a
    # sweep file cannot make trappa read (and quote) a file the user did not point it at
    target = path.parent / entry
    if outside(target, (path.parent, SHIPPED_DIR)):
        raise SweepError(path, f"{entry!r} lies outside {path.parent.resolve()} and the shipped "
                         "scenarios (copy the file next to the sweep file)", key=key)
    try:
        kind = path_kind(target)
    except DataFileError as exc:
        raise SweepError(path, f"{entry!r}: {exc.problem}", key=key) from None
    if kind != "file":
        raise SweepError(path, f"{entry!r}: file not found (looked for {target})", key=key)
    return load_scenario(target, root=path.parent)


def _int_at_least(data: dict[str, Any], key: str, low: int, default: int, path: Path) -> int:
    value = data.get(key, default)
    if not is_int(value) or value < low:
        raise SweepError(path, f"expected a whole number >= {low}, got {value!r}", key=key)
    return int(value)


def _runs(data: dict[str, Any], scenarios: tuple[Scenario, ...], path: Path) -> int | Auto:
    runs = data.get("runs", scenarios[0].replications)
    if runs == "auto":
        if "precision" not in data:
            raise SweepError(path, "runs = \"auto\" needs precision (mill NOK)", key="precision")
        precision = data["precision"]
        if (isinstance(precision, bool) or not isinstance(precision, int | float)
                or not math.isfinite(precision) or precision <= 0):
            raise SweepError(path, f"expected a number > 0 (mill NOK), got {precision!r}",
                             key="precision")
        max_runs = _int_at_least(data, "max_runs", 2, DEFAULT_MAX_RUNS, path)
        min_runs = _int_at_least(data, "min_runs", 2, DEFAULT_MIN_RUNS, path)
        return Auto(float(precision), max_runs, min_runs)
    given = [k for k in _AUTO_ONLY if k in data]
    if given:
        raise SweepError(path, "only used with runs = \"auto\"", key=given[0])
    if not is_int(runs) or runs < 1:
        raise SweepError(path, f"expected a whole number >= 1 or \"auto\", got {runs!r}",
                         key="runs")
    return int(runs)


def load_sweep(path: Path | str, municipality: str | None = None) -> Plan:
    """Read and validate a sweep file into a `Plan` (parameter draws made).

    ``municipality`` (``--municipality``, resolved) replaces the scenarios' own before the
    parameter names are checked against its data.

    Raises
    ------
    SweepError, ScenarioError
        One line naming the file and key: an unknown key, a missing or bad value, an
        unknown parameter name, a bad distribution, a scenario file that does not load.
    """
    path = Path(path)
    data = _read(path)
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise SweepError(path, f"unknown key (known: {', '.join(KEYS)})", key=unknown[0])
    names = data.get("scenarios")
    if not isinstance(names, list) or not names:
        raise SweepError(path, f"expected a non-empty list of scenario names or files, got "
                         f"{names!r}", key="scenarios")
    scenarios = tuple(_scenario(e, path, i) for i, e in enumerate(names, start=1))
    if municipality is not None:
        scenarios = tuple(s.with_overrides(municipality=municipality) for s in scenarios)
    name = check_name(data.get("name", path.stem), path)
    seed = check_seed(data.get("seed", scenarios[0].seed), path)
    runs = _runs(data, scenarios, path)
    draws = _int_at_least(data, "draws", 1, 1, path)
    params = data.get("parameters", {})
    if not isinstance(params, dict):
        raise SweepError(path, "expected a table of [parameters.<name>] distributions",
                         key="parameters")
    if draws > 1 and not params:
        raise SweepError(path, "several draws need at least one [parameters.<name>] "
                         "distribution (without one every draw is the same)", key="draws")
    # before the draws are made: a billion draws once hung here without a word
    years = scenarios[0].end_year - scenarios[0].start_year + 1
    most = runs.max_runs if isinstance(runs, Auto) else runs
    check_tasks(most * draws * len(scenarios), years, str(path),
                "draws" if draws > 1 else "max_runs" if isinstance(runs, Auto) else "runs")
    try:
        municipality_folder(scenarios[0].municipality)
    except DataFileError as exc:  # blame the scenario file that names it
        raise ScenarioError(scenarios[0].source_of("municipality"), exc.problem,
                            key="municipality") from None
    m = load_municipality(scenarios[0].municipality)
    distributions: dict[str, Distribution] = {}
    for pname, table in params.items():
        key = f"parameters.{pname}"
        check_parameter_name(pname, m, path, key)
        distributions[pname] = parse_distribution(table, path, key)
    values = draw_values(distributions, draws, seed)
    check_draws(values, path)
    replications = runs.first_round if isinstance(runs, Auto) else runs
    # the root seed stays with the plan: a scenario's own seed is only a default
    scenarios = tuple(s.with_overrides(replications=replications) for s in scenarios)
    return Plan(name=name, scenarios=scenarios, seed=seed, runs=runs,
                draws=values,
                distributions=MappingProxyType(distributions), sweep_file=str(path))
