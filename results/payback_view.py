"""Payback and waiting lists for the terminal of ``trappa compare``, read from summary.parquet.

Nothing is computed here: every figure is a row of ``summary.parquet`` as
``results.payback.summary_rows`` and ``results.summary.summary_table`` wrote it (the
horizon figures in the last year's row, trinn 0, group "all"; the waiting metrics in the
total rows, present only when some scenario has capacities). This module picks the rows
and renders them as rich tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from rich.table import Table

from results.compare_view import MNOK, _interval
from results.formatting import signed
from results.labels import is_norwegian, label, number, scenario_title
from results.payback import RATE_SOURCE_CLI
from results.summary import GROUP_ALL, TRINN_ALL, WAITING_METRICS

#: Horizon metrics shown as years (median and interval over the replications where the
#: year comes) with the share of replications where it does (summary metric of the share).
_YEARS: tuple[tuple[str, str, str], ...] = (("first_saving_year", "saves", "cmp.pay.first_saving"),
                                            ("payback_year", "pays_back", "cmp.pay.payback"))


def _totals(summary: pd.DataFrame) -> pd.DataFrame:
    return summary[(summary["trinn"] == TRINN_ALL) & (summary["group"] == GROUP_ALL)]


def _row(rows: pd.DataFrame, scenario: str, year: int, metric: str) -> Mapping[str, Any] | None:
    hit = rows[(rows["scenario"] == scenario) & (rows["year"] == year)
               & (rows["metric"] == metric)]
    return None if hit.empty else hit.iloc[0].to_dict()


def _pct(share: float, lang: str) -> str:
    sep = "\u00a0" if is_norwegian(lang) else ""
    return f"{number(share * 100, 0, lang)}{sep}%"


def rate_text(rate: float, lang: str) -> str:
    """Return a discount rate (a fraction) as per cent, e.g. "4 %" (one decimal if needed)."""
    decimals = 0 if round(rate * 100, 6).is_integer() else 1
    sep = "\u00a0" if is_norwegian(lang) else ""
    return f"{number(rate * 100, decimals, lang)}{sep}%"


def rate_source_text(source: str, lang: str) -> str:
    """Return where the rate comes from, in ``lang`` (run.json ``discount_rate_source``)."""
    return label("rep.discount_source_cli" if source == RATE_SOURCE_CLI
                 else "rep.discount_source", lang)


def _year_cell(row: Mapping[str, Any] | None, share: Mapping[str, Any] | None, y1: int,
               lang: str) -> str:
    if row is None or share is None or not row["n"] or math.isnan(float(row["p50"])):
        return label("cmp.pay.never", lang, y1=y1)
    sep = "; " if is_norwegian(lang) else ", "
    return (f"{row['p50']:.0f}\n[{row['p05']:.0f}{sep}{row['p95']:.0f}]\n"
            + label("cmp.pay.share", lang, share=_pct(float(share["mean"]), lang)))


def render_payback(summary: pd.DataFrame, lang: str = "nb", *, rate: float, source: str,
                   price_year: int | str,
                   titles: Mapping[str, Mapping[str, str]] | None = None) -> Table | None:
    """Build the payback table of every scenario against the first; None with one scenario.

    ``rate`` and ``source`` are the run's (``results.store.discount_rate``): the table
    only states them, the present value in ``summary`` was computed with them.
    """
    totals = _totals(summary)
    scenarios = list(pd.unique(totals["scenario"]))
    years = sorted(int(y) for y in pd.unique(totals["year"]))
    if len(scenarios) < 2 or not years:
        return None
    base, (y0, y1) = scenarios[0], (years[0], years[-1])
    shown_rate = rate_text(rate, lang)
    pv_rows = [_row(totals, s, y1, "pv_d_cost_nok") for s in scenarios[1:]]
    n = min((int(r["n"]) for r in pv_rows if r is not None), default=0)
    table = Table(title=label("cmp.pay.title", lang, base=scenario_title(base, lang, titles),
                              y0=y0, y1=y1),
                  caption=label("cmp.pay.caption", lang, n=n, y0=y0, y1=y1, rate=shown_rate,
                                source=rate_source_text(source, lang), price_year=price_year),
                  header_style="bold")
    table.add_column(label("scenario", lang))
    for _, _, key in _YEARS:
        table.add_column(f"{label(key, lang)}\n{label('cmp.pay.median', lang)}, "
                         f"{label('cmp.interval', lang)}", justify="right")
    table.add_column(f"{label('cmp.pay.pv', lang, y0=y0, y1=y1, rate=shown_rate)}\n"
                     f"{label('cmp.pay.mean', lang)}, {label('cmp.interval', lang)}",
                     justify="right")
    for s, pv in zip(scenarios[1:], pv_rows, strict=True):
        cells = [scenario_title(s, lang, titles)]
        for metric, share, _ in _YEARS:
            cells.append(_year_cell(_row(totals, s, y1, metric), _row(totals, s, y1, share),
                                    y1, lang))
        cells.append("\u2013" if pv is None else
                     f"{signed(pv['mean'] / MNOK, 1, lang)}\n"
                     + _interval(pv["p05"] / MNOK, pv["p95"] / MNOK, 1, lang))
        table.add_row(*cells)
    return table


def render_waiting(summary: pd.DataFrame, years: Sequence[int], lang: str = "nb",
                   titles: Mapping[str, Mapping[str, str]] | None = None) -> Table | None:
    """Build the waiting-list table (every scenario, ``years``); None without capacities.

    The summary holds the waiting metrics only when some scenario of the run has
    capacities (``results.store.has_capacity``), so their absence is the signal.
    """
    totals = _totals(summary)
    waiting = totals[totals["metric"].isin(WAITING_METRICS)]
    if waiting.empty:
        return None
    scenarios = list(pd.unique(totals["scenario"]))
    n = int(waiting["n"].min())
    table = Table(title=label("cmp.wait.title", lang),
                  caption=label("cmp.wait.caption", lang, n=n), header_style="bold")
    table.add_column(label("scenario", lang))
    table.add_column(label("year", lang), justify="right")
    for metric in WAITING_METRICS:
        table.add_column(f"{label(f'cmp.wait.{metric}', lang)}\n"
                         f"{label('cmp.pay.mean', lang)}, {label('cmp.interval', lang)}",
                         justify="right")
    sep = "; " if is_norwegian(lang) else ", "
    for s in scenarios:
        for y in years:
            cells = [scenario_title(s, lang, titles), str(y)]
            for metric in WAITING_METRICS:
                r = _row(waiting, s, y, metric)
                cells.append("\u2013" if r is None else
                             f"{number(r['mean'], 1, lang)}\n[{number(r['p05'], 1, lang)}{sep}"
                             f"{number(r['p95'], 1, lang)}]")
            table.add_row(*cells)
    return table
