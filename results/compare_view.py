"""Scenario comparison for the terminal: cost and FTE differences vs the first scenario.

Nothing is computed here: the figures are rows of the run's `results.comparison.Comparison`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from rich.table import Table

from results.comparison import Comparison
from results.formatting import signed
from results.intervals import includes_text
from results.labels import is_norwegian, label, scenario_title
from results.summary import TRINN_ALL, TRINN_CARE, TRINN_STAIRCASE, ResultsError

MNOK = 1e6
#: (output prefix, comparison metric, trinn code, scale): the cost of every trinn in mill
#: NOK; FTE in pleie og omsorg (trinn 6, 7, 9, 10, 11, what the seeds' 855 FTE of 2023
#: count), then over the whole staircase 4-12 as a second line.
MEASURES: tuple[tuple[str, str, int, float], ...] = (
    ("d_cost_mnok", "d_cost_nok", TRINN_ALL, MNOK),
    ("d_fte", "d_fte", TRINN_CARE, 1.0),
    ("d_fte_staircase", "d_fte", TRINN_STAIRCASE, 1.0))
COLUMNS: tuple[str, ...] = ("scenario", "year", "baseline", "n",
                            *(f"{p}_{s}" for p, _, _, _ in MEASURES
                              for s in ("mean", "p05", "p95")))


def comparison_table(comparison: Comparison, years: Sequence[int] = (2030, 2040)
                     ) -> pd.DataFrame:
    """Return each scenario's change in total cost and FTE vs the reference, per year.

    Differences are paired per replication (common random numbers), so the 90 % interval
    ``p05``-``p95`` is that of the per-replication differences.

    Returns
    -------
    DataFrame
        One row per (other scenario, year) with ``baseline``, ``n`` (replications) and
        ``d_cost_mnok_{mean,p05,p95}`` (mill NOK per year), ``d_fte_{mean,p05,p95}``
        (pleie og omsorg) and ``d_fte_staircase_{mean,p05,p95}`` (trinn 4-12), in the
        order of scenarios and of ``years``. Empty (same columns) with one scenario.

    Raises
    ------
    ResultsError
        If a requested year is not in the run.
    """
    available = list(comparison.years)
    missing = [y for y in years if y not in available]
    if missing:
        raise ResultsError(f"year(s) {', '.join(map(str, missing))} not in the run "
                           f"(it covers {available[0]}-{available[-1]})")
    rows = []
    for scenario in comparison.strategies:
        for year in years:
            row: dict[str, object] = {"scenario": scenario, "year": year,
                                      "baseline": comparison.reference}
            for prefix, metric, trinn, scale in MEASURES:
                stat = comparison.stat(scenario, metric, year, trinn)
                if stat is None:
                    raise ResultsError(f"no {metric} of '{scenario}' in {year} (trinn {trinn}) "
                                       "in the comparison")
                row.update({f"{prefix}_{s}": float(stat[s]) / scale
                            for s in ("mean", "p05", "p95")})
                row.setdefault("n", int(stat["n"]))
            rows.append(row)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _interval(low: float, high: float, decimals: int, lang: str) -> str:
    # Norwegian writes the decimal comma, so the two ends are separated by a semicolon.
    sep = "; " if is_norwegian(lang) else ", "
    return f"[{signed(low, decimals, lang)}{sep}{signed(high, decimals, lang)}]"


def render_comparison(df: pd.DataFrame, lang: str = "nb", decimals: int = 1,
                      titles: Mapping[str, Mapping[str, str]] | None = None,
                      uncertainty: str | None = None) -> Table:
    """Build a rich table of ``comparison_table`` output, in Norwegian by default.

    ``titles`` maps a scenario name to its display names per language (the scenario
    files' ``title``); a scenario without one is shown by its name. ``uncertainty`` is
    run.json's (`runners.plan.Plan.uncertainty`): the caption then says what the
    interval includes.
    """
    if df.empty:
        # A table without columns prints nothing at all; say why there is nothing to show.
        note = Table(show_header=False, box=None)
        note.add_column()
        note.add_row(label("cmp.empty", lang))
        return note
    base = scenario_title(str(df["baseline"].iloc[0]), lang, titles)
    table = Table(title=label("cmp.title", lang, base=base),
                  caption=" ".join(filter(None, (
                      label("cmp.caption", lang, n=int(df["n"].min())),
                      includes_text(uncertainty, lang)))),
                  header_style="bold")
    table.add_column(label("scenario", lang))
    table.add_column(label("year", lang), justify="right")
    prefixes = [p for p, _, _, _ in MEASURES]
    # One column per measure, the mean above its interval: readable in an 80-column terminal.
    for key in ("cmp.d_cost", "cmp.d_fte", "cmp.d_fte_staircase"):
        table.add_column(f"{label(key, lang)}\n{label('cmp.interval', lang)}", justify="right")
    for row in df.to_dict("records"):
        cells = [scenario_title(str(row["scenario"]), lang, titles), str(row["year"])]
        for prefix in prefixes:
            cells.append(f"{signed(row[f'{prefix}_mean'], decimals, lang)}\n"
                         + _interval(row[f"{prefix}_p05"], row[f"{prefix}_p95"], decimals, lang))
        table.add_row(*cells)
    return table
