"""A finished run directory on disk: written atomically, read back with one-line errors.

The layout, the atomic write and the marker are `results.rundir`'s; this module writes a
finished run into it::

    yearly/part-00000.parquet      the engine's tidy table (a Parquet dataset directory)
    population/part-00000.parquet  persons on 1 January by age group
    summary.parquet                statistics over replications (a subset of the comparison)
    comparison.parquet, .json      the run's comparison (``results.comparison``)
    run.json                       the caller's meta plus ``trappa_run``, ``written_at``
                                   and ``files``
    plots/*.png                    optional: the report's charts (see ``results.plots``)
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from models.datafile import path_kind
from models.errors import DataFileError
from results.comparison import Comparison, connect, summary_rows
from results.comparison import compute as compute_comparison
from results.comparison import read as read_comparison
from results.comparison import write as write_comparison_files
from results.rundir import (
    FORMAT_KEY,
    FORMAT_VERSION,
    MARKER,
    PLOTS,
    REPORT,
    RUN_JSON,
    SUMMARY,
    RunDirError,
    atomic_write,
    check_removable,
    check_run_location,
    fsync_tree,
    read_json,
    swap_into_place,
    temporary_sibling,
)
from results.staffing import inputs_from_meta
from results.summary import METRICS, STATS, YEARLY_KEYS

YEARLY_COLUMNS: tuple[str, ...] = (*YEARLY_KEYS, *METRICS)
NON_NEGATIVE: tuple[str, ...] = ("recipients", "person_years", "cost_nok", "staff_hours")
POPULATION_COLUMNS: tuple[str, ...] = ("scenario", "replication", "year", "age_group", "persons")
SUMMARY_COLUMNS: tuple[str, ...] = ("scenario", "year", "trinn", "group", "metric", *STATS)
PART = "part-00000.parquet"


@dataclass(frozen=True, eq=False)
class Run:
    """One run read back from disk (``eq=False``: DataFrames do not compare to a bool).

    ``yearly`` is read on first use: the readers of a run (report, app, terminal) render
    its ``comparison`` and never need the rows, which may not fit in memory.
    """

    population: pd.DataFrame
    summary: pd.DataFrame
    meta: dict[str, Any]
    path: Path = field(default_factory=Path)
    comparison: Comparison | None = None
    _cache: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def yearly(self) -> pd.DataFrame:
        """The run's ``yearly/`` table, read whole (checked when the run was read)."""
        if "yearly" not in self._cache:
            self._cache["yearly"] = _read_dataset(self.path / "yearly", YEARLY_COLUMNS)
        return self._cache["yearly"]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _check_columns(df: pd.DataFrame, required: tuple[str, ...], where: Path) -> None:
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise RunDirError(where, f"missing column(s) {', '.join(missing)}")


def validate_yearly(yearly: pd.DataFrame, where: Path | str = "yearly") -> None:
    """Check the ``yearly`` table against the output contract.

    Raises
    ------
    RunDirError
        Naming the column: missing, negative or missing values in a column that counts
        something, a trinn outside 1-12, or a repeated (scenario, ..., group) row.
    """
    where = Path(where)
    _check_columns(yearly, YEARLY_COLUMNS, where)
    for col in NON_NEGATIVE:
        values = pd.to_numeric(yearly[col], errors="coerce")
        if values.isna().any():
            raise RunDirError(where, f"column '{col}' has missing or non-numeric values")
        if (values < 0).any():
            raise RunDirError(where, f"column '{col}' has negative values "
                                     f"(min {values.min():g})")
    bad_trinn = ~yearly["trinn"].isin(range(1, 13))
    if bad_trinn.any():
        raise RunDirError(where, f"column 'trinn' has values outside 1-12 "
                                 f"(e.g. {yearly.loc[bad_trinn, 'trinn'].iloc[0]!r})")
    # A Monte Carlo sweep repeats each replication once per parameter draw, so `draw` is
    # part of a row's identity whenever the table has it (older tables do not).
    keys = list(YEARLY_KEYS)
    if "draw" in yearly.columns:
        keys.insert(1, "draw")
    dup = yearly.duplicated(keys)
    if dup.any():
        row = yearly.loc[dup, keys].iloc[0].to_dict()
        raise RunDirError(where, f"repeated row for {row}")


def _validate_population(population: pd.DataFrame) -> None:
    where = Path("population")
    _check_columns(population, POPULATION_COLUMNS, where)
    if (pd.to_numeric(population["persons"], errors="coerce") < 0).any():
        raise RunDirError(where, "column 'persons' has negative values")


