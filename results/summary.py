"""Aggregation across replications: totals per replication, then statistics over replications.

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
#: ``summary_table`` codes for aggregates (in the ``trinn`` column, with ``group = "all"``):
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


def paired_differences(df_totals: pd.DataFrame, metric: str, baseline: str,
                       on: Sequence[str] = ("replication", "year")) -> pd.DataFrame:
    """Summarise each scenario's per-replication difference from the baseline scenario.

    With common random numbers a replication of two scenarios shares the same citizens and
    the same luck, so the difference within a replication isolates the strategy; its
    spread over replications is far narrower than the spread of either scenario alone.

    Parameters
    ----------
    df_totals
        Per-replication totals with ``scenario`` and the ``on`` columns (see ``totals``).
    metric
        The metric column to difference.
    baseline
        The scenario subtracted from every other.
    on
        Columns that pair a scenario's row with the baseline's row.

    Returns
    -------
    DataFrame
        Columns ``scenario``, the ``on`` columns except ``replication``, ``metric`` and the
        statistics of ``summarise``; the baseline itself is left out.

    Raises
    ------
    ResultsError
        If the baseline is absent, or a scenario's replication has no baseline partner.
    """
    on = list(on)
    scenarios = list(pd.unique(df_totals["scenario"]))
    if baseline not in scenarios:
        raise ResultsError(f"baseline scenario '{baseline}' not in the run "
                           f"(scenarios: {', '.join(map(str, scenarios))})")
    cols = [*on, metric]
    base = df_totals.loc[df_totals["scenario"] == baseline, cols]
    others = df_totals.loc[df_totals["scenario"] != baseline, ["scenario", *cols]]
    paired = others.merge(base, on=on, how="left", suffixes=("", "_baseline"),
                          validate="many_to_one", indicator=True)
    lonely = paired["_merge"] == "left_only"
    if lonely.any():
        row = paired.loc[lonely, ["scenario", *on]].iloc[0].to_dict()
        raise ResultsError(f"no baseline '{baseline}' row to pair with {row}")
    paired[metric] = paired[metric] - paired[f"{metric}_baseline"]
    keys = ["scenario", *[c for c in on if c != "replication"]]
    return summarise(paired[[*keys, "replication", metric]], keys, [metric])


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


def summary_table(yearly: pd.DataFrame, has_capacity: bool = True,
                  rate: float | None = None) -> pd.DataFrame:
    """Return the run's ``summary.parquet``: statistics over replications of every metric.

    Rows are summarised at (scenario, year, trinn, group), plus three aggregates coded in
    the same columns, each with ``group = "all"``: ``trinn = 0`` is the total over every
    trinn and group, ``trinn = -1`` pleie og omsorg (trinn 6, 7, 9, 10, 11, what the
    seeds' 855 FTE of 2023 count), ``trinn = -2`` the whole staircase 4-12.

    Every scenario but the first also gets its paired difference from the first and the
    payback figures (``results.payback.summary_rows``, metrics ``PAYBACK_METRICS``), the
    present value at ``rate`` (a fraction; by default ``results.payback.DISCOUNT_RATE``).
    The waiting metrics (``WAITING_METRICS``) are left out unless ``has_capacity`` (some
    scenario of the run limits places): without capacities nobody ever waits, and rows of
    zeros would suggest a waiting list was modelled.

    Run directories written before ``-2`` existed used ``-1`` for the trinn 4-12; see
    ``is_current_summary``.
    """
    from results.payback import DISCOUNT_RATE, summary_rows  # payback builds on this module
    detail = totals(yearly, by=YEARLY_KEYS)
    everything = totals(yearly).assign(trinn=TRINN_ALL, group=GROUP_ALL)
    keys = ["scenario", "year", "trinn", "group"]
    parts = [summarise(frame, keys) for frame in (detail, everything)]
    payback = summary_rows(yearly, DISCOUNT_RATE if rate is None else rate)
    out = pd.concat([*parts, aggregate_rows(yearly), *([] if payback.empty else [payback])],
                    ignore_index=True)
    if not has_capacity:
        out = out[~out["metric"].isin(WAITING_METRICS)]
    # Scenarios keep their order of appearance (the first is the reference in comparisons).
    order = {s: i for i, s in enumerate(pd.unique(yearly["scenario"]))}
    out = out.sort_values(["scenario", "year", "trinn"], kind="stable",
                          key=lambda c: c.map(order) if c.name == "scenario" else c)
    out["trinn"] = out["trinn"].astype("int64")
    return out.reset_index(drop=True)


def is_current_summary(summary: pd.DataFrame) -> bool:
    """Whether a ``summary.parquet`` uses today's aggregate codes (``trinn = -2`` present).

    Older run directories have ``-1`` for the trinn 4-12 and no ``-2``; a reader should
    recompute their aggregates from ``yearly/`` (``aggregate_rows``) rather than trust
    ``-1``.
    """
    return bool((summary["trinn"] == TRINN_STAIRCASE).any())


def aggregate_rows(yearly: pd.DataFrame) -> pd.DataFrame:
    """Return the summary rows of the aggregates ``-1`` and ``-2`` (see ``summary_table``)."""
    keys = ["scenario", "year", "trinn", "group"]
    parts = [summarise(totals(yearly, trinn=members).assign(trinn=code, group=GROUP_ALL), keys)
             for code, members in AGGREGATES.items()]
    out = pd.concat(parts, ignore_index=True)
    out["trinn"] = out["trinn"].astype("int64")
    return out
