"""The app's one adapter to the library: scenarios in, a compare run directory out.

Nothing here computes a result of its own. Scenarios are loaded and validated by the
scenario loader (from the TOML text the page builds, so the app runs exactly the file it
lets the planner save); runs go through `runners.sweep.execute_plan` on the process backend,
the same call ``trappa compare`` makes; tables are aggregated by `results.summary`; reports
are written by `results.report.write_report`. If a merge moves one of these, this module is
the only one to adjust.

Caching, with common random numbers: replicate r of every scenario shares its random
streams (keyed by replicate and root seed, never by scenario), so the reference's
replications computed once are exactly the reference rows of any comparison with the same
seed and years. The reference alone is run into ``reference/<key>/``; a comparison is a
resumable run directory ``runs/<key>/`` for the plan (reference, strategy) whose reference
tasks are filled in from that cache before the runner resumes it, so only the strategy runs
and the finished directory is the one ``trappa compare`` writes for the same scenarios.
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import dataclasses
import functools
import os
import re
import shutil
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from calibration.fitted import Calibration, calibration_for, fitted_file
from models.datafile import read_toml
from models.errors import TrappaError
from models.municipality import DATA_DIR, Municipality, estimated_values, load_municipality
from results.rundir import DONE, fsync_dir, is_trappa_run, temporary_sibling
from runners.app import cache
from runners.app.scenario_file import scenario_toml
from runners.backends.process import LastingPool
from runners.plan import Plan
from runners.stream import FINISHED, MANIFEST, STREAM_TABLES, StreamDir
from runners.sweep import Options, execute_plan, manifest_for
from scenarios import Scenario, ScenarioError, load_scenario, resolve_scenario_path
from scenarios.loader import shipped_scenarios

#: The shipped scenarios every municipality's references are taken from (until an imported
#: municipality ships its own scenario folder).
TEMPLATE = "faerder"
BACKEND = "process"


class Cancelled(Exception):  # noqa: N818 - a state, not a failure
    """The planner pressed cancel; the runner stops its workers on the way out."""


def one_line(exc: BaseException) -> str:
    """Return the message the CLI prints for ``exc`` (after ``trappa: error:``), one line,
    with the cache folder taken out of file names (the planner never saw that folder)."""
    text = str(exc).strip().splitlines()
    line = text[0] if text else type(exc).__name__
    if not isinstance(exc, TrappaError):
        line = f"{type(exc).__name__}: {line}"
    # files in the cache (<cache>/scenarios/<hash>/<name>.toml and the like) are named by
    # their file name alone: the planner never saw that folder
    line = re.sub(re.escape(str(cache.cache_dir())) + r"/(?:[^\s/'\"]+/)*", "", line)
    # and trappa's own files by their place in the source tree (scenarios/faerder/...)
    return line.replace(str(_SOURCE) + "/", "")


#: The source tree this module belongs to.
_SOURCE = Path(__file__).resolve().parents[2]


# --- municipalities and reference scenarios -------------------------------------------------

def shipped_municipalities() -> list[str]:
    """Return the municipalities shipped with trappa."""
    return sorted(p.name for p in DATA_DIR.iterdir() if p.is_dir())


def check_municipality(name: str) -> None:
    """Load a municipality's data files (shipped name or folder).

    Raises
    ------
    TrappaError
        With the CLI's one-line message if it is not a municipality.
    """
    load_municipality(name)


def last_data_year(municipality: str) -> int:
    """Return the last year of the municipality's population projection: the app offers no
    end year beyond it (the command line needs --extrapolate for one)."""
    folder = _imported.get(municipality, municipality)
    return _last_year(str(folder))


@functools.cache
def _last_year(folder: str) -> int:
    # once per folder: loading a municipality's data costs some 40 ms a page
    return max(load_municipality(folder).projection.years)


def municipality_title(name: str, lang: str) -> str:
    """Return a municipality as SSB writes it ("Færder" for the folder ``faerder``): the
    catalogue's name of a shipped one, the name an imported folder's import.toml gives."""
    from results.labels import label

    with contextlib.suppress(KeyError):
        return label(f"municipality.{name}", lang)
    folder = _imported.get(name)
    if folder is not None:
        with contextlib.suppress(OSError, ValueError):
            given = read_toml(folder / "import.toml").get("import", {}).get("name")
            if isinstance(given, str) and given.strip():
                return given.strip()
    return name.replace("_", " ").replace("-", " ").title()


def estimated(name: str) -> tuple[str, ...]:
    """Return what the importer estimated for an imported municipality (none for a shipped
    one: every value has its source)."""
    folder = _imported.get(name)
    return estimated_values(folder) if folder is not None else ()


def reference_names(municipality: str) -> list[str]:
    """Return the reference scenarios offered for a municipality."""
    own = Path(municipality).name if Path(municipality).is_dir() else municipality
    return shipped_scenarios(own) or shipped_scenarios(TEMPLATE)


def reference_title(name: str, municipality: str, lang: str) -> str:
    """Return a reference scenario's display name (its ``title``), else its name."""
    own = Path(municipality).name if Path(municipality).is_dir() else municipality
    folder = own if shipped_scenarios(own) else TEMPLATE
    return _titles(name, folder).get(lang) or name


