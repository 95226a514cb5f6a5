"""Payback and waiting lists for the terminal of ``trappa compare``, read from the comparison.

Nothing is computed here: every figure is a row of the run's `results.comparison.Comparison`
(the horizon figures in the last year's row, trinn 0, group "all"; the waiting metrics in
the total rows). This module picks the rows and renders them as rich tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from rich.table import Table

from results.compare_view import MNOK, _interval
from results.comparison import Comparison
from results.formatting import signed
from results.labels import is_norwegian, label, number, scenario_title
from results.payback import RATE_SOURCE_CLI
from results.summary import WAITING_METRICS

#: Horizon metrics shown as years: the year of the mean path, then the median and interval
#: over the replications where the year comes, with the share of replications where it does.
_YEARS: tuple[tuple[str, str, str], ...] = (("first_saving_year", "saves", "cmp.pay.first_saving"),
                                            ("payback_year", "pays_back", "cmp.pay.payback"))


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


def year_text(value: float | None, y1: int, lang: str) -> str:
    """Return a horizon year, or "not by <y1>" when it never comes (NaN or None)."""
    if value is None or math.isnan(float(value)):
        return label("cmp.pay.never", lang, y1=y1)
    return f"{float(value):.0f}"


def _year_cell(of_mean: Mapping[str, Any] | None, row: Mapping[str, Any] | None,
               share: Mapping[str, Any] | None, y1: int, lang: str) -> str:
    first = year_text(None if of_mean is None else of_mean["mean"], y1, lang)
    if row is None or share is None or not row["n"] or math.isnan(float(row["p50"])):
        return first
    sep = "; " if is_norwegian(lang) else ", "
    return (f"{first}\n{row['p50']:.0f} [{row['p05']:.0f}{sep}{row['p95']:.0f}]\n"
            + label("cmp.pay.share", lang, share=_pct(float(share["mean"]), lang)))


def render_payback(comparison: Comparison, lang: str = "nb", *, price_year: int | str,
                   titles: Mapping[str, Mapping[str, str]] | None = None) -> Table | None:
    """Build the payback table of every scenario against the reference; None with one
    scenario. The present value is at the run's rate (the comparison's)."""
    c = comparison
    if not c.strategies:
        return None
    y0, y1 = c.years[0], c.years[-1]
    shown_rate = rate_text(c.rate, lang)
    pv_rows = [c.stat(s, "pv_d_cost_nok") for s in c.strategies]
    n = min((int(r["n"]) for r in pv_rows if r is not None), default=0)
    table = Table(title=label("cmp.pay.title", lang,
                              base=scenario_title(c.reference, lang, titles), y0=y0, y1=y1),
                  caption=label("cmp.pay.caption", lang, n=n, y0=y0, y1=y1, rate=shown_rate,
                                source=rate_source_text(c.rate_source, lang),
                                price_year=price_year),
                  header_style="bold")
    table.add_column(label("scenario", lang))
    for _, _, key in _YEARS:
        table.add_column(f"{label(key, lang)}\n{label('cmp.pay.of_mean', lang)}; "
                         f"{label('cmp.pay.median', lang)}, {label('cmp.interval', lang)}",
                         justify="right")
    table.add_column(f"{label('cmp.pay.pv', lang, y0=y0, y1=y1, rate=shown_rate)}\n"
                     f"{label('cmp.pay.mean', lang)}, {label('cmp.interval', lang)}",
                     justify="right")
    for s, pv in zip(c.strategies, pv_rows, strict=True):
        cells = [scenario_title(s, lang, titles)]
        for metric, share, _ in _YEARS:
            cells.append(_year_cell(c.stat(s, f"{metric}_of_mean"), c.stat(s, metric),
                                    c.stat(s, share), y1, lang))
        cells.append("\u2013" if pv is None else
                     f"{signed(pv['mean'] / MNOK, 1, lang)}\n"
                     + _interval(pv["p05"] / MNOK, pv["p95"] / MNOK, 1, lang))
        table.add_row(*cells)
    return table


def render_waiting(comparison: Comparison, years: Sequence[int], lang: str = "nb",
                   titles: Mapping[str, Mapping[str, str]] | None = None) -> Table | None:
    """Build the waiting-list table (every scenario, ``years``); None without capacities."""
    c = comparison
    if not c.has_capacity:
        return None
    waiting = c.rows(list(WAITING_METRICS))
    if waiting.empty:
        return None
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
    for s in c.scenarios:
        for y in years:
            cells = [scenario_title(s, lang, titles), str(y)]
            for metric in WAITING_METRICS:
                r = c.stat(s, metric, y)
                cells.append("\u2013" if r is None else
                             f"{number(r['mean'], 1, lang)}\n[{number(r['p05'], 1, lang)}{sep}"
                             f"{number(r['p95'], 1, lang)}]")
            table.add_row(*cells)
    return table