def has_capacity(meta: Mapping[str, Any]) -> bool:
    """Whether some scenario recorded in ``meta`` (run.json) limits the places of a trinn.

    A record without scenarios (a table written by hand) counts as having capacities, so
    nothing it holds is left out of its summary.
    """
    records = meta.get("scenarios")
    if not isinstance(records, list) or not records:
        return True
    return any(isinstance(r, Mapping) and isinstance(r.get("capacity"), Mapping)
               and any(r["capacity"].values()) for r in records)


def discount_rate(meta: Mapping[str, Any], where: Path | str = RUN_JSON) -> tuple[float, str]:
    """Return the run's discount rate (a fraction) and its source, as recorded in ``meta``.

    A record without ``discount_rate`` (a table written by hand; a format-1 run directory
    gets the default recorded when it is migrated) has the default of ``results.payback``.

    Raises
    ------
    RunDirError
        If ``discount_rate`` is not a number from 0 to ``MAX_DISCOUNT_RATE``, or its source
        is not a text.
    """
    from results.payback import DISCOUNT_RATE, MAX_DISCOUNT_RATE, RATE_SOURCE_DEFAULT

    rate = meta.get("discount_rate", DISCOUNT_RATE)
    source = meta.get("discount_rate_source", RATE_SOURCE_DEFAULT)
    if (not isinstance(rate, int | float) or isinstance(rate, bool) or not math.isfinite(rate)
            or not 0 <= rate <= MAX_DISCOUNT_RATE):
        raise RunDirError(Path(where), f"key 'discount_rate': must be a number from 0 to "
                                       f"{MAX_DISCOUNT_RATE:g} (a fraction), got {rate!r}")
    if not isinstance(source, str):
        raise RunDirError(Path(where), f"key 'discount_rate_source': must be a text, "
                                       f"got {source!r}")
    return float(rate), source


def _scenario_order(meta: Mapping[str, Any]) -> list[str] | None:
    records = meta.get("scenarios")
    if not isinstance(records, list):
        return None
    names = [r.get("name") for r in records if isinstance(r, Mapping)]
    return [str(n) for n in names if isinstance(n, str)] or None


def write_comparison(folder: Path, meta: Mapping[str, Any], *, flush: bool = True
                     ) -> Comparison:
    """Compute the comparison of the run in ``folder`` from its ``yearly/`` (and
    ``demography/``) dataset and write ``comparison.parquet``, ``comparison.json`` and
    ``summary.parquet`` (its subset) there; ``meta`` is the run's run.json record.
    ``flush`` False: the files are not flushed one by one (a finished run's temporary
    directory, flushed as a whole before it is renamed into place)."""
    rate, source = discount_rate(meta)
    demography = folder / "demography"
    comparison = compute_comparison(folder / "yearly",
                                    demography if demography.is_dir() else None,
                                    rate=rate, rate_source=source,
                                    has_capacity=has_capacity(meta),
                                    scenarios=_scenario_order(meta),
                                    supply=inputs_from_meta(meta))
    write_comparison_files(comparison, folder, flush=flush)
    atomic_write(folder / SUMMARY, lambda p: summary_rows(comparison).to_parquet(p, index=False),
                 flush=flush)
    return comparison


def _write_contents(tmp: Path, yearly: pd.DataFrame, population: pd.DataFrame,
                    meta: Mapping[str, Any], plots: bool, lang: str,
                    extra: Mapping[str, pd.DataFrame]) -> None:
    for name, frame in (("yearly", yearly), ("population", population), *extra.items()):
        (tmp / name).mkdir()
        frame.reset_index(drop=True).to_parquet(tmp / name / PART, index=False)
    # The comparison and the summary are computed from the dataset just written, out of
    # core (results.comparison pools parameter draws itself); the plots render it.
    write_comparison(tmp, meta, flush=False)  # tmp is flushed as a whole before its rename
    _write_record(tmp, meta)
    if plots:
        _draw_plots(tmp, lang)


def _write_record(tmp: Path, meta: Mapping[str, Any]) -> None:
    files = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file())
    record = {**meta, MARKER: True, FORMAT_KEY: FORMAT_VERSION,
              "written_at": datetime.now(UTC).isoformat(timespec="seconds"), "files": files}
    (tmp / RUN_JSON).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n",
                                encoding="utf-8")