@functools.cache
def _titles(name: str, folder: str) -> dict[str, str]:
    return dict(load_scenario(resolve_scenario_path(name, folder)).titles)


def reference_data(name: str, municipality: str, end_year: int | None = None
                   ) -> dict[str, Any]:
    """Return a reference scenario in file shape, for ``municipality`` and ``end_year``."""
    own = Path(municipality).name if Path(municipality).is_dir() else municipality
    folder = own if shipped_scenarios(own) else TEMPLATE
    data = load_scenario(resolve_scenario_path(name, folder)).to_dict()
    if municipality != data["municipality"]:
        data["municipality"] = own
    if end_year is not None:
        data["end_year"] = end_year
        _clip_interventions(data)
    return data


def _clip_interventions(data: dict[str, Any]) -> None:
    """Leave out what acts after the last year: ramp steps, and interventions that start
    later (the loader rejects years outside the run; the run's years see no difference)."""
    end = int(data["end_year"])
    kept = []
    for raw in data.get("interventions") or ():
        if "start_year" in raw and int(raw["start_year"]) > end:
            continue
        if "ramp" in raw:
            ramp = {y: s for y, s in raw["ramp"].items() if int(y) <= end}
            if not ramp:  # the effect would begin after the last year
                continue
            raw = {**raw, "ramp": ramp}
        kept.append(raw)
    if kept:
        data["interventions"] = kept
    else:
        data.pop("interventions", None)


def shipped_file(data: dict[str, Any]) -> Path | None:
    """Return the shipped file whose scenario is ``data`` (files and provenance aside)."""
    try:
        path = resolve_scenario_path(data["name"], data["municipality"])
    except ScenarioError:
        return None
    shipped = load_scenario(path).to_dict()
    same = all(shipped.get(k) == data.get(k) for k in shipped if k not in ("files",
                                                                        "provenance"))
    return path if same else None


def load_text(text: str, filename: str, bases: str | None = None) -> Scenario:
    """Validate scenario-file text with the scenario loader, as the CLI would read it.

    The text is stored as ``<cache>/scenarios/<hash>/<filename>`` (its own folder, so a
    ``base`` cannot reach the planner's files); messages name it as ``<filename>``. A file
    with a ``base`` finds it among the shipped scenarios of the municipality ``bases``
    (copied beside it: ``base = "normal.toml"`` as in the shipped folder).

    Raises
    ------
    ScenarioError
        The loader's one-line message.
    """
    name = Path(filename).name or "scenario.toml"
    folder = cache.subdir("scenarios", cache.digest([name, text, bases]))
    path = folder / name
    if not path.is_file():
        if bases is not None and _has_base(text):
            for shipped in _scenario_folder(bases).glob("*.toml"):
                if shipped.name != name:
                    shutil.copyfile(shipped, folder / shipped.name)
        path.write_text(text, encoding="utf-8")
    return load_scenario(path)


