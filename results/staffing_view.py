"""The staffing gap for the terminal (and any renderer): rows of the run's comparison.

Nothing is computed here: every figure is a row of `results.comparison.Comparison` that
`results.staffing` added (``trinn = -1``). `staffing_rows` is the view model a report or the
app may call; `render_staffing` draws it as a rich table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from rich.table import Table

from results.comparison import Comparison
from results.formatting import DASH, interval, number, percent, signed, year
from results.labels import label, scenario_title
from results.summary import TRINN_CARE

STATS = ("mean", "p05", "p95")


def has_staffing(comparison: Comparison) -> bool:
    """Whether the run's comparison holds the staffing gap."""
    return not comparison.rows("gap_fte", TRINN_CARE).empty


def _stat(c: Comparison, scenario: str, metric: str, year: int | None = None
          ) -> dict[str, Any] | None:
    return c.stat(scenario, metric, year, TRINN_CARE)


def staffing_rows(comparison: Comparison, years: Sequence[int]) -> list[dict[str, Any]]:
    """One row per scenario (the reference first): need, supply and gap (årsverk, mean and
    90 % interval) in each of ``years``, persons to recruit in the last of them, the first
    year over the threshold (of the mean path; median, interval and share of replications
    where it comes), the extra hires per year that close the gap, the threshold, and the
    family carers' ratio (inhabitants 50-66 per 85+) in the last year (NaN without it).

    Empty if the comparison has no staffing gap (a run without the staff supply's inputs).
    """
    if not has_staffing(comparison):
        return []
    out = []
    last = years[-1]
    for s in comparison.scenarios:
        row: dict[str, Any] = {"scenario": s}
        for y in years:
            for metric in ("fte", "supply_fte", "gap_fte"):
                stat = _stat(comparison, s, metric, y) or {}
                row.update({f"{metric}_{y}_{k}": float(stat.get(k, math.nan)) for k in STATS})
        persons = _stat(comparison, s, "gap_persons", last) or {}
        row.update({f"gap_persons_{k}": float(persons.get(k, math.nan)) for k in STATS})
        first = _stat(comparison, s, "gap_first_year") or {}
        hires = _stat(comparison, s, "hires_to_close") or {}
        of_mean = _stat(comparison, s, "gap_first_year_of_mean") or {}
        threshold = _stat(comparison, s, "gap_threshold") or {}
        family = comparison.stat(s, "family_carer_ratio", last) or {}
        row["family_ratio"] = float(family.get("mean", math.nan))
        n = int(hires.get("n", 0))
        row.update({
            "first_year_of_mean": float(of_mean.get("mean", math.nan)),
            **{f"first_year_{k}": float(first.get(k, math.nan)) for k in ("p05", "p50", "p95")},
            "first_year_share": (int(first.get("n", 0)) / n) if n else math.nan,
            **{f"hires_{k}": float(hires.get(k, math.nan)) for k in STATS},
            "threshold": float(threshold.get("mean", math.nan)), "n": n})
        out.append(row)
    return out


def _cell(row: Mapping[str, Any], prefix: str, lang: str, signed_values: bool = True) -> str:
    fmt = signed if signed_values else number
    return (f"{fmt(row[f'{prefix}_mean'], 0, lang)}\n"
            f"[{interval(row[f'{prefix}_p05'], row[f'{prefix}_p95'], 0, lang)}]")


def render_staffing(rows: Sequence[Mapping[str, Any]], years: Sequence[int], lang: str = "nb",
                    titles: Mapping[str, Mapping[str, str]] | None = None) -> Table | None:
    """The rich table of `staffing_rows` (None without rows)."""
    if not rows:
        return None
    last = years[-1]
    table = Table(title=label("staff.title", lang),
                  caption=label("staff.caption", lang, n=min(int(r["n"]) for r in rows)),
                  header_style="bold")
    # folded, not cut with an ellipsis, in a narrow terminal
    table.add_column(label("scenario", lang), overflow="fold")
    for y in years:
        table.add_column(label("staff.gap", lang, year=y), justify="right", overflow="fold")
    table.add_column(label("staff.persons", lang, year=last), justify="right",
                     overflow="fold")
    pct = percent(float(rows[0]["threshold"]), 0, lang)
    table.add_column(label("staff.first_year", lang, pct=pct), justify="right",
                     overflow="fold")
    table.add_column(label("staff.hires", lang), justify="right", overflow="fold")
    family = not all(math.isnan(r["family_ratio"]) for r in rows)
    if family:
        table.add_column(label("staff.family", lang, year=last), justify="right",
                         overflow="fold")
    for r in rows:
        first = r["first_year_of_mean"]
        first_text = (label("cmp.pay.never", lang, y1=last) if math.isnan(first)
                      else year(first))
        if not math.isnan(r["first_year_p50"]):
            first_text += (f"\n[{year(r['first_year_p05'])}{DASH}"
                           f"{year(r['first_year_p95'])}]\n"
                           + percent(r["first_year_share"], 0, lang))
        cells = [scenario_title(str(r["scenario"]), lang, titles),
                 *(_cell(r, f"gap_fte_{y}", lang) for y in years),
                 _cell(r, "gap_persons", lang), first_text,
                 _cell(r, "hires", lang, signed_values=False)]
        if family:
            cells.append(number(r["family_ratio"], 1, lang))
        table.add_row(*cells)
    return table