def write_run(out_dir: Path | str, yearly: pd.DataFrame, population: pd.DataFrame,
              meta: Mapping[str, Any], *, plots: bool = True, lang: str = "nb",
              overwrite: bool = False, extra: Mapping[str, pd.DataFrame] | None = None) -> Path:
    """Write a run directory atomically and return its path.

    Everything is written into a hidden temporary sibling of ``out_dir`` which is renamed
    into place at the end, so an error or crash never leaves a half-written ``out_dir``.
    With ``overwrite`` an existing directory is first renamed aside, then deleted once the
    new one is in place.

    Parameters
    ----------
    out_dir
        The run directory to create.
    yearly, population
        The run's tidy tables (see the README's output contract).
    meta
        JSON-serialisable facts about the run (scenario, seed, code version, ...); stored
        in ``run.json`` with ``written_at`` (UTC, ISO 8601) and ``files`` added (these two
        keys are replaced if ``meta`` has them).
    plots, lang
        Whether to draw ``plots/*.png`` (the report's charts, drawn from the comparison:
        `results.plots`; they need ``meta``'s scenarios and units, as the report does), and
        in which language.
    overwrite
        Replace an existing non-empty ``out_dir`` instead of refusing.
    extra
        Further tidy tables written as Parquet datasets ``<name>/`` (e.g. ``demography``).

    Raises
    ------
    RunDirError
        If ``out_dir`` exists and is not empty without ``overwrite``, is a file, if the
        tables break the output contract or ``meta`` is not JSON-serialisable.
    """
    out_dir = Path(out_dir)
    validate_yearly(yearly)
    _validate_population(population)
    try:
        json.dumps(dict(meta))
    except (TypeError, ValueError) as exc:
        raise RunDirError(out_dir / "run.json", f"meta is not JSON-serialisable: "
                                                f"{_first_line(exc)}") from exc
    if out_dir.exists() and not out_dir.is_dir():
        raise RunDirError(out_dir, "exists and is not a directory")
    check_run_location(out_dir)
    if out_dir.is_dir() and any(out_dir.iterdir()):
        if not overwrite:
            raise RunDirError(out_dir, "run directory already exists and is not empty "
                                       "(choose another name or overwrite it)")
        check_removable(out_dir)  # only a trappa run, holding nothing else
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    # Not tempfile.mkdtemp: its 0700 mode would survive the rename and hide the run from
    # colleagues; mkdir honours the umask like any other directory.
    tmp = temporary_sibling(out_dir)
    tmp.mkdir()
    try:
        _write_contents(tmp, yearly, population, meta, plots, lang, dict(extra or {}))
        fsync_tree(tmp)
        swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def finish_run(out_dir: Path | str, yearly: pd.DataFrame, population: pd.DataFrame,
               meta: Mapping[str, Any], *, plots: bool = True, lang: str = "nb",
               extra: Mapping[str, pd.DataFrame] | None = None,
               carry: tuple[str, ...] = ("manifest.json", "draws.parquet"),
               before_swap: Callable[[Path], None] | None = None) -> Path:
    """Replace a run directory being streamed into by the finished run, atomically.

    Like ``write_run(..., overwrite=True)``, with two differences for Monte Carlo sweeps:
    the comparison, ``summary.parquet`` and the plots drawn from it treat each (draw,
    replication) pair as one sample (see `results.summary.pool_draws`), so values of
    different parameter draws are never added up; and the top-level files named in
    ``carry`` (the run's manifest and parameter draws) are copied from the existing
    ``out_dir`` into the finished one. The stored tables keep their ``draw`` and
    ``replication`` columns as given.

    Parameters
    ----------
    out_dir
        The run directory; it may exist (holding the streamed parts) or not.
    yearly, population, meta, plots, lang, extra
        As for `write_run`.
    carry
        File names in ``out_dir`` to keep; those that do not exist are skipped.
    before_swap
        Called with the finished temporary directory before it replaces ``out_dir`` (the
        report is written there, so that the run and its report appear together or not
        at all); if it raises, ``out_dir`` is left as it was.

    Raises
    ------
    RunDirError
        If the tables break the output contract, ``meta`` is not JSON-serialisable or
        ``out_dir`` is a file.
    """
    out_dir = Path(out_dir)
    validate_yearly(yearly)
    _validate_population(population)
    _check_destination(out_dir, meta)
    return _swap_in(out_dir, carry, before_swap, lambda tmp: _write_contents(
        tmp, yearly, population, meta, plots, lang, dict(extra or {})))