def _has_base(text: str) -> bool:
    try:
        return "base" in tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False  # the loader names the line


def _scenario_folder(municipality: str) -> Path:
    """Return the folder of the scenarios offered for ``municipality``."""
    own = Path(municipality).name if Path(municipality).is_dir() else municipality
    folder = own if shipped_scenarios(own) else TEMPLATE
    return resolve_scenario_path(shipped_scenarios(folder)[0], folder).parent


def scenario_from_data(data: dict[str, Any], header: str = "") -> tuple[Scenario, str]:
    """Write ``data`` as a scenario file, load it back; return the scenario and the text."""
    text = scenario_toml(data, header)
    return load_text(text, f"{data['name']}.toml"), text


def reference_scenario(data: dict[str, Any]) -> Scenario:
    """Return the reference: its shipped file if ``data`` is unchanged, else a cache copy."""
    path = shipped_file(data)
    if path is not None:
        return load_scenario(path)
    return scenario_from_data(data, "reference scenario written by trappa app")[0]


def _runnable(s: Scenario) -> Scenario:
    """Point an imported municipality's scenario at its folder (the scenario file names it
    by folder name, which the loader checks; the data loader reads the folder)."""
    folder = _imported.get(s.municipality)
    return dataclasses.replace(s, municipality=str(folder)) if folder else s


#: Imported municipality folders given on the command line, by folder name.
_imported: dict[str, Path] = {}


def register_imported(folder: str) -> str:
    """Remember an imported municipality folder; return the name scenarios use for it."""
    path = Path(folder).resolve()
    _imported[path.name] = path
    return path.name


# --- runs ------------------------------------------------------------------------------------

@dataclass
class Progress:
    """`runners.sweep.Progress` for the app: counts finished tasks, stops on cancel.

    Raising `Cancelled` from ``advance`` (called by the runner after every finished batch)
    leaves the backend's context, which terminates its worker processes.
    """

    on_advance: Callable[[int], None]
    cancelled: Callable[[], bool]
    on_note: Callable[[str], None] = lambda _text: None

    def start(self, total: int, completed: int) -> None:
        """Nothing to show: the job knows its totals."""
        if self.cancelled():
            raise Cancelled

    def advance(self, n: int) -> None:
        """Count tasks; stop if the planner cancelled."""
        self.on_advance(n)
        if self.cancelled():
            raise Cancelled

    def note(self, text: str) -> None:
        """Pass a runner's note on."""
        self.on_note(text)


def uncalibrated(plan: Plan, m: Municipality | None = None) -> bool:
    """True if the plan's municipality has no fitted calibration file (an imported folder
    not calibrated yet): the app then runs on the prior inputs, as ``--uncalibrated`` does,
    and says so. A fitted file that exists but is malformed is an error, as in the CLI."""
    m = m or load_municipality(plan.scenarios[0].municipality)
    return not fitted_file(m).is_file()


#: Checked calibrations by (municipality folder, its data, the fitted file, uncalibrated):
#: checking the fitted file costs a quarter second each time, and every run key needs it.
_calibrations: dict[str, Calibration] = {}


def _calibration(m: Municipality, without: bool) -> Calibration:
    path = fitted_file(m)
    stat = path.stat() if path.is_file() else None
    key = cache.digest([str(m.folder.resolve()), m.input_hashes(), str(path),
                        [stat.st_mtime_ns, stat.st_size] if stat else None, without])
    if key not in _calibrations:
        _calibrations[key] = calibration_for(m, without)
    return _calibrations[key]


def _manifest(plan: Plan, m: Municipality | None = None) -> dict[str, Any]:
    m = m or load_municipality(plan.scenarios[0].municipality)
    return manifest_for(plan, m, _calibration(m, uncalibrated(plan, m)))


