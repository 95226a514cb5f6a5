"""The numbers of a report: the run's summary table plus the few totals it does not hold.

Every figure in the workbook, the PDF and the PNG charts is read from one ``ReportTables``
object, built here from a run directory:

``levels``
    ``summary.parquet`` as written by the run (rows marked ``origin = "summary"``), plus
    rows derived from ``yearly/`` (parameter draws pooled as the summary pools them,
    see ``pool_draws``) with the same two steps as ``summary_table`` (sum within
    each replication with ``totals``, then statistics over replications with ``summarise``),
    marked ``origin = "derived"``: the total of each trinn over the need groups
    (``trinn = 1..12, group = "all"``) and the dementia group's total over every trinn
    (``trinn = 0, group = "dementia"``).
    A summary written before the aggregate codes ``-1`` / ``-2`` (its ``-1`` was the trinn
    4-12) gets both aggregates recomputed from ``yearly/`` (``origin = "derived"``).
``differences``
    Paired differences from the first scenario (``paired_differences``), per year, of the
    total over every trinn (``trinn = 0, group = "all"``), over pleie og omsorg (trinn 6,
    7, 9, 10, 11; ``trinn = -1``), over the whole staircase 4-12 (``trinn = -2``) and of
    the dementia group (``trinn = 0, group = "dementia"``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from results.payback import PAYBACK_METRICS
from results.store import Run, RunDirError
from results.summary import (
    AGGREGATES,
    GROUP_ALL,
    TRINN_ALL,
    WAITING_METRICS,
    aggregate_rows,
    is_current_summary,
    paired_differences,
    pool_draws,
    summarise,
    totals,
)

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
        Columns ``scenario, year, trinn, group, metric, mean, p05, p50, p95, sd, mcse, n,
        origin`` (see the module docstring for the codes).
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

    def trinn_in(self, group: str) -> tuple[int, ...]:
        """Return the trinn (1..12) where ``group`` has recipients or cost in some year."""
        lv = self.levels
        rows = lv[(lv["group"] == group) & (lv["trinn"] > 0)
                  & lv["metric"].isin(["recipients", "cost_nok"]) & (lv["mean"] > 0)]
        return tuple(sorted(int(t) for t in pd.unique(rows["trinn"])))


def _series(table: pd.DataFrame, where: dict[str, object], years: tuple[int, ...]
            ) -> pd.DataFrame:
    mask = np.ones(len(table), dtype=bool)
    for col, value in where.items():
        mask &= (table[col] == value).to_numpy()
    rows = table.loc[mask].set_index("year")
    if rows.empty:
        raise KeyError(f"no statistics for {where}")
    return rows.reindex(list(years))


def _derived(yearly: pd.DataFrame) -> pd.DataFrame:
    keys = list(KEYS)
    per_trinn = totals(yearly, by=("scenario", "replication", "year", "trinn")).assign(
        group=GROUP_ALL)
    parts = [summarise(per_trinn, keys)]
    if (yearly["group"] == DEMENTIA).any():
        dementia = totals(yearly, group=DEMENTIA).assign(trinn=TRINN_ALL, group=DEMENTIA)
        parts.append(summarise(dementia, keys))
    return pd.concat(parts, ignore_index=True).assign(origin="derived")


def _differences(yearly: pd.DataFrame, baseline: str) -> pd.DataFrame:
    frames = []
    parts: list[tuple[int, str, pd.DataFrame]] = [
        (TRINN_ALL, GROUP_ALL, totals(yearly)),
        *((code, GROUP_ALL, totals(yearly, trinn=members))
          for code, members in AGGREGATES.items())]
    if (yearly["group"] == DEMENTIA).any():
        parts.append((TRINN_ALL, DEMENTIA, totals(yearly, group=DEMENTIA)))
    for trinn, group, per_rep in parts:
        for metric in DIFF_METRICS:
            frames.append(paired_differences(per_rep, metric, baseline)
                          .assign(trinn=trinn, group=group, baseline=baseline))
    cols = ["scenario", "baseline", "year", "trinn", "group", "metric",
            "mean", "p05", "p50", "p95", "sd", "mcse", "n"]
    return pd.concat(frames, ignore_index=True)[cols]


def check_summary(run: Run, yearly: pd.DataFrame | None = None) -> None:
    """Check that ``summary.parquet`` belongs to ``yearly/``: same scenarios, years and totals.

    ``yearly`` is the table the summary was computed from (``run.yearly`` with parameter
    draws pooled); by default ``run.yearly`` itself.

    A report states where its numbers come from; a summary left over from another run
    (or edited by hand) would make that statement false, so it is refused.

    Raises
    ------
    RunDirError
        Naming ``summary.parquet`` and the first disagreement.
    """
    where = run.path / "summary.parquet"
    summary = run.summary
    total = summary[(summary["trinn"] == TRINN_ALL) & (summary["group"] == GROUP_ALL)
                    & (summary["metric"] == "cost_nok")].set_index(["scenario", "year"])["mean"]
    table = run.yearly if yearly is None else yearly
    fresh = totals(table).groupby(["scenario", "year"], sort=False)["cost_nok"].mean()
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


def build_tables(run: Run) -> ReportTables:
    """Build the report's statistics from a run read with ``read_run``.

    Raises
    ------
    RunDirError
        If the summary does not belong to the yearly table (see ``check_summary``).
    """
    # A sweep's summary treats each (draw, replication) pair as one sample; so must the
    # rows derived here (a no-op for a run without parameter draws).
    yearly = pool_draws(run.yearly)
    check_summary(run, yearly)
    scenarios = tuple(str(s) for s in pd.unique(run.summary["scenario"]))
    # Levels only: the paired-difference and payback rows (results.payback) are no levels,
    # and their year statistics count only the replications that pay back.
    summary = run.summary[~run.summary["metric"].isin(PAYBACK_METRICS)].assign(origin="summary")
    if not is_current_summary(summary):
        # A run directory from before the codes -1 (pleie og omsorg) and -2 (trinn 4-12):
        # its -1 meant 4-12, so both aggregates are recomputed from yearly/.
        summary = pd.concat([summary[summary["trinn"] >= TRINN_ALL],
                             aggregate_rows(yearly).assign(origin="derived")],
                            ignore_index=True)
    if not summary["metric"].isin(WAITING_METRICS).any():
        # A run without capacities keeps its waiting rows out of the summary; a report told
        # of capacities anyway (facts edited by a caller) still finds its zeros.
        waiting = summarise(totals(yearly).assign(trinn=TRINN_ALL, group=GROUP_ALL),
                            list(KEYS), list(WAITING_METRICS))
        summary = pd.concat([summary, waiting.assign(origin="derived")], ignore_index=True)
    levels = pd.concat([summary, _derived(yearly)], ignore_index=True)
    if len(scenarios) > 1:
        differences = _differences(yearly, scenarios[0])
    else:
        differences = pd.DataFrame(columns=["scenario", "baseline", "year", "trinn", "group",
                                            "metric", "mean", "p05", "p50", "p95", "sd",
                                            "mcse", "n"])
    years = tuple(sorted(int(y) for y in pd.unique(run.summary["year"])))
    return ReportTables(levels, differences, scenarios, years, _dementia_persons(run))


def _dementia_persons(run: Run) -> dict[tuple[str, int], float]:
    folder = run.path / "demography"
    if not folder.is_dir():
        return {}
    try:
        table = pd.read_parquet(folder, columns=["scenario", "year", "dementia_31dec"])
    except (OSError, ValueError, KeyError) as exc:
        raise RunDirError(folder, f"unreadable Parquet ({exc})") from exc
    means = table.groupby(["scenario", "year"])["dementia_31dec"].mean()
    return {(str(s), int(y)): float(v) for (s, y), v in means.items()}


__all__ = ["DEMENTIA", "DIFF_METRICS", "LEVEL_METRICS", "ReportTables", "build_tables",
           "check_summary"]