def staffing_sentence(comparison: Comparison, scenario: str, lang: str = "nb") -> str | None:
    """One sentence on a scenario's staffing gap in the last year, for a report's first page
    or the app (None without the gap): the shortage in årsverk and persons and the first
    year over the threshold, or the surplus. Prose uses the absolute value with a
    direction (the sign convention of docs/reports.md)."""
    rows = [r for r in staffing_rows(comparison, comparison.years[-1:])
            if r["scenario"] == scenario]
    if not rows:
        return None
    r, year_ = rows[0], comparison.years[-1]
    gap = r[f"gap_fte_{year_}_mean"]
    if not gap > 0:
        return label("staff.sentence.covered", lang, year=year_, fte=number(-gap, 0, lang))
    text = label("staff.sentence.gap", lang, year=year_, fte=number(gap, 0, lang),
                 persons=number(r["gap_persons_mean"], 0, lang))
    pct = percent(r["threshold"], 0, lang)
    first = r["first_year_of_mean"]
    tail = (label("staff.sentence.never", lang, pct=pct, year=year_) if math.isnan(first)
            else label("staff.sentence.first", lang, pct=pct, first=year(first)))
    return f"{text} {tail}"


def staffing_message(comparison: Comparison, scenario: str, title: str, lang: str = "nb"
                     ) -> str | None:
    """Page one's sentence on a scenario's staffing gap (None without the gap): the gap in
    the last year with its 90 % interval (a shortage, a surplus, or either when the interval
    holds zero), the first year the mean path passes the threshold, and the extra hires a
    year that close it. Every number is a row of the comparison."""
    last = comparison.years[-1]
    rows = [r for r in staffing_rows(comparison, (last,)) if r["scenario"] == scenario]
    if not rows:
        return None
    r = rows[0]
    mean, lo, hi = (r[f"gap_fte_{last}_{k}"] for k in STATS)
    if lo > 0:
        way, fte, range_ = "short", number(mean, 0, lang), interval(lo, hi, 0, lang)
    elif hi < 0:
        way, fte, range_ = "spare", number(-mean, 0, lang), interval(-hi, -lo, 0, lang)
    else:
        way, fte = "either", signed(mean, 0, lang)
        range_ = interval(lo, hi, 0, lang, with_sign=True)
    parts = [label(f"rep.staff.msg.{way}", lang, strategy=title, year=last, fte=fte,
                   range=range_, pct=percent(0.9, 0, lang))]
    pct = percent(r["threshold"], 0, lang)
    first = r["first_year_of_mean"]
    parts.append(label("staff.sentence.never", lang, pct=pct, year=last) if math.isnan(first)
                 else label("staff.sentence.first", lang, pct=pct, first=year(first)))
    if round(r["hires_mean"]) > 0:
        parts.append(label("rep.staff.msg.hires", lang, hires=number(r["hires_mean"], 0, lang),
                           range=interval(r["hires_p05"], r["hires_p95"], 0, lang),
                           y0=comparison.years[0], y1=last))
    return " ".join(parts)


def staffing_years(comparison: Comparison, scenario: str) -> list[dict[str, float]]:
    """A scenario's need, supply and gap (mean, p05, p95) and the family carers' ratio
    (mean; NaN without it) per year of the run: the rows of a report's staffing table and
    chart (empty without the gap)."""
    if not has_staffing(comparison):
        return []
    out = []
    for y in comparison.years:
        row: dict[str, float] = {"year": float(y)}
        for metric in ("fte", "supply_fte", "gap_fte"):
            stat = _stat(comparison, scenario, metric, y) or {}
            row.update({f"{metric}_{k}": float(stat.get(k, math.nan)) for k in STATS})
        family = comparison.stat(scenario, "family_carer_ratio", y) or {}
        row["family_ratio"] = float(family.get("mean", math.nan))
        out.append(row)
    return out