class _Pools:
    """The app server's worker processes, one pool kept for its lifetime.

    Starting two spawned workers (each imports the engine) costs seconds per run on a busy
    machine; kept, a run after the first only ships its inputs. A cancelled run terminates
    the workers (`LastingPool.discard`), and the next run starts a new pool.
    """

    guard = threading.Lock()
    pool: LastingPool | None = None


#: The workers' niceness: the page (the server's threads, the job's driver thread) comes
#: before the replications, so a click during a run answers while both cores compute. With
#: the kernel's autogroups (the default) the app's processes share one group, so this
#: orders the app's own processes and takes nothing from the app against other programs.
WORKER_NICENESS = 5


def lasting_pool(workers: int | None = None) -> LastingPool:
    """Return the app's worker pool (``workers`` processes, default one per CPU)."""
    n = workers or os.cpu_count() or 1
    with _Pools.guard:
        if _Pools.pool is None or _Pools.pool.workers != n:
            old, _Pools.pool = _Pools.pool, LastingPool(n)
            if old is None:
                atexit.register(close_pool)
            else:  # another worker count asked for: the old workers are not needed
                old.close()
        return _Pools.pool


def warm_pool(workers: int | None = None) -> LastingPool:
    """Start the app's workers if none run (a new pool after a cancelled run) and give
    them `WORKER_NICENESS`; return the pool."""
    pool = lasting_pool(workers)
    pool.warm()
    for pid in pool.pids():
        # a worker that has just ended is not an error: the next run starts a new pool
        with contextlib.suppress(OSError):
            if os.getpriority(os.PRIO_PROCESS, pid) < WORKER_NICENESS:
                os.setpriority(os.PRIO_PROCESS, pid, WORKER_NICENESS)
    return pool


def close_pool() -> None:
    """Stop the app's workers (at exit; the next run would start new ones)."""
    with _Pools.guard:
        pool, _Pools.pool = _Pools.pool, None
    if pool is not None:
        pool.close()


#: Seconds a replaced streamed directory is kept before it is deleted: the page draws the
#: result meanwhile (deleting 20 replications' parts took 0.2-0.4 s of the run's end).
DISCARD_AFTER = 2.0


def _removable(path: Path) -> bool:
    """True for a streamed run directory the app replaced: a hidden ``.<name>.old-<hex>``
    folder in the app's cache, written by trappa (its manifest carries the marker)."""
    cache_root = cache.cache_dir().resolve()
    return (path.name.startswith(".") and ".old-" in path.name
            and path.resolve().parent.parent == cache_root and is_trappa_run(path))


def discard_later(old: Path, delay: float = DISCARD_AFTER) -> None:
    """Delete ``old``, a streamed directory its finished run has replaced
    (`results.rundir.swap_into_place`), in a background thread after ``delay`` seconds: the
    result is shown first. Anything else is left alone (a folder the app did not write, a
    folder outside its cache); an app stopped before the deletion leaves the folder to
    `discard_leftovers`."""
    def remove() -> None:
        time.sleep(delay)
        if _removable(old):
            shutil.rmtree(old, ignore_errors=True)

    threading.Thread(target=remove, name="trappa-app-discard", daemon=True).start()


def discard_leftovers() -> None:
    """Delete the replaced streamed directories an earlier app left in the cache (stopped
    before `discard_later` deleted them): only those whose finished run is in place (else
    `results.rundir.recover_swap` may still need them)."""
    for kind in ("reference", "runs"):
        folder = cache.cache_dir() / kind
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            name = path.name[1:].split(".old-")[0] if ".old-" in path.name else ""
            if name and finished(folder / name) and _removable(path):
                shutil.rmtree(path, ignore_errors=True)


def _options(workers: int | None, resume: bool, without_calibration: bool) -> Options:
    # one task per batch: the cancel button and the progress bar react within one
    # replication; no plots, the page draws its own (the report draws the council's); the
    # streamed parts are deleted after the result is shown, not before
    return Options(backend=BACKEND, workers=workers, resume=resume, plots=False, batch=1,
                   uncalibrated=without_calibration, pool=warm_pool(workers),
                   discard=discard_later)


