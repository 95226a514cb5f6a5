"""Scenario comparison for the terminal: cost and FTE differences vs the first scenario."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from rich.table import Table

from results.labels import label, number
from results.summary import ResultsError, paired_differences, totals

MNOK = 1e6
#: (output prefix, metric column, scale): cost in mill NOK, FTE as is.
_MEASURES = (("d_cost_mnok", "cost_nok", MNOK), ("d_fte", "fte", 1.0))
COLUMNS: tuple[str, ...] = ("scenario", "year", "baseline", "n",
                            *(f"{p}_{s}" for p, _, _ in _MEASURES for s in ("mean", "p05", "p95")))


def comparison_table(yearly: pd.DataFrame, years: Sequence[int] = (2030, 2040)) -> pd.DataFrame:
    """Return each scenario's change in total cost and FTE vs the first scenario.

    Totals are over every trinn and group. The baseline is the first scenario in order
    of appearance; differences are paired per replication (common random numbers), so
    the 90 % interval ``p05``-``p95`` is that of the per-replication differences.

    Returns
    -------
    DataFrame
        One row per (other scenario, year) with ``baseline``, ``n`` (replications) and
        ``d_cost_mnok_{mean,p05,p95}`` (mill NOK per year), ``d_fte_{mean,p05,p95}``.
        Empty (same columns) when the run has one scenario.

    Raises
    ------
    ResultsError
        If a requested year is not in the run.
    """
    available = sorted(pd.unique(yearly["year"]))
    missing = [y for y in years if y not in available]
    if missing:
        raise ResultsError(f"year(s) {', '.join(map(str, missing))} not in the run "
                           f"(it covers {available[0]}-{available[-1]})")
    scenarios = list(pd.unique(yearly["scenario"]))
    if len(scenarios) < 2:
        return pd.DataFrame(columns=list(COLUMNS))
    baseline = scenarios[0]
    per_rep = totals(yearly[yearly["year"].isin(list(years))])
    diffs = {prefix: paired_differences(per_rep, metric, baseline).set_index(["scenario", "year"])
             for prefix, metric, _ in _MEASURES}
    wide = pd.concat([pd.DataFrame({f"{prefix}_{s}": diffs[prefix][s] / scale
                                    for s in ("mean", "p05", "p95")})
                      for prefix, _, scale in _MEASURES], axis=1)
    wide = wide.assign(baseline=baseline, n=diffs["d_cost_mnok"]["n"]).reset_index()
    # Scenarios in order of appearance, years in the order asked for.
    wide["_s"] = wide["scenario"].map({s: i for i, s in enumerate(scenarios)})
    wide["_y"] = wide["year"].map({y: i for i, y in enumerate(years)})
    wide = wide.sort_values(["_s", "_y"]).reset_index(drop=True)
    return wide[list(COLUMNS)]


def _signed(value: float, decimals: int, lang: str) -> str:
    text = number(value, decimals, lang)
    return "+" + text if round(value, decimals) > 0 else text


def _interval(low: float, high: float, decimals: int, lang: str) -> str:
    # Norwegian writes the decimal comma, so the two ends are separated by a semicolon.
    sep = "; " if lang == "nb" else ", "
    return f"[{_signed(low, decimals, lang)}{sep}{_signed(high, decimals, lang)}]"


def render_comparison(df: pd.DataFrame, lang: str = "nb", decimals: int = 1) -> Table:
    """Build a rich table of ``comparison_table`` output, in Norwegian by default."""
    if df.empty:
        # A table without columns prints nothing at all; say why there is nothing to show.
        note = Table(show_header=False, box=None)
        note.add_column()
        note.add_row(label("cmp.empty", lang))
        return note
    table = Table(title=label("cmp.title", lang, base=df["baseline"].iloc[0]),
                  caption=label("cmp.caption", lang, n=int(df["n"].min())),
                  header_style="bold")
    table.add_column(label("scenario", lang))
    table.add_column(label("year", lang), justify="right")
    for key in ("cmp.d_cost", "cmp.d_fte"):
        table.add_column(label(key, lang), justify="right")
        table.add_column(label("cmp.interval", lang), justify="right")
    for row in df.itertuples(index=False):
        table.add_row(
            str(row.scenario), str(row.year),
            _signed(row.d_cost_mnok_mean, decimals, lang),
            _interval(row.d_cost_mnok_p05, row.d_cost_mnok_p95, decimals, lang),
            _signed(row.d_fte_mean, decimals, lang),
            _interval(row.d_fte_p05, row.d_fte_p95, decimals, lang))
    return table
