"""Aggregation across replications in memory: totals per replication, then statistics.

The run's own statistics are computed out of core by ``results.comparison`` (DuckDB, the
same definitions); these pandas functions serve the plots and small tables in memory.

The order matters: metrics are first summed within each replication (``totals``), then
summarised over replications (``summarise``), so a percentile is always the percentile of
per-replication values, never a sum of percentiles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from models.errors import TrappaError
from models.ladder import CARE_TRINN

#: Additive metric columns of the engine's ``yearly`` table (see the README's output contract).
METRICS: tuple[str, ...] = ("recipients", "person_years", "cost_nok", "staff_hours", "fte",
                            "head_count", "waiting", "wait_years")
#: Metrics of places with a capacity: persons waiting on 31 December, person-years waited.
WAITING_METRICS: tuple[str, ...] = ("waiting", "wait_years")
#: Identity columns of one ``yearly`` row.
YEARLY_KEYS: tuple[str, ...] = ("scenario", "replication", "year", "trinn", "group")
#: Statistics ``summarise`` reports, in column order.
STATS: tuple[str, ...] = ("mean", "p05", "p50", "p95", "sd", "mcse", "n")
#: Codes for aggregates in ``results.comparison`` and ``summary.parquet`` (in the ``trinn``
#: column, with ``group = "all"``):
#: every trinn; pleie og omsorg (care: the trinn 6, 7, 9, 10, 11 whose staff the seeds'
#: 855 FTE of 2023 count, parameters.toml care_fte_2023); the whole staircase 4-12.
TRINN_ALL, TRINN_CARE, TRINN_STAIRCASE, GROUP_ALL = 0, -1, -2, "all"
STAIRCASE_TRINN: tuple[int, ...] = tuple(range(4, 13))
#: Aggregate code -> the trinn it sums (``TRINN_ALL`` sums every trinn).
AGGREGATES: dict[int, tuple[int, ...]] = {TRINN_CARE: CARE_TRINN,
                                          TRINN_STAIRCASE: STAIRCASE_TRINN}

_QUANTILES = {"p05": 0.05, "p50": 0.50, "p95": 0.95}


class ResultsError(TrappaError, ValueError):
    """Result tables that cannot be aggregated as asked (unknown baseline, broken pairing)."""


def _metrics_in(df: pd.DataFrame, metrics: Iterable[str] | None) -> list[str]:
    if metrics is None:
        return [m for m in METRICS if m in df.columns]
    chosen = list(metrics)
    missing = [m for m in chosen if m not in df.columns]
    if missing:
        raise ResultsError(f"metric column(s) {', '.join(missing)} not in the table")
    return chosen


def totals(yearly: pd.DataFrame, by: Sequence[str] = ("scenario", "replication", "year"),
           trinn: Iterable[int] | None = None, group: Iterable[str] | None = None) -> pd.DataFrame:
    """Sum the metric columns over every column not in ``by``.

    Parameters
    ----------
    yearly
        The engine's tidy table (one row per scenario, replication, year, trinn, group).
    by
        Columns to keep; every other identity column is summed over.
    trinn, group
        If given, keep only these trinn / groups before summing.

    Returns
    -------
    DataFrame
        One row per combination of ``by`` in order of first appearance, with the metric
        columns. A combination with no rows left after filtering (say, a replication with
        nobody in trinn 4-12 in a year) gets zeros rather than disappearing, so it still
        counts as a replication when summarised.
    """
    by = list(by)
    metrics = _metrics_in(yearly, None)
    keep = pd.Series(True, index=yearly.index)
    if trinn is not None:
        keep &= yearly["trinn"].isin(list(trinn))
    if group is not None:
        keep &= yearly["group"].isin([group] if isinstance(group, str) else list(group))
    summed = (yearly.loc[keep].groupby(by, sort=False, observed=True)[metrics].sum()
              .reset_index())
    if keep.all():
        return summed
    # The frame of every `by` combination comes from the unfiltered table, except along the
    # filtered dimensions themselves (a filtered-away trinn must not come back as zeros).
    combos = yearly.loc[:, by].drop_duplicates()
    if "trinn" in by and trinn is not None:
        combos = combos[combos["trinn"].isin(list(trinn))]
    if "group" in by and group is not None:
        combos = combos[combos["group"].isin([group] if isinstance(group, str) else list(group))]
    out = combos.merge(summed, on=by, how="left")
    out[metrics] = out[metrics].fillna(0.0)
    return out.reset_index(drop=True)


def summarise(df: pd.DataFrame, keys: Sequence[str],
              metrics: Iterable[str] | None = None) -> pd.DataFrame:
    """Summarise per-replication values over replications, in long form.

    Percentiles use the default linear interpolation of ``numpy.quantile`` / pandas
    ``quantile`` (numpy's method 7): with sorted values ``x[0..n-1]`` the p-quantile is
    ``x[k] + f * (x[k+1] - x[k])`` where ``k + f = (n - 1) * p``.

    Parameters
    ----------
    df
        One row per replication and key combination (for example the output of ``totals``).
    keys
        Columns identifying a summary row (``replication`` must not be one of them).
    metrics
        Columns to summarise; by default every metric column of ``METRICS`` present.

    Returns
    -------
    DataFrame
        Columns ``keys..., metric, mean, p05, p50, p95, sd, mcse, n``: ``sd`` is the sample
        standard deviation (ddof 1, NaN for a single replication), ``mcse = sd / sqrt(n)``
        the Monte Carlo standard error of the mean, ``n`` the number of replications.

    Raises
    ------
    ResultsError
        If a key combination holds the same replication twice: the rows are not totals
        per replication, and percentiles of them would mean nothing.
    """
    keys = list(keys)
    if not keys:
        raise ResultsError("summarise needs at least one key column")
    if "replication" in keys:
        raise ResultsError("'replication' cannot be a summary key: it is summarised over")
    metrics = _metrics_in(df, metrics)
    if "replication" in df.columns and df.duplicated([*keys, "replication"]).any():
        row = df.loc[df.duplicated([*keys, "replication"]), [*keys, "replication"]].iloc[0]
        raise ResultsError(f"several rows per replication for {row.to_dict()}: "
                           "sum them with totals() first")
    grouped = df.groupby(keys, sort=False, observed=True)[metrics]
    stats = {"mean": grouped.mean()}
    stats.update({name: grouped.quantile(q) for name, q in _QUANTILES.items()})
    stats["sd"] = grouped.std(ddof=1)
    stats["n"] = grouped.count()
    stats["mcse"] = stats["sd"] / np.sqrt(stats["n"])
    # Each statistic is a (keys x metrics) frame; stacking gives one row per key and metric.
    long = pd.DataFrame({name: stats[name].stack(future_stack=True) for name in STATS})
    long.index = long.index.set_names([*keys, "metric"])
    long["n"] = long["n"].astype("int64")
    return long.reset_index()


def pool_draws(table: pd.DataFrame) -> pd.DataFrame:
    """Number each (draw, replication) pair as one replication, pooling parameter draws.

    A Monte Carlo sweep runs every replication once per parameter draw; the statistics of
    this module treat ``replication`` as the sample, so they would add the draws up. Pooled,
    each pair is one sample of both parameter and stochastic uncertainty, and a pair gets
    the same number in every scenario, so paired differences still pair common random
    numbers. Replicate r of every draw shares its random streams, so pooled samples of
    the same replicate are not independent; ``mcse`` then slightly understates the error.

    Parameters
    ----------
    table
        A run table with ``replication`` and optionally ``draw`` columns.

    Returns
    -------
    DataFrame
        The table itself when it has no ``draw`` column or a single draw; otherwise a copy
        whose ``replication`` is the pair's rank in (draw, replication) order, 0-based.
    """
    if "draw" not in table.columns or table["draw"].nunique() <= 1:
        return table
    pairs = table[["draw", "replication"]].drop_duplicates().sort_values(["draw", "replication"])
    number = pd.Series(range(len(pairs)),
                       index=pd.MultiIndex.from_frame(pairs), dtype="int64")
    out = table.copy()
    out["replication"] = number.reindex(pd.MultiIndex.from_frame(
        table[["draw", "replication"]])).to_numpy()
    return out