def _check_destination(out_dir: Path, meta: Mapping[str, Any]) -> None:
    """Check, before anything is written, that ``meta`` can be written as run.json and that
    ``out_dir`` may receive the finished run."""
    try:
        json.dumps(dict(meta))
    except (TypeError, ValueError) as exc:
        raise RunDirError(out_dir / "run.json", f"meta is not JSON-serialisable: "
                                                f"{_first_line(exc)}") from exc
    if out_dir.exists() and not out_dir.is_dir():
        raise RunDirError(out_dir, "exists and is not a directory")
    check_run_location(out_dir)
    if out_dir.is_dir() and any(out_dir.iterdir()):
        # the swap replaces the streamed directory: a file someone put there meanwhile
        # would go with it, so stop first (the streamed parts stay for --resume)
        check_removable(out_dir)


def finish_streamed(out_dir: Path | str, assemble: Callable[[Path, str], None],
                    tables: tuple[str, ...], meta: Mapping[str, Any], *, plots: bool = True,
                    lang: str = "nb", carry: tuple[str, ...] = ("manifest.json", "draws.parquet"),
                    before_swap: Callable[[Path], None] | None = None,
                    report_charts: bool = False,
                    discard: Callable[[Path], None] | None = None,
                    municipality: str | None = None) -> Path:
    """Like `finish_run`, for tables too large to hold: ``assemble(file, table)`` writes each
    of ``tables`` (``yearly`` and ``population`` first) to the Parquet ``file`` of the
    finished run (`results.assemble.assemble_table` streams the parts there in canonical
    order); the tables are then checked in batches and the comparison computed out of
    core, and the plots are drawn from the comparison, so memory does not grow with the
    replications.

    ``plots/`` holds the report's charts in ``lang``: with ``report_charts``
    (``before_swap`` writes the run's report in ``lang``) linked from the report
    (`plots_from_report`), else drawn here from the comparison (`results.plots`, reading
    the data of ``municipality`` as the report would). ``discard``: what to do with the
    streamed directory the finished run replaces (`results.rundir.swap_into_place`; by
    default it is deleted at once)."""
    out_dir = Path(out_dir)
    _check_destination(out_dir, meta)
    shared = plots and report_charts and before_swap is not None

    def write(tmp: Path) -> None:
        from results.assemble import validate_file

        for name in tables:
            (tmp / name).mkdir()
            assemble(tmp / name / PART, name)
        validate_file(tmp / "yearly" / PART, validate_yearly)
        validate_file(tmp / "population" / PART, _validate_population)
        write_comparison(tmp, meta, flush=False)  # tmp is flushed as a whole (_swap_in)
        _write_record(tmp, meta)
        if plots and not shared:
            _draw_plots(tmp, lang, municipality)

    def report_then_plots(tmp: Path) -> None:
        assert before_swap is not None
        before_swap(tmp)
        if not plots_from_report(tmp, lang):
            # the report wrote no PNG charts: draw them here
            _draw_plots(tmp, lang, municipality)

    return _swap_in(out_dir, carry, report_then_plots if shared else before_swap, write,
                    discard)


def _draw_plots(run_dir: Path, lang: str, municipality: str | None = None) -> None:
    """Draw ``plots/`` from the comparison and run.json written in ``run_dir`` and list
    them in run.json (`results.plots.draw_plots`: the report's PNG charts)."""
    # Imported here so reading and writing runs without plots never loads matplotlib.
    from results.plots import draw_plots

    draw_plots(run_dir, lang, municipality)
    _list_plots(run_dir)


def _list_plots(run_dir: Path) -> None:
    """Add ``plots/``'s files to run.json's ``files`` (written before they were)."""
    path = run_dir / RUN_JSON
    record = json.loads(path.read_text(encoding="utf-8"))
    plots = {p.relative_to(run_dir).as_posix() for p in (run_dir / PLOTS).glob("*.png")}
    record["files"] = sorted(set(record.get("files") or ()) | plots)
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def plots_from_report(run_dir: Path, lang: str) -> bool:
    """Make ``plots/`` the charts of the run's report in ``lang`` (``report/png-<lang>/``)
    and list them in run.json; False, with nothing done, if the report has no PNG charts.

    The files are hard links (copies where the file system has none): the charts are drawn
    once, for the report, instead of twice (`results.plots.draw_plots` draws the same
    files where there is no report).
    """
    charts = sorted((run_dir / REPORT / f"png-{lang}").glob("*.png"))
    if not charts:
        return False
    (run_dir / PLOTS).mkdir(exist_ok=True)
    for chart in charts:
        target = run_dir / PLOTS / chart.name
        try:
            os.link(chart, target)
        except OSError:
            shutil.copy2(chart, target)
    _list_plots(run_dir)
    return True


