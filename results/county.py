"""A county side by side: each municipality's own comparison, its rows copied unchanged.

``trappa compare --municipality A B C`` runs the comparison once per municipality (the same
strategies and seed, each strategy paired with the reference within its municipality); this
module gathers the rows of those comparisons (`results.comparison`, computed once per run,
never recomputed here) into one table, ``county.parquet`` / ``county.csv``, and one chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from results.comparison import COLUMNS, CUMULATIVE, Comparison
from results.summary import GROUP_ALL, TRINN_ALL

#: The rows of the county table: (metric, trinn) of every municipality's comparison: the
#: yearly and cumulative Δ total cost and the Δ FTE against the reference, and the levels.
COUNTY_METRICS: tuple[tuple[str, int], ...] = (
    ("cost_nok", TRINN_ALL), ("fte", TRINN_ALL), ("d_cost_nok", TRINN_ALL),
    (CUMULATIVE, TRINN_ALL), ("d_fte", TRINN_ALL))
COUNTY_FILE = "county.parquet"
COUNTY_CSV = "county.csv"


def county_rows(comparisons: Mapping[str, Comparison], years: Sequence[int]) -> pd.DataFrame:
    """The county table: for each municipality (in order) its comparison's rows of
    `COUNTY_METRICS` in ``years`` (every scenario), with a ``municipality`` column first."""
    parts = []
    for name, c in comparisons.items():
        t = c.table
        keep = pd.Series(False, index=t.index)
        for metric, trinn in COUNTY_METRICS:
            keep |= (t["metric"] == metric) & (t["trinn"] == trinn)
        keep &= (t["group"] == GROUP_ALL) & t["year"].isin(list(years))
        parts.append(t.loc[keep, list(COLUMNS)].assign(municipality=name))
    out = pd.concat(parts, ignore_index=True)
    return out[["municipality", *COLUMNS]]


def write_county(rows: pd.DataFrame, folder: Path) -> tuple[Path, Path]:
    """Write ``county.parquet`` and ``county.csv`` (the same rows) into ``folder``."""
    from results.rundir import atomic_write

    parquet, text = folder / COUNTY_FILE, folder / COUNTY_CSV
    atomic_write(parquet, lambda p: rows.to_parquet(p, index=False))
    atomic_write(text, lambda p: rows.to_csv(p, index=False))
    return parquet, text
