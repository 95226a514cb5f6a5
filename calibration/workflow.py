"""One calibration end to end: fit, write the fitted file, run the horizon, write the report."""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from calibration.assess import assess
from calibration.fit import (
    FitInterrupted,
    FitResult,
    PreviousFit,
    ProgressSink,
    SilentProgress,
    fit,
)
from calibration.fitted import fitted_file, write_fitted
from calibration.horizon import HorizonRuns, run_horizon, strategies_of
from calibration.limits import FitWarning, at_bound, fit_warnings
from calibration.parameters import ParameterSpace, load_space, round_sig
from calibration.report import ChartInBackground, ReportInputs, fit_figure, write_report
from calibration.simulate import Replicate, serial
from calibration.targets import Conform, Target, build_targets
from models.datafile import read_toml
from models.errors import DataFileError, TrappaError
from models.municipality import Municipality, load_municipality
from scenarios import Scenario

REPO = Path(__file__).resolve().parents[1]
METHOD = ("secant fixed point (diagonal) then scipy least_squares (trf, bounds, "
          "log-parameters, finite-difference Jacobian + Broyden) on simulated moments with "
          "common random numbers; coarse passes on fewer replications, then all")


@dataclass(frozen=True)
class Outcome:
    """What one calibration produced."""

    fitted_file: Path
    report: Path | None
    fit: FitResult
    table: pd.DataFrame
    space: ParameterSpace
    horizon: HorizonRuns | None
    seconds: float
    warnings: tuple[FitWarning, ...] = ()
    start: str = "prior"


def shown(path: Path) -> Path:
    """Return ``path`` relative to the repository when inside it (no machine paths in files)."""
    try:
        return path.resolve().relative_to(REPO)
    except ValueError:
        return path


def _natural(item: tuple[str, float]) -> tuple[int, str, int]:
    # named parameters first, then cells by group and trinn number (4 before 12)
    parts = item[0].split(":")
    if len(parts) == 3 and parts[2].isdigit():
        return (1, parts[1], int(parts[2]))
    return (0, item[0], 0)


def report_dir_for(fitted_file: Path) -> Path:
    """Return the report folder next to a fitted file: ``<stem>-report/``."""
    return fitted_file.with_name(f"{fitted_file.stem}-report")


@dataclass(frozen=True)
class Problem:
    """A checked calibration problem: the data, the parameter space, targets and strategies."""

    m: Municipality
    space: ParameterSpace
    targets: tuple[Target, ...]
    strategies: tuple[Scenario, ...]   # the first is the status quo