def _swap_in(out_dir: Path, carry: tuple[str, ...], before_swap: Callable[[Path], None] | None,
             write: Callable[[Path], None],
             discard: Callable[[Path], None] | None = None) -> Path:
    tmp = temporary_sibling(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        for name in carry:
            if (out_dir / name).is_file():
                shutil.copy2(out_dir / name, tmp / name)
        write(tmp)
        if before_swap is not None:
            before_swap(tmp)
        fsync_tree(tmp)
        swap_into_place(tmp, out_dir, discard)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        # the temporary directory is gone; the streamed replications stay for --resume
        from models.paths import os_error_text
        raise RunDirError(out_dir, f"cannot write the finished run ({os_error_text(exc)}); "
                          "nothing was left half-written: free space or permissions, then "
                          f"continue with --resume --out {out_dir}") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def _read_parquet(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise RunDirError(path, f"unreadable Parquet ({_first_line(exc)})") from exc
    _check_columns(df, required, path)
    return df


def _read_dataset(directory: Path, required: tuple[str, ...]) -> pd.DataFrame:
    if not directory.is_dir():
        raise RunDirError(directory, "missing (expected a Parquet dataset directory)")
    # Part by part, so that a damaged part is named; hidden and '_' files are not parts.
    parts = sorted(p for p in directory.glob("*.parquet") if not p.name.startswith((".", "_")))
    if not parts:
        raise RunDirError(directory, "no Parquet parts (*.parquet) in the dataset directory")
    frames: list[pd.DataFrame] = [_read_parquet(p, required) for p in parts]
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _read_meta(path: Path) -> dict[str, Any]:
    """Read run.json, refusing NaN or infinite numbers and control characters in it."""
    meta = read_json(path)
    problem = _bad_value(meta, "")
    if problem:
        raise RunDirError(path, problem)
    return meta


def _bad_value(value: Any, key: str) -> str | None:
    """Return the first NaN or infinite number or control character in JSON data, named by
    its dotted key (trappa writes neither; a NUL in a description once crashed the PDF)."""
    from models.datafile import control_character

    if isinstance(value, float) and not math.isfinite(value):
        return f"key '{key}': must be a finite number, got {value!r}"
    if isinstance(value, str) and control_character(value):
        return f"key '{key}': text holds a {control_character(value)}"
    items = (value.items() if isinstance(value, dict)
             else enumerate(value, start=1) if isinstance(value, list) else ())
    for k, v in items:
        sub = (f"{key}[{k}]" if isinstance(value, list)
               else f"{key}.{k}" if key else str(k))
        found = _bad_value(v, sub)
        if found:
            return found
    return None


def read_run(run_dir: Path | str) -> Run:
    """Read a run directory written by ``write_run``.

    Raises
    ------
    RunDirError
        Naming the missing or damaged file: no directory, no ``run.json`` or invalid JSON,
        an unreadable Parquet file, or a table without its required columns.
    """
    run_dir = Path(run_dir)
    try:
        kind = path_kind(run_dir)
    except DataFileError as exc:
        raise RunDirError(run_dir, exc.problem) from None
    if kind != "dir":
        raise RunDirError(run_dir, "run directory not found")
    meta = _read_meta(run_dir / RUN_JSON)
    meta = migrate(run_dir, meta)
    check_yearly_dataset(run_dir / "yearly")  # a hand-edited table must not reach a report
    population = _read_dataset(run_dir / "population", POPULATION_COLUMNS)
    summary_path = run_dir / SUMMARY
    if not summary_path.is_file():
        raise RunDirError(summary_path, "missing")
    summary = _read_parquet(summary_path, SUMMARY_COLUMNS)
    return Run(population=population, summary=summary, meta=meta, path=run_dir,
               comparison=read_comparison(run_dir))


def check_yearly_dataset(directory: Path) -> None:
    """Check a stored ``yearly/`` dataset against the output contract, out of core.

    The checks of `validate_yearly`, in DuckDB over the Parquet parts: the part's schema
    first (unreadable parts and missing columns are named by file), then the values.

    Raises
    ------
    RunDirError
        Naming the part or the dataset and the problem.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not directory.is_dir():
        raise RunDirError(directory, "missing (expected a Parquet dataset directory)")
    parts = sorted(p for p in directory.glob("*.parquet") if not p.name.startswith((".", "_")))
    if not parts:
        raise RunDirError(directory, "no Parquet parts (*.parquet) in the dataset directory")
    names: set[str] = set()
    for part in parts:
        try:
            schema = pq.read_schema(part)
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise RunDirError(part, f"unreadable Parquet ({_first_line(exc)})") from exc
        missing = [c for c in YEARLY_COLUMNS if c not in schema.names]
        if missing:
            raise RunDirError(part, f"missing column(s) {', '.join(missing)}")
        for col in NON_NEGATIVE:
            kind = schema.field(col).type
            if not (pa.types.is_integer(kind) or pa.types.is_floating(kind)):
                raise RunDirError(directory, f"column '{col}' has missing or non-numeric values")
        names.update(schema.names)
    files = ", ".join("'" + str(p).replace("'", "''") + "'" for p in parts)
    source = f"read_parquet([{files}], union_by_name = true)"
    with tempfile.TemporaryDirectory(prefix="trappa-duckdb-") as temp:
        _check_values(connect(Path(temp)), source, directory, names)


def _check_values(con: Any, source: str, directory: Path, names: set[str]) -> None:
    try:
        checks = ", ".join(
            f"count(*) FILTER (WHERE {c} IS NULL OR isnan(CAST({c} AS DOUBLE))), min({c})"
            for c in NON_NEGATIVE)
        row = con.execute(f"SELECT {checks} FROM {source}").fetchone() or ()
        for i, col in enumerate(NON_NEGATIVE):
            if row[2 * i]:
                raise RunDirError(directory, f"column '{col}' has missing or non-numeric values")
            if row[2 * i + 1] is not None and row[2 * i + 1] < 0:
                raise RunDirError(directory, f"column '{col}' has negative values "
                                             f"(min {row[2 * i + 1]:g})")
        bad = con.execute(f"SELECT trinn FROM {source} WHERE trinn IS NULL OR trinn < 1 "
                          "OR trinn > 12 LIMIT 1").fetchone()
        if bad is not None:
            raise RunDirError(directory, f"column 'trinn' has values outside 1-12 "
                                         f"(e.g. {bad[0]!r})")
        # a sweep repeats each replication once per parameter draw: draw is part of a
        # row's identity whenever the table has it
        keys = [k for k in ("scenario", "draw", "replication", "year", "trinn", "group")
                if k != "draw" or "draw" in names]
        key_sql = ", ".join(f'"{k}"' for k in keys)
        dup = con.execute(f"SELECT {key_sql} FROM {source} GROUP BY {key_sql} "
                          "HAVING count(*) > 1 LIMIT 1").fetchone()
        if dup is not None:
            raise RunDirError(directory, f"repeated row for {dict(zip(keys, dup, strict=True))}")
    finally:
        con.close()


def migrate(run_dir: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """Bring a finished run directory of an older format to today's, once, and return its
    run.json record.

    Format 1 (trappa 0.1.0: no ``format_version`` in run.json) had no comparison, used
    ``trinn = -1`` for the trinn 4-12 in some versions of its summary, and some of its
    run.json records had no discount rate: the comparison and the summary are computed
    from ``yearly/`` and written beside it, the default rate is recorded, and run.json
    gets the format. Readers then know a single format.

    Raises
    ------
    RunDirError
        In one line naming the version, for a format this trappa does not know (a newer
        one) or a directory it cannot write to.
    """
    version = meta.get(FORMAT_KEY, 1)
    if version == FORMAT_VERSION:
        return meta
    if version != 1:
        raise RunDirError(run_dir / RUN_JSON, f"run-directory format {version!r}; this trappa "
                                              f"reads format {FORMAT_VERSION} (and migrates 1)")
    from results.payback import DISCOUNT_RATE, RATE_SOURCE_DEFAULT
    from results.rundir import write_json

    record = {**meta, FORMAT_KEY: FORMAT_VERSION}
    record.setdefault("discount_rate", DISCOUNT_RATE)
    record.setdefault("discount_rate_source", RATE_SOURCE_DEFAULT)
    try:
        write_comparison(run_dir, record)
        write_json(run_dir / RUN_JSON, record)
    except OSError as exc:
        raise RunDirError(run_dir, f"run-directory format 1 (trappa 0.1.0) cannot be migrated "
                                   f"to format {FORMAT_VERSION}: {_first_line(exc)}") from exc
    return record