def compare_plan(scenarios: list[Scenario], seed: int, runs: int,
                 m: Municipality | None = None) -> Plan:
    """Return the plan ``trappa compare`` builds for these scenarios, seed and runs: one
    draw of the uncertain parameters per replication (`runners.uncertainty`), so the page's
    bands include them as the council report's do. ``m``: the scenarios' municipality, if
    already loaded."""
    from runners.uncertainty import with_parameter_draws

    chosen = [s.with_overrides(replications=runs) for s in scenarios]  # the seed: the plan's
    plan = Plan(name="-vs-".join(s.name for s in chosen), scenarios=tuple(chosen), seed=seed,
                runs=runs)
    return with_parameter_draws(plan, uncalibrated=uncalibrated(plan, m))


def _key(plan: Plan, m: Municipality | None = None) -> str:
    return _keyed(plan, m)[1]


def _keyed(plan: Plan, m: Municipality | None = None) -> tuple[dict[str, Any], str]:
    """Return the plan's manifest and its cache key."""
    manifest = _manifest(plan, m)
    keyed = copy.deepcopy(manifest)
    keyed.pop("created", None)
    for s in keyed["scenarios"]:
        # where a value came from does not change the tables
        s.pop("files", None)
        s.pop("provenance", None)
    return manifest, cache.digest(keyed)


@dataclass(frozen=True)
class Keys:
    """A comparison's plans and cache folders, worked out once per run: each key loads the
    municipality and checks its inputs and fitted calibration (tenths of a second each on
    the 2-core machine, which a run used to pay five times over)."""

    reference_plan: Plan
    reference: Path         # the reference's run directory
    plan: Plan
    out: Path               # the comparison's run directory
    manifest: dict[str, Any]  # the comparison's manifest
    uncalibrated: bool


def _reference_keys(ref: Scenario, seed: int, runs: int,
                    m: Municipality | None = None) -> tuple[Plan, Path, Municipality]:
    ref = _runnable(ref)
    m = m or load_municipality(ref.municipality)
    plan = compare_plan([ref], seed, runs, m)
    return plan, cache.cache_dir() / "reference" / _key(plan, m), m


def keys_for(ref: Scenario, strategy: Scenario, seed: int, runs: int) -> Keys:
    """Return the plans and cache folders of the strategy against the reference."""
    ref_plan, ref_dir, m = _reference_keys(ref, seed, runs)
    plan = compare_plan([_runnable(ref), _runnable(strategy)], seed, runs, m)
    manifest, key = _keyed(plan, m)
    return Keys(ref_plan, ref_dir, plan, cache.cache_dir() / "runs" / key, manifest,
                uncalibrated(plan, m))


#: One lock per run directory: two sessions asking for the same reference (or comparison)
#: at once run it once, the second then finds it finished.
_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock(path: Path) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(path, threading.Lock())


def _prepare_dir(path: Path) -> bool:
    """Return True if ``path`` is a finished run; clear a damaged one."""
    if (path / FINISHED).is_file():
        return True
    if path.exists() and not (path / MANIFEST).is_file():
        shutil.rmtree(path)  # inside the cache: a half-created folder of ours
    return False


def finished(run_dir: Path) -> bool:
    """Return whether a cached run directory is complete."""
    return (run_dir / FINISHED).is_file()


def reference_dir(ref: Scenario, seed: int, runs: int) -> Path:
    """Return where the reference's run is cached (it may not exist yet)."""
    return _reference_keys(ref, seed, runs)[1]


def run_reference(ref: Scenario, seed: int, runs: int, progress: Progress,
                  workers: int | None = None, keys: Keys | None = None) -> Path:
    """Run the reference alone (or find it in the cache); return its run directory."""
    if keys is None:
        plan, out, m = _reference_keys(ref, seed, runs)
        without = uncalibrated(plan, m)
    else:
        plan, out, without = keys.reference_plan, keys.reference, keys.uncalibrated
    with _lock(out):
        if _prepare_dir(out):
            return out
        execute_plan(plan, out, _options(workers, (out / MANIFEST).is_file(), without),
                     progress)
    return out