def data_hash(m: Municipality) -> str:
    """SHA-256 over the municipality's data files (their names and hashes): a previous fit of
    the same hash was fitted to the same data."""
    text = json.dumps(sorted(m.input_hashes().items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def warm_start(problem: Problem, previous: Path) -> dict[str, float] | None:
    """Return the free values of a previous fit of the same data (``previous``, a fitted file
    whose ``[meta] data_hash`` is this data's), inside the current bounds; None when there
    is no such fit (missing, unreadable, other data or no common parameter).

    A warm start only changes where the fit starts: the targets, replications and seed are
    the same, and the fit's answer is the best evaluation it makes from there.
    """
    try:
        data = read_toml(previous) if previous.is_file() else None
    except DataFileError:
        return None
    if not data or not isinstance(data.get("meta"), dict) or not isinstance(
            data.get("free"), dict):
        return None
    if data["meta"].get("data_hash") != data_hash(problem.m):
        return None
    out = {}
    for p in problem.space.free:
        v = data["free"].get(p.name)
        if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and v > 0:
            out[p.name] = min(max(float(v), p.prior_min), p.prior_max)
    return out or None


def previous_fit(space: ParameterSpace, previous: Path, seed: int, runs: int
                 ) -> PreviousFit | None:
    """Return the loss and status of the fit in ``previous`` (already found a fit of the same
    data by `warm_start`) when a re-fit could only reproduce it: it converged, with the same
    seed, replications, parameter file and free parameters. None otherwise."""
    try:
        data = read_toml(previous)
    except DataFileError:
        return None
    meta, free = data.get("meta"), data.get("free")
    if not isinstance(meta, dict) or not isinstance(free, dict):
        return None
    loss, status = meta.get("loss"), meta.get("least_squares_status")
    same = (meta.get("seed") == seed and meta.get("replications") == runs
            and meta.get("converged") is True
            and meta.get("parameter_space") == f"calibration/{space.path.name}"
            and set(free) == set(space.names))
    if not same or not isinstance(loss, float) or not isinstance(status, int) or status < 1:
        return None
    return PreviousFit(loss, status)


def prepare(municipality: str = "faerder", start: Mapping[str, float] | None = None
            ) -> Problem:
    """Load and check everything a calibration reads, before anything runs.

    Raises
    ------
    TrappaError
        On an unknown municipality or a bad data, parameter or scenario file.
    """
    m = load_municipality(municipality)
    space = load_space(m)
    if start:
        space = space.with_start(start)
    strategies = tuple(strategies_of(municipality))
    # the horizon runs are the strategies' (2024-2040 for the shipped set): population years
    # of a longer projection (an SSB import runs to 2050) have no simulated value to meet
    end = strategies[0].end_year
    targets = tuple(t for t in build_targets(m)
                    if t.conform is not Conform.POPULATION_1JAN or t.year <= end)
    return Problem(m, space, targets, strategies)


def calibrate(problem: Problem, out: Path | None = None, runs: int = 120,
              seed: int | None = None, horizon_runs: int = 20, report: Path | None = None,
              progress: ProgressSink | None = None, command: str = "trappa calibrate",
              write_report_files: bool = True, replicate: Replicate = serial,
              warm: bool = True) -> Outcome:
    """Fit a municipality's free parameters, write the fitted file and the fit report.

    Parameters
    ----------
    problem
        From `prepare`.
    out
        The fitted file (default `calibration.fitted.fitted_file`, the engine's: the
        package's for a shipped municipality, ``<folder>/fitted.toml`` for an imported one).
    runs
        One-year replications per fit evaluation.
    seed
        Root seed (default: the status-quo scenario's).
    horizon_runs
        Full-horizon replications per strategy for the population targets and the
        out-of-sample views (0: skip them and the report).
    report
        Report folder (default ``<out stem>-report/`` next to ``out``).
    progress
        Progress sink (one stage per evaluation, one advance per replication).
    command
        The command line, for the report.
    write_report_files
        Whether to write the report.
    replicate
        Where the replications run (default: serially here; the command line passes the
        run backends in); every choice gives the same fitted file.
    warm
        Start from the fitted file ``out`` already holds when it was fitted to the same data
        (`warm_start`); the prior start otherwise.

    Raises
    ------
    FitInterrupted
        On Ctrl-C during the fit or the full-horizon runs, with the best trial so far;
        nothing has been written.
    """
    t0 = time.perf_counter()
    if runs < 1 or horizon_runs < 0:
        raise TrappaError(f"calibrate: --runs must be >= 1 and --horizon-runs >= 0, got "
                          f"{runs} and {horizon_runs}")
    m, space, targets, strategies = (problem.m, problem.space, problem.targets,
                                     problem.strategies)
    status_quo = strategies[0]
    seed = status_quo.seed if seed is None else seed
    out = out or fitted_file(m)
    start = "prior (the parameter file's start values)"
    previous = warm_start(problem, out) if warm else None
    if previous:
        space = space.with_start(previous)
        start = f"warm: the previous fit in {shown(out).name} (same data)"
    result = fit(m, status_quo, space, targets, seed, runs, progress, replicate,
                 warm=previous is not None,
                 previous=previous_fit(space, out, seed, runs) if previous else None)
    if result.verified:
        start += ", reproduced: its loss again over all replications, and it had converged"
    overrides = {k: round_sig(v) for k, v in space.overrides(list(result.x)).items()}
    fitted_ids = {t.id for t in result.targets}
    fitted_table = assess(result.targets, result.final.rows, m)

    def complete(population: pd.DataFrame | None) -> pd.DataFrame:
        """Every target's row: the fitted ones, the population's (from the full-horizon
        runs), the rest (checks without a simulated value), in the targets' order."""
        table = fitted_table
        if population is not None:
            table = pd.concat([table, population], ignore_index=True)
        rest = [t for t in targets if t.id not in fitted_ids and t.conform is not
                Conform.POPULATION_1JAN]
        if rest:  # none for an imported folder (no persona totals): an empty frame loses
            # dtypes
            table = pd.concat([table, assess(rest, np.empty((0, len(rest))), m)],
                              ignore_index=True)
        return _in_target_order(table, targets)

    horizon = None
    completed: list[pd.DataFrame] = []
    fit_chart: list[ChartInBackground] = []

    def status_quo_done(population_targets: tuple[Target, ...],
                        population_rows: np.ndarray) -> None:
        # the target table needs only the status quo's runs: its chart is drawn while the
        # workers run the other strategies
        completed.append(complete(assess(population_targets, population_rows)))
        fit_chart.append(ChartInBackground(lambda: fit_figure(completed[0])))

    if horizon_runs > 0:
        try:
            horizon = run_horizon(m, overrides, targets, strategies, horizon_runs, seed,
                                  progress or SilentProgress(), replicate,
                                  status_quo_done if write_report_files else None)
        except KeyboardInterrupt:
            # the fit is done but its file is not written without the report's runs
            raise FitInterrupted(result.names, result.x, result.final.loss,
                                 result.replications, result.evaluations) from None
    if completed:
        table = completed[0]
    else:
        table = complete(None if horizon is None else
                         assess(horizon.population_targets, horizon.population_rows))
    warnings = tuple(fit_warnings(space, list(result.x), table))
    meta = _meta(m.name, result, table, status_quo.name, space)
    meta.update({"start": start.split(":")[0], "data_hash": data_hash(m),
                 "warnings": [w.text for w in warnings]})
    write_fitted(out, meta,
                 dict(zip(result.names, (float(v) for v in result.x), strict=True)),
                 dict(sorted(overrides.items(), key=_natural)),
                 header=f"Fitted parameters of {m.name}, written by `trappa calibrate` "
                        f"(calibration/).\nThe engine reads [parameters] by default "
                        f"(runners/run.py); [free] holds the fit's own parameters.\n"
                        f"Report: {shown(report or report_dir_for(out))}/report.md",
                 fitted_on=m)
    report_path = None
    seconds = time.perf_counter() - t0
    if horizon is not None and write_report_files:
        report_path = write_report(report or report_dir_for(out), ReportInputs(
            m.name, shown(out), command, space, result, table, horizon,
            m.parameters["care_fte_2023"], f"parameters.toml care_fte_2023: "
            f"{m.parameters.get('care_fte_2023').source}", seconds, warnings, start),
            fit_chart[0].png() if fit_chart else None)
    return Outcome(out, report_path, result, table, space, horizon,
                   time.perf_counter() - t0, warnings, start)


def _in_target_order(table: pd.DataFrame, targets: tuple[Target, ...]) -> pd.DataFrame:
    order = {t.id: i for i, t in enumerate(targets)}
    return table.sort_values("id", key=lambda s: s.map(order), kind="stable").reset_index(
        drop=True)


def _meta(municipality: str, result: FitResult, table: pd.DataFrame, scenario: str,
          space: ParameterSpace) -> dict[str, object]:
    fitted = table[table["fitted"]]
    return {
        "municipality": municipality,
        "method": METHOD,
        "scenario": scenario,
        "seed": result.seed,
        "replications": result.replications,
        "jacobian_replications": result.jacobian_replications,
        "horizon": "start year only (one-year replications)",
        "fitted_targets": len(fitted),
        "fitted_targets_within_tolerance": int(fitted["within"].sum()),
        "loss": round_sig(result.final.loss, 4),
        "evaluations": result.evaluations,
        "least_squares_status": result.stage2.status if result.stage2 else 0,
        "converged": result.converged,
        "parameter_space": f"calibration/{space.path.name}",
        "on_bound": ", ".join(n for n, _, _ in at_bound(space, list(result.x))) or "none",
    }
