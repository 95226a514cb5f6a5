"""Execute a plan: validate, stream tasks to the run directory, resume, finish.

``trappa run``, ``compare`` and ``sweep`` all end up in `execute_plan`. Everything that can
be wrong with the input (files, parameter draws, options, the run directory, joining a Ray
cluster) is found before the run directory is created; after that, finished tasks are on
disk as they complete, and a rerun with ``resume`` does only what is missing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from calibration.fitted import Calibration, calibration_for
from models.municipality import Municipality
from models.staff_supply import load_supply
from results.assemble import assemble_table
from results.intervals import MIN_INTERVAL_RUNS
from results.rundir import (
    MARKER,
    RunDirError,
    check_removable,
    check_run_location,
    recover_swap,
    remove_run,
    symlink_problem,
)
from results.runlock import RunLock
from results.store import finish_streamed
from runners.auto import Precision, key_precision, met, next_runs
from runners.backends import (
    DEFAULT_BACKEND,
    SERIAL_AT_MOST,
    Backend,
    check_options,
    open_backend,
)
from runners.draws import draws_frame
from runners.errors import SweepError, TaskFailure, TasksFailedError
from runners.limits import check_size
from runners.plan import Auto, Plan, identity
from runners.replicate import Shared
from runners.run import code_version, horizon_record, prepare, run_meta
from runners.schedule import DEFAULT_RETRIES, run_tasks
from runners.staff_supply import supply_record
from runners.stream import FINISHED, MANIFEST, STREAM_TABLES, StreamDir

if TYPE_CHECKING:
    from runners.backends.process import LastingPool


class Progress(Protocol):
    """What the runner reports while it runs (a rich bar in the CLI)."""

    def start(self, total: int, completed: int) -> None:
        """Set the tasks in view and how many of them are already done."""

    def advance(self, n: int) -> None:
        """Count ``n`` more tasks done."""

    def note(self, text: str) -> None:
        """Show a message (a round of ``--runs auto``, a warning)."""


class Quiet:
    """A `Progress` that shows nothing (tests, benchmarks, library use)."""

    def start(self, total: int, completed: int) -> None:
        """Ignore."""

    def advance(self, n: int) -> None:
        """Ignore."""

    def note(self, text: str) -> None:
        """Ignore."""



def backend_for(plan: Plan, options: Options) -> str:
    """Return the backend to run ``plan`` on: the chosen one, or by default the process
    pool unless the plan is a fixed few tasks (`SERIAL_AT_MOST`) and no worker count or
    lasting pool is given."""
    if options.backend != DEFAULT_BACKEND:
        return options.backend
    few = not isinstance(plan.runs, Auto) and plan.n_tasks(plan.runs) <= SERIAL_AT_MOST
    return "serial" if few and options.workers is None and options.pool is None else "process"


@dataclass(frozen=True)
class Options:
    """How to run a plan (none of it changes the tables)."""

    backend: str = "serial"
    workers: int | None = None
    address: str | None = None
    resume: bool = False
    overwrite: bool = False
    plots: bool = True
    lang: str = "nb"
    retries: int = DEFAULT_RETRIES
    batch: int | None = None
    uncalibrated: bool = False
    #: write the report into the finished run before it replaces the streamed directory:
    #: called with (the temporary directory, the run directory's name); it writes in
    #: ``lang``, and its PNG charts are the run's ``plots/`` (linked, not drawn again)
    report: Callable[[Path, Path], None] | None = None
    #: accept an end_year beyond the projection's last year (the population extrapolated)
    extrapolate: bool = False
    #: process workers kept between runs (the web app's), instead of a pool per run
    pool: LastingPool | None = None
    #: what to do with the streamed directory once the finished run has replaced it
    #: (`results.rundir.swap_into_place`): by default it is deleted at once
    discard: Callable[[Path], None] | None = None


class Tables(Mapping[str, pd.DataFrame]):
    """A finished run's tables, each read from its directory only when asked for (a
    sweep's tables are the largest objects of a run; most callers never look at them)."""

    def __init__(self, folder: Path, names: tuple[str, ...] = STREAM_TABLES) -> None:
        self._folder = folder
        self._names = tuple(n for n in names if (folder / n).is_dir())

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._names:
            raise KeyError(name)
        return pd.read_parquet(self._folder / name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


@dataclass(frozen=True)
class Outcome:
    """A finished run."""

    out: Path
    tables: Mapping[str, pd.DataFrame]
    runs: int
    seconds: float
    precision: Precision | None = None
    note: str | None = None
    already_complete: bool = False
    meta: dict[str, Any] = field(default_factory=dict)


def manifest_for(plan: Plan, m: Municipality,
                 calibration: Calibration | None = None) -> dict[str, Any]:
    """Return the manifest: the plan plus the inputs it reads and the code that runs it."""
    cal = calibration or calibration_for(m)
    return {**plan.manifest(), "municipality": m.name,
            "municipality_folder": str(m.folder.resolve()), "input_hashes": m.input_hashes(),
            "calibration_hash": cal.sha256,
            "calibration_overrides": dict(cal.overrides),
            "code_version": code_version(),
            "created": datetime.now(UTC).isoformat(timespec="seconds")}


def _check_resumable(stored: dict[str, Any], current: dict[str, Any], path: Path,
                     progress: Progress) -> None:
    # compare as JSON would store them (tuples become lists, keys strings); the marker says
    # who wrote the manifest, not what it computes (manifests before it have none)
    now = identity({k: v for k, v in json.loads(json.dumps(current)).items() if k != MARKER})
    before = identity({k: v for k, v in stored.items() if k != MARKER})
    for key in [*now, *(k for k in before if k not in now)]:
        if now.get(key) != before.get(key):
            shown = (f" ({before.get(key)!r} then, {now.get(key)!r} now)"
                     if not isinstance(now.get(key), dict | list) else "")
            raise SweepError(path, f"the run was started with a different {key}{shown}; "
                             "resume with the same settings, or start a new run elsewhere",
                             key=key)
    if stored.get("code_version") != current.get("code_version"):
        progress.note(f"note: {path} was started by trappa {stored.get('code_version')}; "
                      f"resuming with {current.get('code_version')}")


def _check_out(out: Path, options: Options) -> None:
    """Refuse a run directory that would mix runs or delete what is not trappa's (under
    the run's lock, before anything is written)."""
    recover_swap(out)
    if options.resume:
        if not (out / MANIFEST).is_file():
            raise SweepError(out, "nothing to resume: no manifest.json (start the run "
                             "without --resume)")
        return
    if out.is_symlink():
        raise RunDirError(out, symlink_problem(out))
    if out.exists() and not out.is_dir():
        raise RunDirError(out, "exists and is not a directory")
    if out.is_dir() and any(out.iterdir()):
        if options.overwrite:
            check_removable(out)
            return
        unfinished = (out / MANIFEST).is_file() and not (out / FINISHED).is_file()
        hint = "an unfinished run: continue it with --resume, " if unfinished else ""
        raise RunDirError(out, f"run directory already exists and is not empty ({hint}"
                               "replace it with --overwrite, or choose another --out)")


def _run_fixed(backend: Backend, plan: Plan, runs: int, stream: StreamDir, options: Options,
               progress: Progress) -> list[TaskFailure]:
    total = plan.n_tasks(runs)
    pending = sorted(set(range(total)) - stream.done_tasks())
    progress.start(total, total - len(pending))
    return run_tasks(backend, plan, pending, stream, size=options.batch,
                     retries=options.retries, on_done=progress.advance)


def _run_auto(backend: Backend, plan: Plan, auto: Auto, stream: StreamDir, options: Options,
              progress: Progress) -> tuple[list[TaskFailure], int, Precision | None, str | None]:
    """Add replications in rounds until the key comparison is precise or the cap is hit.

    Each round's size follows from the results of the rounds before, which are on disk, so
    a resumed run takes the same decisions as an uninterrupted one.
    """
    names = [s.name for s in plan.scenarios]
    last = plan.scenarios[0].end_year
    runs = auto.first_round
    while True:
        failures = _run_fixed(backend, plan, runs, stream, options, progress)
        if failures:
            return failures, runs, None, None
        rows = stream.read("yearly", columns=["scenario", "draw", "replication", "year",
                                              "cost_nok"], filters=[("year", "==", last)])
        p = key_precision(rows, names, runs)
        if met(p, auto.precision_mnok):
            return [], runs, p, (f"{p.what}: Monte Carlo standard error {p.mcse_mnok:.3g} mill "
                                 f"NOK <= {auto.precision_mnok:g} after {runs} replications")
        if runs >= auto.max_runs:
            return [], runs, p, (f"stopped at max_runs = {auto.max_runs} replications: {p.what} "
                                 f"has a Monte Carlo standard error of {p.mcse_mnok:.3g} mill NOK, "
                                 f"above the target {auto.precision_mnok:g} (raise the cap or "
                                 "relax the precision)")
        runs = next_runs(p, auto.precision_mnok, auto.max_runs)
        progress.note(f"{p.what}: Monte Carlo standard error {p.mcse_mnok:.3g} mill NOK after "
                      f"{p.runs} replications; going on to {runs}")


def _finish(plan: Plan, shared: Shared, m: Municipality, stream: StreamDir, runs: int,
            backend: tuple[str, int], seconds: float, options: Options,
            precision: Precision | None, note: str | None,
            calibration: Calibration | None = None) -> Outcome:
    n = plan.n_tasks(runs)
    manifest = stream.manifest()
    final = replace(shared, scenarios=tuple(s.with_overrides(replications=runs)
                                            for s in plan.scenarios))
    # the calibration checked before the run (the fitted file is not read again at the end)
    cal = calibration or calibration_for(m, options.uncalibrated)
    meta = run_meta(final, m, runs, backend[0], backend[1], seconds, cal)
    meta.update({
        "name": plan.name, "tasks": n, "draws": plan.n_draws,
        "parameter_draws": manifest["parameter_draws"], "distributions": manifest["distributions"],
        "precision": None if precision is None else {
            **manifest["precision"], "mcse_mnok": precision.mcse_mnok, "of": precision.what,
            "note": note},
        "resumed": options.resume, "manifest": manifest,
        "discount_rate": plan.discount_rate, "discount_rate_source": plan.discount_rate_source,
        # what the intervals include, and whether there are enough replications for them
        "uncertainty": plan.uncertainty,
        # and where the fit it runs on stopped short (calibration.limits)
        "warnings": [*interval_warnings(runs), *cal.fit_warnings],
        # the staff supply's files and drawn values (issue 31; results.staffing)
        "staff_supply": supply_record(
            m.folder, runs * (1 if plan.draw_per_replication else plan.n_draws), plan.seed,
            bool(plan.distributions)),
    })
    report = options.report
    names = [s.name for s in plan.scenarios]
    parts = stream.parts()

    def assemble(dest: Path, table: str) -> None:
        # sorted out of core (DuckDB, spilling to disk) into the finished run's file; a
        # resumed run may hold more replications than it keeps (the four tables reuse one
        # DuckDB database: `results.comparison.connect`)
        assemble_table(parts[table], dest, names, keep_below=runs)

    # the report's charts are the plots (drawn once): `Options.report` writes them in
    # `options.lang`, the CLI's one language; without a report they are drawn from the
    # comparison, reading the municipality's data as the report would
    finish_streamed(stream.path, assemble, STREAM_TABLES, meta, plots=options.plots,
                    lang=options.lang,
                    before_swap=None if report is None else (lambda tmp: report(tmp, stream.path)),
                    report_charts=report is not None, discard=options.discard,
                    municipality=plan.scenarios[0].municipality)
    return Outcome(stream.path, Tables(stream.path), runs, seconds, precision, note, meta=meta)


def interval_warnings(runs: int) -> list[str]:
    """Return run.json's warnings about the intervals of ``runs`` replications (English;
    the terminal and the report word them in their language from ``replications``)."""
    if runs >= MIN_INTERVAL_RUNS:
        return []
    return [f"only {runs} replication{'s' if runs != 1 else ''}: the 90 % interval "
            f"(p05-p95) is rough; use at least {MIN_INTERVAL_RUNS} replications (--runs)"]


def execute_plan(plan: Plan, out: Path, options: Options,
                 progress: Progress | None = None) -> Outcome:
    """Run a plan into ``out`` and return the finished tables.

    Raises
    ------
    SweepError, ScenarioError, RunDirError
        Bad input, found before ``out`` is created (or touched, on resume); ``out`` in use
        by another run, or its lock left behind by a run that was killed (`RunLock`).
    TasksFailedError
        If tasks failed on every attempt; the others are saved in ``out`` for a resume.
    KeyboardInterrupt
        Passed on after the workers are stopped; finished tasks stay in ``out``.
    """
    progress = progress or Quiet()
    options = replace(options, backend=backend_for(plan, options))
    check_options(options.backend, options.workers, options.address)
    check_run_location(out)
    check_size(plan)
    shared, m = prepare(plan.scenarios, plan.seed, plan.draws, plan.sweep_file,
                        uncalibrated=options.uncalibrated, settings=plan.settings,
                        extrapolate=options.extrapolate)
    calibration = calibration_for(m, options.uncalibrated)
    load_supply(m.folder)  # a bad staff_supply.toml: one line now, not after the run
    horizon = horizon_record(plan.scenarios[0], m)
    if horizon["extrapolated"]:
        progress.note(f"warning: {plan.scenarios[0].end_year} is beyond the last year of the "
                      f"population projection ({horizon['projection_last_year']}): from "
                      f"{horizon['projection_last_year'] + 1} the population is extrapolated: "
                      f"{horizon['extrapolation_method']}")
    manifest = manifest_for(plan, m, calibration)
    if calibration.warning:
        progress.note(f"warning: {calibration.warning}")
    for warning in calibration.fit_warnings:
        progress.note(f"warning: {warning}")
    # one run per directory: the lock comes before anything is written or checked on disk
    with RunLock(out):
        return _execute_locked(plan, out, options, progress, shared, m, manifest, calibration)


def _execute_locked(plan: Plan, out: Path, options: Options, progress: Progress,
                    shared: Shared, m: Municipality, manifest: dict[str, Any],
                    calibration: Calibration) -> Outcome:
    _check_out(out, options)
    stream = StreamDir(out)
    if options.resume:
        _check_resumable(stream.manifest(), manifest, out / MANIFEST, progress)
        if stream.finished:
            from results.store import read_run
            run = read_run(out)
            return Outcome(out, Tables(out, ("yearly", "population")),
                           int(run.meta.get("replications", 0)), 0.0,
                           note=f"{out} is already complete", already_complete=True,
                           meta=run.meta)
    with open_backend(options.backend, shared, options.workers, options.address,
                      options.pool) as backend:
        if options.resume:
            stream.clean()
        else:
            if options.overwrite and out.exists():
                remove_run(out)
            stream = StreamDir.create(out, manifest,
                                      draws_frame(plan.draws) if plan.distributions else None)
        t0 = time.perf_counter()
        precision = note = None
        if isinstance(plan.runs, Auto):
            failures, runs, precision, note = _run_auto(backend, plan, plan.runs, stream,
                                                        options, progress)
        else:
            runs = plan.runs
            failures = _run_fixed(backend, plan, runs, stream, options, progress)
        used = (backend.name, backend.workers)
    seconds = time.perf_counter() - t0
    if failures:
        raise TasksFailedError(failures, out)
    return _finish(plan, shared, m, stream, runs, used, seconds, options, precision, note,
                   calibration)
