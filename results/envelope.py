"""The demographic envelope: one comparison under several of SSB's projection alternatives.

`trappa compare --projections MMMM,LLML,HHMH` runs the same scenarios, with the same root
seed (common random numbers: replication r of every alternative draws the same streams),
once per alternative, each into a run directory of its own below the envelope's folder.
This module reads those runs back and puts them side by side: per scenario, year and
measure, the mean and Monte Carlo interval under each alternative (``envelope_table``), and
the band across the alternatives beside the main alternative's Monte Carlo band
(``envelope_band``). With several health trends (issue 31) an alternative is a projection
under a trend (``MMMM/healthier``), and ``health_effects`` gives what each trend changes
against today's health under the same projection. It computes nothing: every figure is a
row of a run's comparison (`results.comparison`), the population measures included.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from results.comparison import read
from results.summary import GROUP_ALL, TRINN_ALL, TRINN_CARE

#: The measures an envelope shows, as (metric, trinn) of ``summary.parquet``: the care
#: (pleie og omsorg, trinn 6, 7, 9, 10, 11) and total cost, care FTE, and each strategy's
#: paired difference from the reference (trinn 0: all trinn; FTE: pleie og omsorg).
SUMMARY_MEASURES: tuple[tuple[str, int], ...] = (
    ("cost_nok", TRINN_ALL), ("cost_nok", TRINN_CARE), ("fte", TRINN_CARE),
    ("d_cost_nok", TRINN_ALL), ("d_cost_cum_nok", TRINN_ALL), ("d_fte", TRINN_CARE),
)
#: Population measures from the ``demography`` dataset (inhabitants on 31 December).
DEMOGRAPHY_MEASURES: tuple[str, ...] = ("persons_end", "persons_80plus_31dec",
                                        "dementia_31dec")
COLUMNS = ("scenario", "projection", "year", "trinn", "metric", "mean", "p05", "p95", "n")


def _one(run_dir: Path, alternative: str) -> pd.DataFrame:
    table = read(run_dir).table
    wanted = pd.MultiIndex.from_tuples(
        [*SUMMARY_MEASURES, *((m, TRINN_ALL) for m in DEMOGRAPHY_MEASURES)],
        names=["metric", "trinn"])
    rows = table[(table["group"] == GROUP_ALL)
                 & pd.MultiIndex.from_frame(table[["metric", "trinn"]]).isin(wanted)]
    return rows.assign(projection=alternative)[list(COLUMNS)]


def envelope_table(runs: Mapping[str, Path]) -> pd.DataFrame:
    """Return the envelope in long form, one row per (scenario, projection, year, trinn,
    metric) with the run's mean, 5th and 95th percentile over replications and ``n``.

    ``runs`` maps an alternative (an SSB code, or ``CODE/trend`` when the envelope runs
    several health trends) to its run directory, the main alternative first; the rows keep
    that order, the alternative's name in the ``projection`` column.
    """
    if not runs:
        raise ValueError("an envelope needs at least one run")
    out = pd.concat([_one(path, alt) for alt, path in runs.items()], ignore_index=True)
    out["trinn"] = out["trinn"].astype("int64")
    out["year"] = out["year"].astype("int64")
    return out


def envelope_band(table: pd.DataFrame, main: str) -> pd.DataFrame:
    """Return, per (scenario, year, trinn, metric), the main alternative's mean and Monte
    Carlo interval beside the band of the alternatives' means: ``low``/``high`` and the
    alternatives that give them (``low_projection``/``high_projection``; on a tie, low names
    the alternative listed first and high the one listed last)."""
    keys = ["scenario", "year", "trinn", "metric"]
    base = (table[table["projection"] == main].set_index(keys)[["mean", "p05", "p95"]]
            .rename(columns={"mean": "main_mean", "p05": "main_p05", "p95": "main_p95"}))
    known = table.dropna(subset=["mean"]).reset_index(drop=True)
    order = known.reset_index().sort_values([*keys, "mean", "index"], kind="stable")
    grouped = order.groupby(keys, sort=False)
    low, high = grouped.first(), grouped.last()
    band = pd.DataFrame({"low": low["mean"], "high": high["mean"],
                         "low_projection": low["projection"],
                         "high_projection": high["projection"]})
    return base.join(band, how="outer").reset_index()


#: The measures `health_effects` states, as (metric, trinn): care FTE and care cost.
HEALTH_MEASURES: tuple[tuple[str, int], ...] = (("fte", TRINN_CARE), ("cost_nok", TRINN_CARE))


def health_effects(table: pd.DataFrame, health: Mapping[str, float | None]) -> pd.DataFrame:
    """Return what each health trend changes against today's under the same projection:
    per (scenario, alternative, year, metric) the alternative's mean minus the mean of
    the alternative with health trend 0 (or, without one, the first trend given) under the
    same projection code, for ``HEALTH_MEASURES``.

    ``health`` maps each alternative's name (``MMMM/healthier``) to its trend (envelope.json's
    ``health``); the code is the name's part before the slash. Empty without several trends.
    Columns: scenario, alternative, against, projection, shift, year, metric, trinn, d_mean.
    Common random numbers pair the runs, so the difference of the means is the mean of the
    paired differences.
    """
    columns = ["scenario", "alternative", "against", "projection", "shift", "year", "metric",
               "trinn", "d_mean"]
    if len(set(health.values())) < 2:
        return pd.DataFrame(columns=columns)
    by_code: dict[str, list[str]] = {}
    for name in health:
        by_code.setdefault(name.split("/")[0], []).append(name)
    keys = ["scenario", "year", "trinn", "metric"]
    wanted = table.set_index(["metric", "trinn"]).index.isin(list(HEALTH_MEASURES))
    rows = table[wanted]
    out = []
    for code, names in by_code.items():
        base = next((n for n in names if health[n] == 0.0), names[0])
        ref = rows[rows["projection"] == base].set_index(keys)["mean"]
        for name in names:
            if name == base:
                continue
            alt = rows[rows["projection"] == name].set_index(keys)["mean"]
            diff = (alt - ref).dropna().rename("d_mean").reset_index()
            out.append(diff.assign(alternative=name, against=base, projection=code,
                                   shift=health[name]))
    if not out:
        return pd.DataFrame(columns=columns)
    return pd.concat(out, ignore_index=True)[columns]