def _reference_parts(plan: Plan, runs: int, ref_dir: Path) -> Path:
    """Return the folder of the reference's replications as a comparison's reference tasks
    (`StreamDir` parts and done records), written once per reference and task layout.

    Each comparison links these files (`_link_parts`) instead of writing them again: 20
    replications are 100 files, each written and flushed, about a second on the 2-core
    machine. The folder is complete or absent (written under a temporary name, renamed).
    """
    per_run = plan.tasks_per_run()
    folder = cache.subdir("reference-parts") / f"{ref_dir.name}-{per_run}"
    with _lock(folder):
        if folder.is_dir():
            return folder
        tmp = temporary_sibling(folder)
        try:
            stream = StreamDir(tmp)
            for sub in (*STREAM_TABLES, DONE):
                (tmp / sub).mkdir(parents=True)
            tables = {name: pd.read_parquet(ref_dir / name) for name in STREAM_TABLES}
            for r in range(runs):
                part = {name: df[df["replication"] == r].reset_index(drop=True)
                        for name, df in tables.items()}
                # task index = replication x tasks per replicate + scenario (reference: 0)
                stream.write_part(r * per_run, r * per_run + 1, part)
            tmp.rename(folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return folder


def _link_parts(parts: Path, out: Path) -> None:
    """Put the reference's parts into the comparison's run directory as hard links (a copy
    where the cache spans file systems): the tables first, then the done records, each
    folder flushed, so a done record never names a part that is not there. Nothing writes
    into a part once it exists (files are replaced, never rewritten), so the links stay
    the reference's bytes."""
    for sub in (*STREAM_TABLES, DONE):
        for f in sorted((parts / sub).iterdir()):
            target = out / sub / f.name
            if target.exists():
                continue
            try:
                os.link(f, target)
            except OSError:
                shutil.copyfile(f, target)
        fsync_dir(out / sub)


def run_comparison(ref: Scenario, strategy: Scenario, seed: int, runs: int,
                   progress: Progress, workers: int | None = None,
                   keys: Keys | None = None) -> Path:
    """Run the strategy against the cached reference; return the compare run directory.

    Raises
    ------
    TrappaError
        Bad input (the scenarios do not fit together), with the CLI's message.
    Cancelled
        If the planner cancelled; finished tasks stay in the cache for the next run.
    """
    keys = keys or keys_for(ref, strategy, seed, runs)
    plan, out = keys.plan, keys.out
    if finished(out):
        return out
    ref_dir = run_reference(ref, seed, runs, progress, workers, keys)
    with _lock(out):
        if _prepare_dir(out):
            return out
        if not (out / MANIFEST).is_file():
            parts = _reference_parts(plan, runs, ref_dir)
            StreamDir.create(out, keys.manifest)
            _link_parts(parts, out)
        execute_plan(plan, out, _options(workers, True, keys.uncalibrated), progress)
    return out


# --- reports ---------------------------------------------------------------------------------

def report_files(run_dir: Path, lang: str) -> dict[str, Path]:
    """Write (once) and return the council's workbook and PDF of a compare run directory."""
    from results.report import output_names, write_report

    names = output_names(lang)
    files = {fmt: run_dir / "report" / names[fmt] for fmt in ("xlsx", "pdf")}
    if not all(p.is_file() for p in files.values()):
        write_report(run_dir, lang, ("xlsx", "pdf"))
    return files


#: What the Parquet download holds: the run's datasets and its record.
PARQUET_ITEMS = ("yearly", "population", "demography", "summary.parquet", "comparison.parquet",
                 "comparison.json", "run.json")


def parquet_zip(run_dir: Path) -> bytes:
    """Return a zip of the run's Parquet datasets, ``summary.parquet``, the comparison and
    ``run.json``."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in PARQUET_ITEMS:
            path = run_dir / item
            files = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
            for f in files:
                if f.is_file():
                    zf.write(f, f.relative_to(run_dir).as_posix())
    return buf.getvalue()
