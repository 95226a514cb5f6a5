"""One comparison per run, computed once from the stored dataset and stored beside it.

`compute` reads the run's ``yearly/`` (and ``demography/``) Parquet dataset with DuckDB and
never holds the rows in the driver: DuckDB keeps the per-replication totals in its own
tables (they spill to disk under its memory limit), and the statistics over replications
are taken in passes of at most `ROWS_PER_PASS` rows (by scenario and year if the table
has more), because
DuckDB's exact quantiles keep every value of a group in memory and do not spill.

The result is one long table, one row per (scenario, year, trinn, group, metric) with the
statistics of ``results.summary.STATS`` over replications, in the codes of
``summary.parquet`` (``trinn = 0`` every trinn, ``-1`` pleie og omsorg, ``-2`` trinn 4-12,
``group = "all"``; ``trinn = 1..12, group = "all"`` a trinn over its need groups; ``trinn
= 0, group = "dementia"`` the dementia group). Its metrics:

* levels: the ``yearly`` metrics (``results.summary.METRICS``) per trinn and group, per
  trinn, per aggregate and for the dementia group; the boligtrapp and the persons with
  dementia of ``demography/`` (``boligtrapp_<step>_persons`` / ``_dwellings``,
  ``dementia_31dec``, ``trinn = 0``); the family carers' ratio ``family_carer_ratio``
  (inhabitants 50-66 per inhabitant 85+ on 31 December, per replication) where
  ``demography/`` counts them;
* paired differences against the reference (the first scenario) in the same replication
  (common random numbers): ``d_<metric>`` per trinn, aggregate and for the dementia group,
  ``d_cost_cum_nok`` the cumulative Δ cost from the first year per aggregate;
* the horizon (in the last year's row, ``trinn = 0``): ``first_saving_year``,
  ``payback_year``, ``pv_d_cost_nok`` (the present value at the run's rate), ``saves``,
  ``pays_back`` per replication (``results.payback``), and the same figures of the mean
  path (``*_of_mean``: a payback year is a property of a path; the report and the app
  headline the mean path's, the terminal adds the spread over replications).

Sign convention (docs/reports.md): a difference is scenario minus reference, so a negative
difference is lower than the reference: a saving.

* the staffing gap (issue 31, ``results.staffing``), where the run recorded its staff
  supply inputs: supply, gap (årsverk, persons, share of need) per year and the first
  year over the threshold and the hires that would close it, at ``trinn = -1``.

A new measure is a new metric in this table; its readers select rows, so they do not change.

``summary.parquet`` is a subset of this table (`summary_rows`): what it held before.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from results.payback import (
    DISCOUNT_RATE,
    HORIZON_METRICS,
    PAYBACK_METRICS,
    RATE_SOURCE_DEFAULT,
    first_saving_year,
    payback_year,
)
from results.rundir import COMPARISON, COMPARISON_JSON
from results.staffing import METRICS as STAFFING_METRICS
from results.staffing import SupplyInputs
from results.summary import (
    AGGREGATES,
    GROUP_ALL,
    METRICS,
    STATS,
    TRINN_ALL,
    TRINN_CARE,
    WAITING_METRICS,
    ResultsError,
)

#: comparison.json's ``format``: bumped when the table's meaning changes.
FORMAT = "trappa-comparison/1"
KEYS: tuple[str, ...] = ("scenario", "year", "trinn", "group")
COLUMNS: tuple[str, ...] = (*KEYS, "metric", *STATS)
DEMENTIA = "dementia"
#: Metrics of a paired difference: ``d_`` + a level metric.
DELTA_METRICS: tuple[str, ...] = tuple(f"d_{m}" for m in METRICS)
#: The cumulative Δ cost from the first year (per aggregate).
CUMULATIVE = "d_cost_cum_nok"
#: The horizon figures of the mean path (deterministic: ``mean`` holds the value, ``n`` the
#: replications of the mean; NaN where the year never comes within the horizon).
MEAN_PATH_METRICS: tuple[str, ...] = ("first_saving_year_of_mean", "payback_year_of_mean")
#: The boligtrapp's steps (sim/housing.py), lowest first.
HOUSING_STEPS: tuple[str, ...] = ("ordinary", "age_friendly", "short_stay", "staffed_housing",
                                  "institution")
DEMOGRAPHY_METRICS: tuple[str, ...] = (
    "persons_end", "persons_80plus_31dec", "dementia_31dec",
    "persons_50_66_31dec", "persons_85plus_31dec",
    *(f"boligtrapp_{s}_{w}" for s in HOUSING_STEPS
                        for w in ("persons", "dwellings")))
#: Family carers (issue 31): inhabitants 50-66 per inhabitant 85+ on 31 December, the
#: ratio taken in each replication, then summarised.
FAMILY_RATIO = "family_carer_ratio"
SIGN_CONVENTION = ("a difference is scenario minus reference in the same replication: "
                   "negative = lower than the reference = a saving")
#: Rows of one statistics pass (the values DuckDB's exact quantiles hold at once).
ROWS_PER_PASS = 2_000_000
#: DuckDB's memory limit: its tables spill to disk beyond it.
MEMORY_LIMIT = "1GB"


@dataclass(frozen=True, eq=False)
class Comparison:
    """A run's comparison (``eq=False``: a DataFrame does not compare to a bool).

    Attributes
    ----------
    table
        Columns ``COLUMNS`` (see the module docstring for codes and metrics).
    reference
        The scenario every difference is taken against (the run's first).
    scenarios, years
        In run order; years ascending.
    rate, rate_source
        The run's discount rate (a fraction) of ``pv_d_cost_nok`` and where it comes from.
    has_capacity
        Whether some scenario limits places (the waiting lists mean something).
    """

    table: pd.DataFrame
    reference: str
    scenarios: tuple[str, ...]
    years: tuple[int, ...]
    rate: float
    rate_source: str
    has_capacity: bool

    @property
    def strategies(self) -> tuple[str, ...]:
        """The scenarios compared with the reference."""
        return self.scenarios[1:]

    def rows(self, metric: str | Sequence[str], trinn: int | None = TRINN_ALL,
             group: str | None = GROUP_ALL) -> pd.DataFrame:
        """Return the rows of ``metric`` (one or several) at ``trinn`` and ``group``
        (None: every trinn / group)."""
        t = self.table
        metrics = [metric] if isinstance(metric, str) else list(metric)
        if trinn is not None and group is not None:
            # A look-up (a mask over the table's text columns cost ~5 ms a call, and a
            # report makes some sixty); the same rows in the table's order.
            found = [self._row_groups.get((m, int(trinn), group)) for m in metrics]
            parts = [f for f in found if f is not None]
            at = np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.intp)
            return t.iloc[at]
        mask = t["metric"].isin(metrics)
        if trinn is not None:
            mask &= t["trinn"] == trinn
        if group is not None:
            mask &= t["group"] == group
        return t[mask]

    def prepare(self) -> None:
        """Build the look-ups of ``rows`` and ``stat`` now rather than at their first use:
        before a report's processes part, so that each does not build its own."""
        _ = self._row_groups, self._scenario_codes, self._year_codes, self._columns

    @cached_property
    def _row_groups(self) -> dict[tuple[str, int, str], np.ndarray]:
        """The positions of each (metric, trinn, group)'s rows, ascending: built once (by
        pandas' grouping, in C: a Python loop over the rows cost 35 ms a comparison)."""
        t = self.table
        groups = t.groupby([t["metric"].astype(str), t["trinn"].astype("int64"),
                            t["group"].astype(str)], sort=False).indices
        return {(str(m), int(k), str(g)): np.asarray(at, dtype=np.intp)
                for (m, k, g), at in groups.items()}

    def stat(self, scenario: str, metric: str, year: int | None = None,
             trinn: int = TRINN_ALL, group: str = GROUP_ALL) -> dict[str, Any] | None:
        """Return one row's statistics (``mean``, ``p05``, ... ``n``), or None if absent.

        ``year`` None is the last year (where the horizon figures are).
        """
        year = self.years[-1] if year is None else year
        at = self._row_groups.get((metric, int(trinn), group))
        if at is None:
            return None
        # the first row of the key wins, as a scan of the table would find it
        hit = np.flatnonzero((self._scenario_codes[at] == scenario)
                             & (self._year_codes[at] == int(year)))
        return None if not len(hit) else self._row(int(at[hit[0]]))

    def _row(self, at: int) -> dict[str, Any]:
        # what ``table.iloc[at].to_dict()`` returns (numpy scalars as Python's), without a
        # row Series per call: the app and the report ask for some hundred rows
        return {name: value.item() if isinstance(value, np.generic) else value
                for name, value in ((name, column[at]) for name, column in self._columns)}

    @cached_property
    def _columns(self) -> list[tuple[str, np.ndarray]]:
        return [(str(name), self.table[name].to_numpy()) for name in self.table.columns]

    @cached_property
    def _scenario_codes(self) -> np.ndarray:
        return self.table["scenario"].astype(str).to_numpy(dtype=object)

    @cached_property
    def _year_codes(self) -> np.ndarray:
        return self.table["year"].astype("int64").to_numpy()

    def series(self, scenario: str, metric: str, trinn: int = TRINN_ALL,
               group: str = GROUP_ALL) -> pd.DataFrame:
        """Return a metric's rows of one scenario indexed by year, ascending."""
        rows = self.rows(metric, trinn, group)
        return rows[rows["scenario"] == scenario].set_index("year").sort_index()


# --- reading and writing ----------------------------------------------------------------------

def write(comparison: Comparison, folder: Path, *, flush: bool = True) -> None:
    """Write ``comparison.parquet`` and ``comparison.json`` into ``folder`` (``flush``: as
    `results.rundir.atomic_write`)."""
    from results.rundir import atomic_write, write_json

    atomic_write(folder / COMPARISON,
                 lambda p: comparison.table.to_parquet(p, index=False), flush=flush)
    record = {"format": FORMAT, "reference": comparison.reference,
              "scenarios": list(comparison.scenarios), "years": list(comparison.years),
              "discount_rate": comparison.rate, "discount_rate_source": comparison.rate_source,
              "has_capacity": comparison.has_capacity, "sign": SIGN_CONVENTION}
    write_json(folder / COMPARISON_JSON, record, flush=flush)


def read(folder: Path | str) -> Comparison:
    """Read a run directory's comparison.

    Raises
    ------
    RunDirError
        Naming the missing or damaged file, or a comparison of another format.
    """
    from results.rundir import RunDirError, read_json

    folder = Path(folder)
    meta = read_json(folder / COMPARISON_JSON)
    if meta.get("format") != FORMAT:
        raise RunDirError(folder / COMPARISON_JSON, f"comparison format {meta.get('format')!r}, "
                                                    f"expected {FORMAT!r}")
    path = folder / COMPARISON
    try:
        table = pd.read_parquet(path)
    except FileNotFoundError:
        raise RunDirError(path, "missing") from None
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise RunDirError(path, f"unreadable Parquet ({str(exc).splitlines()[0]})") from exc
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise RunDirError(path, f"missing column(s) {', '.join(missing)}")
    try:
        return Comparison(table=table, reference=str(meta["reference"]),
                          scenarios=tuple(str(s) for s in meta["scenarios"]),
                          years=tuple(int(y) for y in meta["years"]),
                          rate=float(meta["discount_rate"]),
                          rate_source=str(meta["discount_rate_source"]),
                          has_capacity=bool(meta["has_capacity"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise RunDirError(folder / COMPARISON_JSON, f"bad or missing key ({exc})") from exc


def summary_rows(comparison: Comparison) -> pd.DataFrame:
    """Return ``summary.parquet``: the comparison's levels per trinn and group and per
    aggregate, and the payback rows (``results.payback.PAYBACK_METRICS``) of the aggregates.

    The waiting metrics are left out unless the run has capacities: without them nobody
    ever waits, and rows of zeros would suggest a waiting list was modelled.
    """
    t = comparison.table
    metrics = [m for m in (*METRICS, *PAYBACK_METRICS)
               if comparison.has_capacity or m not in WAITING_METRICS]
    detail = (t["trinn"] > 0) & (t["group"] != GROUP_ALL)
    aggregate = (t["trinn"] <= 0) & (t["group"] == GROUP_ALL)
    payback = t["metric"].isin(PAYBACK_METRICS)
    keep = t["metric"].isin(metrics) & ((detail & ~payback) | aggregate)
    return t.loc[keep, list(COLUMNS)].reset_index(drop=True)


# --- computing --------------------------------------------------------------------------------

def _parts(directory: Path) -> list[str]:
    return sorted(str(p) for p in directory.glob("*.parquet")
                  if not p.name.startswith((".", "_")))


def _footer(files: Sequence[str]) -> tuple[set[str], int]:
    """Return the column names and the rows of Parquet ``files`` from their footers (what a
    DESCRIBE and a count of DuckDB's would say, without a query)."""
    import pyarrow.parquet as pq

    names: set[str] = set()
    rows = 0
    for f in files:
        meta = pq.read_metadata(f)
        names.update(meta.schema.names)
        rows += meta.num_rows
    return names, rows


def _read(files: Sequence[str]) -> str:
    quoted = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
    return f"read_parquet([{quoted}], union_by_name = true)"


def _sums(metrics: Sequence[str], where: str | None = None) -> list[str]:
    # A combination with no row left after the filter is zero, not missing (as in
    # results.summary.totals): it still counts as a replication.
    if where is None:
        return [f"sum({m})" for m in metrics]
    return [f"coalesce(sum({m}) FILTER (WHERE {where}), 0)" for m in metrics]


def _sum(metrics: Sequence[str], where: str | None = None) -> str:
    return ", ".join(f"{s} AS {m}" for s, m in zip(_sums(metrics, where), metrics, strict=True))


def _stats_sql(source: str, keys: Sequence[str], metrics: Sequence[str], where: str) -> str:
    # numpy's default (linear) quantile is DuckDB's quantile_cont; sd is the sample sd. The
    # three quantiles are one aggregate (one sort), taken apart in SQL: a list column
    # costs a Python object per row in pandas.
    inner, outer = [], []
    for m in metrics:
        inner += [f"avg({m}) AS \"{m}|mean\"",
                  f"quantile_cont({m}, [0.05, 0.5, 0.95]) AS \"{m}|q\"",
                  f"stddev_samp({m}) AS \"{m}|sd\"", f"count({m}) AS \"{m}|n\""]
        outer += [f"\"{m}|mean\"", *(f"\"{m}|q\"[{i}] AS \"{m}|{p}\""
                                     for i, p in enumerate(("p05", "p50", "p95"), start=1)),
                  f"\"{m}|sd\"", f"\"{m}|n\""]
    key_sql = ", ".join(f'"{k}"' for k in keys)
    return (f"SELECT {key_sql}, {', '.join(outer)} FROM (SELECT {key_sql}, {', '.join(inner)} "
            f"FROM {source} WHERE {where} GROUP BY {key_sql})")


def _long(wide: pd.DataFrame, keys: Sequence[str], metrics: Sequence[str]) -> pd.DataFrame:
    """The statistics of ``wide`` (one row per key combination, columns per metric) as one
    row per key combination and metric, metric by metric (whole columns at a time)."""
    def column(name: str) -> np.ndarray:
        values = wide[name]
        if values.dtype.kind == "f":
            # DuckDB's DOUBLE, NULL as NaN already: the values as they are (the general
            # conversion below costs a tenth of a second of a comparison's third)
            return values.to_numpy(dtype=float, copy=False)
        # an all-NULL group has no statistics (NULL, NaN here)
        return pd.to_numeric(values, errors="coerce").astype(float).to_numpy()

    def stacked(stat: str) -> np.ndarray:
        return np.concatenate([column(f"{m}|{stat}") for m in metrics])

    n = np.concatenate([wide[f"{m}|n"].astype("int64").to_numpy() for m in metrics])
    sd = stacked("sd")
    with np.errstate(invalid="ignore", divide="ignore"):
        mcse = sd / np.sqrt(n)
    return pd.DataFrame({
        **{k: np.tile(wide[k].to_numpy(), len(metrics)) for k in keys},
        "metric": np.repeat(np.array(list(metrics), dtype=object), len(wide)),
        "mean": stacked("mean"), "p05": stacked("p05"), "p50": stacked("p50"),
        "p95": stacked("p95"), "sd": sd, "mcse": mcse, "n": n})


def connect(temp: Path, memory_limit: str = MEMORY_LIMIT) -> Any:
    """Return a DuckDB connection that spills to ``temp`` beyond ``memory_limit``; its
    ``close`` must be called (it hands the database back, `_Connection`).

    One thread: a sum's order, so its last bits, must not depend on scheduling (a
    difference of two equal paths is exactly 0, and the sign of a difference decides the
    saving years); the machine this runs on is small anyway.

    The connection is to an in-memory database of this process that nobody else uses
    meanwhile (`_IDLE`), left as new by the last user: a new database costs some 20 ms
    of CPU (its catalogue of built-in functions), and a run's finishing and its report
    open several (the assembly, the comparison, the report's checks of the run), all on
    the way to the report.
    """
    setting = "SET temp_directory = '" + temp.as_posix().replace("'", "''") + "'"
    db = _idle_database()
    con = db.cursor()
    try:
        con.execute(setting)
    except Exception:
        # a database that spilled keeps its temporary folder (DuckDB refuses the switch)
        con.close()
        db.close()
        db = _new_database()
        con = db.cursor()
        con.execute(setting)
    con.execute("SET threads = 1")
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET memory_limit = '{memory_limit}'")
    return _Connection(db, con)


#: In-memory DuckDB databases of this process that no connection uses (`connect`), and
#: the process they belong to (a forked child starts its own: a database is not shared
#: across a fork). At most `IDLE_KEPT` are kept.
_IDLE: list[Any] = []
_idle_owner = [os.getpid()]
_idle_guard = threading.Lock()
IDLE_KEPT = 2


#: The parent's idle databases in a forked child: never used nor closed there (a lock of
#: the parent's copy could be held), only kept from being collected.
_FOREIGN: list[Any] = []


def _idle_database() -> Any:
    with _idle_guard:
        if _idle_owner[0] != os.getpid():  # a forked child: the parent's are not ours
            _FOREIGN.extend(_IDLE)
            _IDLE.clear()
            _idle_owner[0] = os.getpid()
        if _IDLE:
            return _IDLE.pop()
    return _new_database()


def _new_database() -> Any:
    import duckdb

    # no cache of the files read (a run's files are rewritten under the same names)
    return duckdb.connect(config={"threads": 1, "enable_external_file_cache": False})


class _Connection:
    """A connection to one of `connect`'s databases, which `close` hands back as new: the
    views and tables it made are dropped (its temporary ones go with the connection)."""

    def __init__(self, db: Any, con: Any) -> None:
        self._db = db
        self._con = con

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)

    def close(self) -> None:
        """Close the connection and hand its database back (or close it, if it cannot be
        cleared)."""
        con, self._con = self._con, None
        if con is None:
            return
        try:
            for kind, listing in (
                    ("VIEW", "SELECT schema_name, view_name FROM duckdb_views() "
                             "WHERE NOT internal AND NOT temporary"),
                    ("TABLE", "SELECT schema_name, table_name FROM duckdb_tables() "
                              "WHERE NOT temporary")):
                for schema, name in con.execute(listing).fetchall():
                    con.execute(f'DROP {kind} "{_quoted(schema)}"."{_quoted(name)}"')
            con.close()
        except Exception:  # e.g. after an interrupted query: a new database next time
            with contextlib.suppress(Exception):
                con.close()
            self._db.close()
            return
        with _idle_guard:
            if _idle_owner[0] == os.getpid() and len(_IDLE) < IDLE_KEPT:
                _IDLE.append(self._db)
                return
        self._db.close()


def _quoted(name: str) -> str:
    return name.replace('"', '""')


class _Engine:
    """One DuckDB connection over a run's dataset (see the module docstring).

    A dataset of at most ``rows_per_pass`` rows (every run the app and the README's main
    job make) is read from its Parquet files once, into DuckDB tables that every query then
    scans (a view re-reads and re-pools the files in each of a comparison's ten scans); a
    larger one stays a view, so DuckDB streams it. A table scans in the order it was
    written, the view's order, so every sum adds the same values in the same order.
    ``rows`` holds the row count of each table whose count is known (`passes`).
    """

    def __init__(self, yearly: Path, demography: Path | None, temp: Path,
                 memory_limit: str, rows_per_pass: int) -> None:
        self.con = connect(temp, memory_limit)
        self.rows_per_pass = rows_per_pass
        self.rows: dict[str, int] = {}
        files = _parts(yearly)
        if not files:
            raise ResultsError(f"{yearly}: no Parquet parts")
        columns, n = _footer(files)
        self.con.execute(f"CREATE VIEW src AS SELECT * FROM {_read(files)}")
        self.metrics = [m for m in METRICS if m in columns]
        self._pool("y", "src", columns, n)
        self.demography = None
        if demography is not None and _parts(demography):
            dfiles = _parts(demography)
            dcols, dn = _footer(dfiles)
            self.con.execute(f"CREATE VIEW dsrc AS SELECT * FROM {_read(dfiles)}")
            self.demography = [m for m in DEMOGRAPHY_METRICS if m in dcols]
            self._pool("dem", "dsrc", dcols, dn)

    def _pool(self, name: str, source: str, columns: set[str], rows: int) -> None:
        # A sweep's (draw, replication) pairs are numbered as one replication each, in
        # (draw, replication) order, as results.summary.pool_draws does.
        draws = "draw" in columns and self.con.execute(
            f"SELECT count(DISTINCT draw) FROM {source}").fetchone()[0] > 1  # type: ignore[index]
        if draws:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name}_pairs AS SELECT draw, "
                             "replication, (row_number() OVER (ORDER BY draw, replication)) - 1 "
                             f"AS pooled FROM (SELECT DISTINCT draw, replication FROM {source})")
            select = (f"SELECT s.* EXCLUDE (replication, draw), p.pooled AS replication FROM "
                      f"{source} s JOIN {name}_pairs p USING (draw, replication)")
        else:
            select = f"SELECT * FROM {source}"
        if rows <= self.rows_per_pass:
            self.create(name, select)
        else:
            self.con.execute(f"CREATE VIEW {name} AS {select}")

    def create(self, name: str, select: str) -> None:
        """Create the temporary table ``name`` from ``select`` and note its rows."""
        self.rows[name] = int(self.con.execute(
            f"CREATE TEMP TABLE {name} AS {select}").fetchone()[0])  # type: ignore[index]

    def df(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def passes(self, table: str) -> Iterator[str]:
        """Yield WHERE clauses of `table`'s passes: the whole table if it has at most
        ``rows_per_pass`` rows, else one scenario, consecutive years, at most
        ``rows_per_pass`` rows (one year at least)."""
        if self.rows.get(table, self.rows_per_pass + 1) <= self.rows_per_pass:
            yield "true"  # a table known to be small: no need to count it again
            return
        counts = self.df(f"SELECT scenario, year, count(*) AS n FROM {table} GROUP BY ALL "
                         "ORDER BY scenario, year")
        if int(counts["n"].sum()) <= self.rows_per_pass:
            # one query instead of one per scenario: the same groups, each over the same
            # rows in the same order (a filter does not reorder a scan)
            yield "true"
            return
        for scenario, rows in counts.groupby("scenario", sort=False):
            batch: list[int] = []
            size = 0
            for year, n in zip(rows["year"], rows["n"], strict=True):
                if batch and size + n > self.rows_per_pass:
                    yield self._where(str(scenario), batch)
                    batch, size = [], 0
                batch.append(int(year))
                size += int(n)
            if batch:
                yield self._where(str(scenario), batch)

    @staticmethod
    def _where(scenario: str, years: list[int]) -> str:
        quoted = scenario.replace("'", "''")
        return f"scenario = '{quoted}' AND year BETWEEN {years[0]} AND {years[-1]}"

    def summarise(self, table: str, keys: Sequence[str], metrics: Sequence[str]
                  ) -> pd.DataFrame:
        """Statistics over replications of `table`'s rows (one row per replication and
        key combination), pass by pass."""
        if not metrics:
            return pd.DataFrame(columns=list(COLUMNS))
        frames = [_long(self.df(_stats_sql(table, keys, metrics, where)), keys, metrics)
                  for where in self.passes(table)]
        if len(frames) == 1:
            return frames[0]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
            columns=list(COLUMNS))


def compute(yearly: Path | str, demography: Path | str | None = None, *,
            rate: float = DISCOUNT_RATE, rate_source: str = RATE_SOURCE_DEFAULT,
            has_capacity: bool = True, scenarios: Sequence[str] | None = None,
            memory_limit: str = MEMORY_LIMIT, rows_per_pass: int = ROWS_PER_PASS,
            temp_dir: Path | str | None = None,
            supply: SupplyInputs | None = None) -> Comparison:
    """Compute a run's comparison from its Parquet datasets, out of core.

    Parameters
    ----------
    yearly, demography
        The dataset directories (``demography`` optional).
    rate, rate_source
        The discount rate of the present value (a fraction) and where it comes from.
    has_capacity
        Recorded for the readers (see `summary_rows`).
    scenarios
        The run's scenario order (the first is the reference); by default the order of
        first appearance in ``yearly``.
    memory_limit, rows_per_pass
        DuckDB's memory limit and the rows of one statistics pass.
    temp_dir
        Where DuckDB spills (by default a temporary directory, removed afterwards).
    supply
        The staff supply's inputs (`results.staffing.inputs_from_meta`); None: no gap.

    Raises
    ------
    ResultsError
        If a scenario's replication has no reference partner, or the years have a gap.
    """
    with tempfile.TemporaryDirectory(dir=temp_dir, prefix="trappa-duckdb-") as temp:
        engine = _Engine(Path(yearly), None if demography is None else Path(demography),
                         Path(temp), memory_limit, rows_per_pass)
        try:
            return _compute(engine, rate, rate_source, has_capacity, scenarios, supply)
        finally:
            engine.con.close()


def total_cost(yearly: Path | str) -> pd.Series:
    """Return the mean total cost per (scenario, year) of a ``yearly/`` dataset over its
    replications (parameter draws pooled), read with DuckDB: a cheap check that a
    comparison belongs to its dataset."""
    files = _parts(Path(yearly))
    if not files:
        raise ResultsError(f"{yearly}: no Parquet parts")
    with tempfile.TemporaryDirectory(prefix="trappa-duckdb-") as temp:
        return _total_cost(connect(Path(temp)), files)


def _total_cost(con: Any, files: list[str]) -> pd.Series:
    try:
        columns = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {_read(files)}").fetchall()}
        sample = "draw, replication" if "draw" in columns else "replication"
        df = con.execute(f"SELECT scenario, year, sum(cost_nok) / count(DISTINCT ({sample})) AS "
                         f"mean FROM {_read(files)} GROUP BY scenario, year").df()
    finally:
        con.close()
    df["year"] = df["year"].astype("int64")
    return df.set_index(["scenario", "year"])["mean"]


def from_frames(yearly: pd.DataFrame, demography: pd.DataFrame | None = None,
                **options: Any) -> Comparison:
    """Compute the comparison of tables in memory (written to a temporary Parquet dataset
    first): for tables that are not a run directory yet, such as a test's. ``options``
    are `compute`'s."""
    with tempfile.TemporaryDirectory(prefix="trappa-comparison-") as folder:
        root = Path(folder)
        paths: dict[str, Path | None] = {"yearly": root / "yearly", "demography": None}
        for name, frame in (("yearly", yearly), ("demography", demography)):
            if frame is not None:
                (root / name).mkdir()
                frame.reset_index(drop=True).to_parquet(root / name / "part-0.parquet",
                                                        index=False)
                paths[name] = root / name
        return compute(root / "yearly", paths["demography"], temp_dir=root, **options)


def _compute(e: _Engine, rate: float, rate_source: str, has_capacity: bool,
             order: Sequence[str] | None, supply: SupplyInputs | None = None) -> Comparison:
    present = [str(s) for s in e.df("SELECT scenario, min(rowid) AS r FROM (SELECT scenario, "
                                    "row_number() OVER () AS rowid FROM src) GROUP BY scenario "
                                    "ORDER BY r")["scenario"]]
    scenarios = [s for s in (order or present) if s in present]
    scenarios += [s for s in present if s not in scenarios]
    years = [int(y) for y in e.df("SELECT DISTINCT year FROM y ORDER BY year")["year"]]
    if any(b != a + 1 for a, b in pairwise(years)):
        raise ResultsError(f"years must be consecutive, got {years}")
    m = e.metrics
    has_dementia = bool(e.df("SELECT count(*) AS n FROM y WHERE \"group\" = ?",
                             [DEMENTIA])["n"].iloc[0])
    # Per-replication totals: each trinn over its groups, the aggregates, the dementia group.
    by = "scenario, replication, year"
    totals: list[tuple[int, str, str | None]] = [
        (TRINN_ALL, GROUP_ALL, None),
        *((code, GROUP_ALL, f"trinn IN ({', '.join(map(str, members))})")
          for code, members in AGGREGATES.items())]
    if has_dementia:
        totals.append((TRINN_ALL, DEMENTIA, f"\"group\" = '{DEMENTIA}'"))
    e.create("tot", f"SELECT {by}, trinn, 'all' AS \"group\", {_sum(m)} FROM y "
                    f"GROUP BY {by}, trinn")
    if "y" in e.rows:
        # a small dataset: every total of a (scenario, replication, year) in one scan and
        # one aggregation (each sum adds the same rows in the same order as its own
        # aggregation would), then appended total by total in the aggregation's order
        sums = ", ".join(f"{total} AS \"{i}|{c}\"" for i, (_, _, where) in enumerate(totals)
                         for total, c in zip(_sums(m, where), m, strict=True))
        e.create("agg", f"SELECT {by}, {sums} FROM y GROUP BY {by}")
        for i, (code, group, _) in enumerate(totals):
            columns = ", ".join(f"\"{i}|{c}\" AS {c}" for c in m)
            e.rows["tot"] += int(e.con.execute(
                f"INSERT INTO tot SELECT {by}, {code} AS trinn, '{group}' AS \"group\", "
                f"{columns} FROM agg").fetchone()[0])  # type: ignore[index]
    else:
        # one aggregation at a time: each spills on its own under the memory limit
        for code, group, where in totals:
            e.rows["tot"] += int(e.con.execute(
                f"INSERT INTO tot SELECT {by}, {code} AS trinn, '{group}' AS \"group\", "
                f"{_sum(m, where)} FROM y GROUP BY {by}").fetchone()[0])  # type: ignore[index]
    keys = list(KEYS)
    parts = [e.summarise("y", keys, m), e.summarise("tot", keys, m)]
    if e.demography:
        metrics = list(e.demography)
        ratio = ""
        if {"persons_50_66_31dec", "persons_85plus_31dec"} <= set(metrics):
            ratio = (", CAST(CASE WHEN persons_85plus_31dec > 0 THEN persons_50_66_31dec / "
                     f"persons_85plus_31dec END AS DOUBLE) AS {FAMILY_RATIO}")
            metrics.append(FAMILY_RATIO)
        # the ratio in the same statement: a projection keeps the rows' order
        e.create("dtot", f"SELECT *{ratio} FROM (SELECT {by}, {TRINN_ALL} AS trinn, "
                         f"'all' AS \"group\", {_sum(e.demography)} FROM dem GROUP BY {by})")
        parts.append(e.summarise("dtot", keys, metrics))
    if len(scenarios) > 1:
        parts += _deltas(e, scenarios, years, rate)
    if supply is not None and "fte" in m:
        parts += _staffing(e, supply, scenarios[0], years)
    table = _ordered([p for p in parts if not p.empty], scenarios)
    return Comparison(table=table, reference=scenarios[0], scenarios=tuple(scenarios),
                      years=tuple(years), rate=rate, rate_source=rate_source,
                      has_capacity=has_capacity)


def _deltas(e: _Engine, scenarios: list[str], years: list[int], rate: float
            ) -> list[pd.DataFrame]:
    reference = scenarios[0].replace("'", "''")
    m = e.metrics
    # Every (scenario, replication, year) must have its reference partner.
    lonely = e.df(f"SELECT s.scenario, s.replication, s.year FROM (SELECT DISTINCT scenario, "
                  f"replication, year FROM y WHERE scenario <> '{reference}') s ANTI JOIN "
                  f"(SELECT DISTINCT replication, year FROM y WHERE scenario = '{reference}') "
                  "r USING (replication, year) LIMIT 1")
    if not lonely.empty:
        row = lonely.iloc[0]
        raise ResultsError(f"no reference '{scenarios[0]}' row to pair with scenario "
                           f"'{row['scenario']}', (replication, year) "
                           f"({int(row['replication'])}, {int(row['year'])})")
    d = ", ".join(f"coalesce(s.{c}, 0) - coalesce(r.{c}, 0) AS d_{c}" for c in m)
    # A trinn one side has no row for in a replication and year is zero on that side.
    e.create(
        "delta",
        f"WITH s AS (SELECT * FROM tot WHERE scenario <> '{reference}'), "
        f"r AS (SELECT * FROM tot WHERE scenario = '{reference}'), "
        "pairs AS (SELECT DISTINCT scenario, replication, year FROM s) "
        f"SELECT p.scenario, p.replication, p.year, k.trinn, k.\"group\", {d} FROM pairs p "
        "JOIN (SELECT DISTINCT trinn, \"group\" FROM tot) k ON true "
        "LEFT JOIN s ON s.scenario = p.scenario AND s.replication = p.replication AND "
        "s.year = p.year AND s.trinn = k.trinn AND s.\"group\" = k.\"group\" "
        "LEFT JOIN r ON r.replication = p.replication AND r.year = p.year AND "
        "r.trinn = k.trinn AND r.\"group\" = k.\"group\" "
        "WHERE s.scenario IS NOT NULL OR r.scenario IS NOT NULL")
    keys = list(KEYS)
    deltas = e.summarise("delta", keys, [f"d_{c}" for c in m])
    # The cumulative Δ cost from the first year, per aggregate, and the horizon per
    # replication (results.payback's definitions, in SQL).
    aggregates = ", ".join(str(c) for c in (TRINN_ALL, *AGGREGATES))
    e.create(
        "cum",
        f"SELECT scenario, replication, year, trinn, \"group\", "
        f"sum(d_cost_nok) OVER (PARTITION BY scenario, replication, trinn ORDER BY year "
        f"ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS {CUMULATIVE}, d_cost_nok "
        f"FROM delta WHERE \"group\" = 'all' AND trinn IN ({aggregates})")
    cum = e.summarise("cum", keys, [CUMULATIVE])
    y0, y1 = years[0], years[-1]
    e.create(
        "horizon",
        "SELECT *, CAST(first_saving_year IS NOT NULL AS DOUBLE) AS saves, "
        "CAST(payback_year IS NOT NULL AS DOUBLE) AS pays_back FROM (SELECT scenario, "
        "replication, "
        f"{y1} AS year, {TRINN_ALL} AS trinn, 'all' AS \"group\", "
        "CAST(min(year) FILTER (WHERE d_cost_nok < 0) AS DOUBLE) AS first_saving_year, "
        f"CAST(CASE WHEN arg_max({CUMULATIVE}, year) >= 0 THEN NULL "
        f"WHEN max(year) FILTER (WHERE {CUMULATIVE} >= 0) IS NULL THEN {y0} "
        f"ELSE max(year) FILTER (WHERE {CUMULATIVE} >= 0) + 1 END AS DOUBLE) AS payback_year, "
        f"sum(d_cost_nok / pow(1 + {float(rate)!r}, year - {y0})) AS pv_d_cost_nok "
        f"FROM cum WHERE trinn = {TRINN_ALL} GROUP BY scenario, replication)")
    horizon = e.summarise("horizon", keys, list(HORIZON_METRICS))
    return [deltas, cum, horizon, _mean_path(deltas, years)]


def _staffing(e: _Engine, supply: SupplyInputs, reference: str, years: list[int]
              ) -> list[pd.DataFrame]:
    """The staffing gap's rows (`results.staffing`): computed per replication from the
    need of pleie og omsorg in ``tot``, summarised like every other metric."""
    from results import staffing

    need = e.df(f"SELECT scenario, replication, year, fte FROM tot WHERE trinn = {TRINN_CARE} "
                f"AND \"group\" = '{GROUP_ALL}'")
    if not staffing.covers(supply, need["replication"]):
        # a dataset changed after the run (more replications than run.json drew supply
        # values for): no gap rather than a gap on values that were never drawn
        return []
    out = []
    for name, frame, metrics in zip(
            ("staff", "staffh"), staffing.per_replication(need, supply, reference, years),
            (staffing.YEARLY_METRICS, staffing.HORIZON_METRICS), strict=True):
        e.con.register(f"{name}_df", frame)
        # NaN (a year never reached, a need of zero) is NULL: left out of the statistics,
        # as a payback year that never comes
        cols = ", ".join(f"CASE WHEN isnan({c}) THEN NULL ELSE {c} END AS {c}" for c in metrics)
        e.create(name, f"SELECT scenario, replication, year, trinn, \"group\", {cols} "
                       f"FROM {name}_df")
        e.con.unregister(f"{name}_df")
        out.append(e.summarise(name, list(KEYS), list(metrics)))
    out.append(staffing.mean_path(out[0], years, supply.gap_threshold, COLUMNS))
    return out


def _mean_path(deltas: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """The horizon years of each scenario's mean Δ cost path (trinn 0)."""
    rows = deltas[(deltas["metric"] == "d_cost_nok") & (deltas["trinn"] == TRINN_ALL)
                  & (deltas["group"] == GROUP_ALL)]
    out = []
    for scenario, path in rows.groupby("scenario", sort=False):
        path = path.set_index("year").reindex(years)
        means = path["mean"].astype(float).tolist()
        n = int(path["n"].min())
        for metric, value in (("first_saving_year_of_mean", first_saving_year(years, means)),
                              ("payback_year_of_mean", payback_year(years, means))):
            out.append({"scenario": scenario, "year": years[-1], "trinn": TRINN_ALL,
                        "group": GROUP_ALL, "metric": metric,
                        "mean": math.nan if value is None else float(value),
                        "p05": math.nan, "p50": math.nan, "p95": math.nan, "sd": math.nan,
                        "mcse": math.nan, "n": n})
    return pd.DataFrame(out, columns=list(COLUMNS))


def _ordered(parts: Sequence[pd.DataFrame], scenarios: Sequence[str]) -> pd.DataFrame:
    """The parts as one table in run order: scenario (the run's order, an unknown one
    last), year, trinn, the groups before ``all`` (by name), metric (in `known` order, an
    unknown one last); rows with equal keys in the parts' order (a stable sort).

    Column by column in numpy, sorted on integer codes (a code per distinct value, a few
    dozen, rather than a look-up per row) and built once: what concatenating the parts,
    sorting the frame on these keys (``kind="stable"``) and converting its columns gave,
    at a fifth of the cost."""
    order = {s: i for i, s in enumerate(scenarios)}
    known = [*METRICS, *DELTA_METRICS, CUMULATIVE, *HORIZON_METRICS, *MEAN_PATH_METRICS,
             *DEMOGRAPHY_METRICS, FAMILY_RATIO, *STAFFING_METRICS]
    rank = {mname: i for i, mname in enumerate(known)}
    columns = {c: np.concatenate([p[c].to_numpy() for p in parts]) for c in COLUMNS}

    def codes(values: np.ndarray, of: dict[str, int]) -> np.ndarray:
        at, uniques = pd.factorize(values)
        return np.array([of.get(u, len(of)) for u in uniques], dtype=np.int64)[at]

    group = columns["group"]
    by_name, names = pd.factorize(group, sort=True)
    by_name[by_name < 0] = len(names)  # a missing name last, as sort_values puts it
    # np.lexsort is stable and sorts by its last key first
    at = np.lexsort((codes(columns["metric"], rank), by_name,
                     (group == GROUP_ALL).astype(np.int64), columns["trinn"],
                     columns["year"], codes(columns["scenario"], order)))
    table = pd.DataFrame({c: v[at] for c, v in columns.items()})
    table["trinn"] = table["trinn"].astype("int64")
    table["year"] = table["year"].astype("int64")
    table["n"] = table["n"].astype("int64")
    table["scenario"] = table["scenario"].astype(str)
    table["group"] = table["group"].astype(str)
    return table
