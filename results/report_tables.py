"""The numbers of a report: rows of the run's comparison, nothing recomputed.

Every figure in the workbook, the PDF and the PNG charts is read from one ``ReportTables``
object, built here from the run's `results.comparison.Comparison`:

``levels``
    The comparison's level rows (``results.summary.METRICS``): per trinn and need group,
    per trinn over its groups (``trinn = 1..12, group = "all"``), the aggregates (``trinn =
    0`` every trinn, ``-1`` pleie og omsorg, ``-2`` trinn 4-12) and the dementia group's
    total (``trinn = 0, group = "dementia"``).
``differences``
    The comparison's paired differences from the first scenario (``d_<metric>``, named by
    the level metric here), per year, of the aggregates and the dementia group. Sign: the
    scenario minus the reference, negative = lower = a saving.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from results.comparison import Comparison
from results.store import Run, RunDirError
from results.summary import GROUP_ALL, METRICS, STATS, TRINN_ALL

DEMENTIA = "dementia"
#: Metrics the report shows, in column order.
LEVEL_METRICS: tuple[str, ...] = ("recipients", "cost_nok", "staff_hours", "fte", "head_count")
DIFF_METRICS: tuple[str, ...] = ("cost_nok", "staff_hours", "fte", "head_count")
KEYS: tuple[str, ...] = ("scenario", "year", "trinn", "group")
#: Relative tolerance when checking summary.parquet against yearly/ (float sums reordered).
_RTOL = 1e-9


@dataclass(frozen=True, eq=False)
class ReportTables:
    """The statistics a report shows (``eq=False``: DataFrames do not compare to a bool).

    Attributes
    ----------
    levels
        Columns ``scenario, year, trinn, group, metric, mean, p05, p50, p95, sd, mcse, n``
        (see the module docstring for the codes).
    differences
        Columns ``scenario, baseline, year, trinn, group, metric`` and the statistics.
    scenarios
        Scenario names in run order; the first is the baseline of every difference.
    years
        The run's years, ascending.
    """

    levels: pd.DataFrame
    differences: pd.DataFrame
    scenarios: tuple[str, ...]
    years: tuple[int, ...]
    #: mean persons with dementia on 31 December per (scenario, year), from demography/
    #: (empty for a run directory without it)
    dementia_persons: dict[tuple[str, int], float] = field(default_factory=dict)
    #: the comparison the tables are rows of (None only for tables built by hand)
    comparison: Comparison | None = None

    @property
    def baseline(self) -> str:
        """The reference scenario (the first)."""
        return self.scenarios[0]

    @property
    def replications(self) -> int:
        """The smallest number of replications behind any statistic."""
        return int(self.levels["n"].min())

    @property
    def has_dementia(self) -> bool:
        """Whether the run has a dementia group."""
        return bool((self.levels["group"] == DEMENTIA).any())

    def level(self, scenario: str, metric: str, trinn: int = TRINN_ALL,
              group: str = GROUP_ALL) -> pd.DataFrame:
        """Return one series of statistics, indexed by year (every run year, in order).

        Raises
        ------
        KeyError
            If the table holds no such series.
        """
        return _series(self.levels, {"scenario": scenario, "trinn": trinn, "group": group,
                                     "metric": metric}, self.years)

    def difference(self, scenario: str, metric: str, trinn: int = TRINN_ALL,
                   group: str = GROUP_ALL) -> pd.DataFrame:
        """Return ``scenario`` minus the baseline, indexed by year (see ``level``)."""
        return _series(self.differences, {"scenario": scenario, "trinn": trinn,
                                          "group": group, "metric": metric}, self.years)

    def prepare(self) -> None:
        """Build the look-ups of ``level``, ``difference`` and the comparison's rows now
        rather than at their first use: before a report's processes part, so that each
        does not build its own."""
        _positions(self.levels)
        _positions(self.differences)
        if self.comparison is not None:
            self.comparison.prepare()

    def trinn_in(self, group: str) -> tuple[int, ...]:
        """Return the trinn (1..12) where ``group`` has recipients or cost in some year."""
        lv = self.levels
        rows = lv[(lv["group"] == group) & (lv["trinn"] > 0)
                  & lv["metric"].isin(["recipients", "cost_nok"]) & (lv["mean"] > 0)]
        return tuple(sorted(int(t) for t in pd.unique(rows["trinn"])))


#: Per table (by identity, with the table kept alive beside its index): the row positions
#: of each (scenario, trinn, group, metric). A report asks for about a hundred series; a
#: mask over the string columns per series cost more than a second on a 4 x 20 run.
_POSITIONS: dict[int, tuple[pd.DataFrame, dict[tuple[object, ...], np.ndarray]]] = {}
_SERIES_KEYS: tuple[str, ...] = ("scenario", "trinn", "group", "metric")


def _positions(table: pd.DataFrame) -> dict[tuple[object, ...], np.ndarray]:
    cached = _POSITIONS.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    if len(_POSITIONS) > 16:  # tables of earlier reports in a long-lived process
        _POSITIONS.clear()
    index = {tuple(k): v for k, v in
             table.groupby(list(_SERIES_KEYS), sort=False, dropna=False).indices.items()}
    _POSITIONS[id(table)] = (table, index)
    return index


def _series(table: pd.DataFrame, where: dict[str, object], years: tuple[int, ...]
            ) -> pd.DataFrame:
    found = _positions(table).get(tuple(where[k] for k in _SERIES_KEYS))
    if found is None or len(found) == 0:
        raise KeyError(f"no statistics for {where}")
    rows = table.iloc[np.sort(found)].set_index("year")
    return rows.reindex(list(years))


def check_summary(run: Run, comparison: Comparison) -> None:
    """Check that the comparison belongs to ``yearly/``: same scenarios, years and total cost.

    A report states where its numbers come from; a comparison left over from another run
    (or a table edited by hand since) would make that statement false, so it is refused.
    The check reads ``yearly/`` with DuckDB (`results.comparison.total_cost`), out of core.

    Raises
    ------
    RunDirError
        Naming ``comparison.parquet`` and the first disagreement.
    """
    from results.comparison import total_cost

    where = run.path / "comparison.parquet"
    rows = comparison.rows("cost_nok")
    total = rows.set_index(["scenario", "year"])["mean"]
    fresh = total_cost(run.path / "yearly")
    if set(total.index) != set(fresh.index):
        missing = sorted(set(fresh.index) ^ set(total.index))[0]
        raise RunDirError(where, f"does not match yearly/ (scenario and year {missing} in "
                                 "only one of them); rewrite the run")
    fresh = fresh.reindex(total.index)
    bad = ~np.isclose(total.to_numpy(float), fresh.to_numpy(float), rtol=_RTOL, atol=0.0)
    if bad.any():
        (scenario, year) = total.index[bad.argmax()]
        raise RunDirError(where, f"does not match yearly/ (total cost of '{scenario}' in "
                                 f"{year}: {total.iloc[bad.argmax()]:,.0f} vs "
                                 f"{fresh.iloc[bad.argmax()]:,.0f} NOK); rewrite the run")


def from_comparison(comparison: Comparison) -> ReportTables:
    """Return the report's tables: the comparison's rows (see the module docstring)."""
    t = comparison.table
    levels = t[t["metric"].isin(METRICS)].reset_index(drop=True)
    diff = t[t["metric"].isin([f"d_{m}" for m in DIFF_METRICS]) & (t["trinn"] <= TRINN_ALL)]
    differences = diff.assign(metric=diff["metric"].str.removeprefix("d_"),
                              baseline=comparison.reference)[
        ["scenario", "baseline", "year", "trinn", "group", "metric", *STATS]
    ].reset_index(drop=True)
    dementia = comparison.rows("dementia_31dec")
    persons = {(str(s), int(y)): float(v)
               for s, y, v in zip(dementia["scenario"], dementia["year"], dementia["mean"],
                                  strict=True)}
    return ReportTables(levels, differences, comparison.scenarios, comparison.years, persons,
                        comparison)


def build_tables(run: Run) -> ReportTables:
    """Build the report's statistics from a run read with ``read_run``.

    Raises
    ------
    RunDirError
        If the comparison does not belong to the yearly table (see ``check_summary``).
    """
    comparison = run.comparison
    if comparison is None:
        raise RunDirError(run.path / "comparison.parquet", "missing")
    check_summary(run, comparison)
    return from_comparison(comparison)


__all__ = ["DEMENTIA", "DIFF_METRICS", "LEVEL_METRICS", "ReportTables", "build_tables",
           "check_summary", "from_comparison"]
