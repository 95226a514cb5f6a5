"""The report's Excel workbook (openpyxl): numbers as numbers, formats, frozen headers.

Sheets, in order (names in the report's language):

1. front page (``Forside``): the run's facts and main assumptions, two columns;
2. one sheet per scenario (named after its display name): recipients, cost, staff hours,
   FTE and head count by year and trinn, with pleie og omsorg (trinn 6, 7, 9, 10, 11), the
   whole staircase 4-12 and the total over all trinn;
3. comparison (``Sammenligning``): paired differences from the first scenario, by year;
4. dementia (``Demens``): the dementia group by scenario, year and trinn, and its total;
4b. staffing (``Bemanning``, issue 31; where the comparison holds the staffing gap): need,
   supply and gap of pleie og omsorg by scenario and year, then the first year over the
   threshold and the hires that close the gap;
5. sources (``Kilder``): the parameters with unit and source, and the data files' hashes.

Level and comparison sheets share one layout: row 1 a title, row 2 a note (what the
numbers are, replications, rounding), row 3 the measure with its unit (merged over its
statistics), row 4 the statistic (mean, p05, p95), data from row 5. Rows 1-4 and the
identity columns are frozen; row 4 carries an autofilter.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from results.comparison import Comparison
from results.formatting import percent
from results.intervals import few_runs_text
from results.labels import label, number
from results.payback_view import rate_text
from results.provenance import parameter_name, parameter_unit, source_text
from results.report_document import estimated_mark, uncertainty_text, unit_items
from results.report_facts import RunFacts, Sources, display_path, municipality_name
from results.report_tables import DEMENTIA, LEVEL_METRICS, ReportTables
from results.staffing_view import has_staffing
from results.summary import GROUP_ALL, TRINN_ALL, TRINN_CARE, TRINN_STAIRCASE

MNOK = 1e6
STATS: tuple[str, ...] = ("mean", "p05", "p95")
HEADER_ROWS = 4
#: Per metric: label key, divisor, Excel number format (display rounding only).
METRIC_FORMAT: dict[str, tuple[str, float, str]] = {
    "recipients": ("xl.recipients", 1.0, "#,##0"),
    "cost_nok": ("xl.cost", MNOK, "#,##0.0"),
    "staff_hours": ("xl.staff_hours", 1.0, "#,##0"),
    "fte": ("xl.fte", 1.0, "#,##0.0"),
    "head_count": ("xl.head_count", 1.0, "#,##0"),
}
#: Comparison measures: label key, metric, trinn code, group, divisor, number format.
DIFF_COLUMNS: tuple[tuple[str, str, int, str, float, str], ...] = (
    ("xl.d_cost", "cost_nok", TRINN_ALL, GROUP_ALL, MNOK, "#,##0.0"),
    ("xl.d_fte", "fte", TRINN_CARE, GROUP_ALL, 1.0, "#,##0.0"),
    ("xl.d_head_count", "head_count", TRINN_CARE, GROUP_ALL, 1.0, "#,##0"),
    ("xl.d_fte_staircase", "fte", TRINN_STAIRCASE, GROUP_ALL, 1.0, "#,##0.0"),
    ("xl.d_dementia_cost", "cost_nok", TRINN_ALL, DEMENTIA, MNOK, "#,##0.0"),
)
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_NOTE = Font(italic=True, color="595959")
_HEAD_FILL = PatternFill("solid", fgColor="E7E6E6")
_MAX_WIDTH = 70


@dataclass(frozen=True)
class _Row:
    """One row kind of a level sheet: which statistics, and how the trinn is shown."""

    trinn: int
    group: str
    trinn_cell: int | str
    name: str
    recipients: bool = True


def _sheet_name(wanted: str, taken: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ , unique regardless of case.
    base = re.sub(r"[\[\]:*?/\\]", "_", wanted).strip("'")[:31] or "Scenario"
    name, i = base, 2
    while name.lower() in taken:
        suffix = f" ({i})"
        name, i = base[:31 - len(suffix)] + suffix, i + 1
    taken.add(name.lower())
    return name


def _title_rows(ws: Worksheet, title: str, note: str) -> None:
    ws.cell(1, 1, title).font = _TITLE
    ws.cell(2, 1, note).font = _NOTE


def _header(ws: Worksheet, ids: Sequence[str], groups: Sequence[str], lang: str) -> None:
    """Write rows 3-4: identity columns, then each measure merged over its statistics."""
    for col, text in enumerate(ids, start=1):
        ws.cell(3, col, text)
        ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    col = len(ids) + 1
    stat_labels = [label("xl.mean", lang), "p05", "p95"]
    for text in groups:
        ws.cell(3, col, text)
        ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + len(STATS) - 1)
        for j, stat in enumerate(stat_labels):
            ws.cell(4, col + j, stat)
        col += len(STATS)
    for row in ws.iter_rows(min_row=3, max_row=4, max_col=col - 1):
        for cell in row:
            cell.font = _BOLD
            cell.fill = _HEAD_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[3].height = 32
    ws.freeze_panes = ws.cell(HEADER_ROWS + 1, len(ids) + 1)
    ws.auto_filter.ref = f"A4:{get_column_letter(col - 1)}4"


def _fit_columns(ws: Worksheet, n_ids: int, widths: dict[int, int] | None = None) -> None:
    """Size each column to its longest text or formatted number, from the header down.

    A measure's header in row 3 spans its statistics and wraps, so it is left out; the
    identity columns' headers (rows 3-4 merged) count. ``widths`` sets minimum widths.
    """
    best: dict[int, int] = dict(widths or {})
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            if cell.value is None or (cell.row == 3 and cell.column > n_ids):
                continue
            value = cell.value
            text = f"{value:,.1f}" if isinstance(value, float) else str(value)
            best[cell.column] = max(best.get(cell.column, 0), len(text) + 2)
    for col, width in best.items():
        ws.column_dimensions[get_column_letter(col)].width = min(max(width, 9), _MAX_WIDTH)


def _wide_levels(tables: ReportTables) -> pd.DataFrame:
    """Return the level statistics as one row per (scenario, trinn, group, year)."""
    lv = tables.levels[tables.levels["metric"].isin(LEVEL_METRICS)]
    return lv.pivot_table(index=["scenario", "trinn", "group", "year"], columns="metric",
                          values=list(STATS), aggfunc="first")


def _level_sheet(ws: Worksheet, tables: ReportTables, facts: RunFacts, wide: pd.DataFrame,
                 scenarios: Iterable[str], rows: Sequence[_Row], price_year: str,
                 lang: str) -> None:
    ids = [label("scenario", lang), label("year", lang), label("trinn", lang),
           label("xl.trinn_name", lang)]
    groups = [label(METRIC_FORMAT[m][0], lang, price_year=price_year) for m in LEVEL_METRICS]
    _header(ws, ids, groups, lang)
    # Plain dict lookups: a MultiIndex .loc per row would dominate the writing time.
    position = {c: i for i, c in enumerate(wide.columns)}
    records = dict(zip(wide.index, wide.to_numpy(float), strict=True))
    r = HEADER_ROWS + 1
    for scenario in scenarios:
        for year in tables.years:
            for spec in rows:
                values = records.get((scenario, spec.trinn, spec.group, year))
                if values is None:
                    continue
                shown_name = facts.title(scenario, lang)
                for col, value in enumerate((shown_name, year, spec.trinn_cell, spec.name), 1):
                    ws.cell(r, col, value)
                col = len(ids) + 1
                for metric in LEVEL_METRICS:
                    _, scale, fmt = METRIC_FORMAT[metric]
                    shown = metric != "recipients" or spec.recipients
                    for stat in STATS:
                        if shown:
                            cell = ws.cell(r, col, float(values[position[(stat, metric)]]) / scale)
                            cell.number_format = fmt
                        col += 1
                r += 1
    _fit_columns(ws, len(ids))


def _trinn_rows(tables: ReportTables, sources: Sources, lang: str) -> list[_Row]:
    rows = [_Row(t, GROUP_ALL, t, sources.trinn_name(t, lang)) for t in range(1, 13)]
    return [*rows,
            _Row(TRINN_CARE, GROUP_ALL, "6, 7, 9, 10, 11", label("xl.care_fte_total", lang)),
            _Row(TRINN_STAIRCASE, GROUP_ALL, "4\u201312", label("xl.care_total", lang)),
            # Recipients over every trinn would count each inhabitant in trinn 1-3 thrice.
            _Row(TRINN_ALL, GROUP_ALL, "1\u201312", label("xl.all_total", lang), False)]


def _dementia_rows(tables: ReportTables, sources: Sources, lang: str) -> list[_Row]:
    rows = [_Row(t, DEMENTIA, t, sources.trinn_name(t, lang)) for t in tables.trinn_in(DEMENTIA)]
    return [*rows, _Row(TRINN_ALL, DEMENTIA, "1\u201312", label("xl.all_total", lang))]


def _comparison_sheet(ws: Worksheet, tables: ReportTables, facts: RunFacts, lang: str) -> None:
    _title_rows(ws, label("xl.comparison_title", lang, base=facts.title(tables.baseline, lang)),
                label("xl.diff_note", lang, n=tables.replications) + " "
                + label("xl.rounding", lang))
    if len(tables.scenarios) < 2:
        ws.cell(HEADER_ROWS + 1, 1, label("xl.one_scenario", lang))
        return
    columns = [c for c in DIFF_COLUMNS if c[3] != DEMENTIA or tables.has_dementia]
    _header(ws, [label("scenario", lang), label("year", lang)],
            [label(c[0], lang) for c in columns], lang)
    series = {(s, c): tables.difference(s, c[1], trinn=c[2], group=c[3])
              for s in tables.scenarios[1:] for c in columns}
    r = HEADER_ROWS + 1
    for scenario in tables.scenarios[1:]:
        for year in tables.years:
            ws.cell(r, 1, facts.title(scenario, lang))
            ws.cell(r, 2, year)
            col = 3
            for c in columns:
                row = series[(scenario, c)].loc[year]
                for stat in STATS:
                    cell = ws.cell(r, col, float(row[stat]) / c[4])
                    cell.number_format = c[5]
                    col += 1
            r += 1
    _payback_block(ws, r + 1, tables, facts, lang)
    _fit_columns(ws, 2)


def _payback_block(ws: Worksheet, r: int, tables: ReportTables, facts: RunFacts,
                   lang: str) -> None:
    """Below the yearly differences: each strategy's payback, rows of the comparison (the
    mean path's years, the cumulative Δ cost and the present value at the run's rate)."""
    c = tables.comparison
    if c is None:
        return
    y0, y1 = c.years[0], c.years[-1]
    ws.cell(r, 1, label("cmp.pay.title", lang, base=facts.title(c.reference, lang),
                        y0=y0, y1=y1)).font = _BOLD
    rate = rate_text(c.rate, lang)
    heads = [label("scenario", lang), label("rep.h.col.first_saving", lang),
             label("rep.h.col.payback", lang),
             label("rep.h.col.cumulative", lang, y0=y0, y1=y1),
             label("rep.h.col.present_value", lang, rate=rate), "p05", "p95"]
    for col, text in enumerate(heads, start=1):
        cell = ws.cell(r + 1, col, text)
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
    never = label("rep.h.not_by", lang, year=y1)
    for i, scenario in enumerate(c.strategies, start=r + 2):
        ws.cell(i, 1, facts.title(scenario, lang))
        for col, metric in ((2, "first_saving_year_of_mean"), (3, "payback_year_of_mean")):
            row = c.stat(scenario, metric)
            value = None if row is None else float(row["mean"])
            ws.cell(i, col, never if value is None or value != value else int(value))
        cum = c.stat(scenario, "d_cost_cum_nok")
        pv = c.stat(scenario, "pv_d_cost_nok")
        for col, value in ((4, None if cum is None else cum["mean"]),
                           *((5 + j, None if pv is None else pv[s])
                             for j, s in enumerate(("mean", "p05", "p95")))):
            if value is not None:
                ws.cell(i, col, float(value) / MNOK).number_format = "#,##0.0"


#: The staffing sheet's yearly measures: (catalogue key, comparison metric, number format).
STAFF_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("xl.staff.need", "fte", "#,##0.0"), ("xl.staff.supply", "supply_fte", "#,##0.0"),
    ("xl.staff.gap", "gap_fte", "#,##0.0"), ("xl.staff.persons", "gap_persons", "#,##0.0"),
    ("xl.staff.share", "gap_share", "0.0%"))


def _staffing_sheet(ws: Worksheet, c: Comparison, facts: RunFacts, lang: str) -> None:
    """Need, supply and gap of pleie og omsorg by scenario and year (rows of the
    comparison, ``results.staffing``), then each scenario's first year over the threshold
    and the extra hires per year that close the gap."""
    n = min(int(r["n"]) for _, r in c.rows("gap_fte", TRINN_CARE).iterrows())
    _title_rows(ws, label("staff.title", lang), label("staff.caption", lang, n=n))
    _header(ws, [label("scenario", lang), label("year", lang)],
            [label(k, lang) for k, _, _ in STAFF_COLUMNS], lang)
    r = HEADER_ROWS + 1
    for scenario in c.scenarios:
        series = {m: c.series(scenario, m, TRINN_CARE) for _, m, _ in STAFF_COLUMNS}
        for year in c.years:
            ws.cell(r, 1, facts.title(scenario, lang))
            ws.cell(r, 2, year)
            col = 3
            for _, metric, fmt in STAFF_COLUMNS:
                for stat in STATS:
                    value = float(series[metric].loc[year, stat])
                    if value == value:
                        ws.cell(r, col, value).number_format = fmt
                    col += 1
            r += 1
    r += 1
    threshold = c.stat(c.reference, "gap_threshold", trinn=TRINN_CARE)
    pct = percent(float(threshold["mean"]) if threshold else 0.05, 0, lang)
    heads = [label("scenario", lang), label("staff.first_year", lang, pct=pct),
             label("staff.hires", lang), "p05", "p95"]
    for col, text in enumerate(heads, start=1):
        cell = ws.cell(r, col, text)
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
    never = label("rep.h.not_by", lang, year=c.years[-1])
    for i, scenario in enumerate(c.scenarios, start=r + 1):
        ws.cell(i, 1, facts.title(scenario, lang))
        first = c.stat(scenario, "gap_first_year_of_mean", trinn=TRINN_CARE)
        value = math.nan if first is None else float(first["mean"])
        ws.cell(i, 2, never if value != value else int(value))
        hires = c.stat(scenario, "hires_to_close", trinn=TRINN_CARE)
        for j, stat in enumerate(("mean", "p05", "p95")):
            if hires is not None:
                ws.cell(i, 3 + j, float(hires[stat])).number_format = "#,##0.0"
    _fit_columns(ws, 2)


def front_figures(tables: ReportTables, facts: RunFacts, sources: Sources, lang: str
                  ) -> tuple[list[str], list[str], list[list[Any]]]:
    """Return page one in cells: the sentences, and the figures behind them (header and a
    row per strategy: Δ cost and Δ care FTE of the last year with their intervals, Δ head
    count, the first saving year, the payback year), numbers as numbers."""
    from results.report_document import message_sentence
    from results.report_headline import build_headline

    c = tables.comparison
    if c is None or len(tables.scenarios) < 2:
        return [], [], []
    h = build_headline(tables, sources, facts.discount_rate)
    sentences = [message_sentence(s, tables, facts, lang) for s in h.scenarios]
    year = tables.years[-1]
    head = [label("scenario", lang), label("xl.front.d_cost", lang, year=year), "p05", "p95",
            label("xl.front.d_fte", lang, year=year), "p05", "p95",
            label("xl.front.d_head", lang, year=year), "p05", "p95",
            label("rep.h.col.first_saving", lang), label("rep.h.col.payback", lang)]
    never = label("rep.h.not_by", lang, year=year)
    rows: list[list[Any]] = []
    for s in h.scenarios:
        row: list[Any] = [facts.title(s.scenario, lang)]
        for metric, trinn, scale in (("d_cost_nok", TRINN_ALL, MNOK), ("d_fte", TRINN_CARE, 1.0),
                                     ("d_head_count", TRINN_CARE, 1.0)):
            stat = c.stat(s.scenario, metric, year, trinn)
            row += [None if stat is None else float(stat[k]) / scale
                    for k in ("mean", "p05", "p95")]
        row += [s.payback.first_saving_year or never, s.payback.payback_year or never]
        rows.append(row)
    return sentences, head, rows


def _front_sheet(ws: Worksheet, tables: ReportTables, facts: RunFacts, sources: Sources,
                 lang: str) -> None:
    unknown = label("fact.unknown", lang)
    ws.cell(1, 1, label("rep.title", lang, municipality=municipality_name(facts, lang),
                        start=tables.years[0], end=tables.years[-1])).font = _TITLE
    ws.cell(2, 1, label("rep.subtitle", lang)).font = _NOTE
    sentences, head, figures = front_figures(tables, facts, sources, lang)
    top = 3
    if sentences:  # page one: the message, then its figures with their intervals
        ws.cell(top, 1, label("rep.msg.lead", lang, base=facts.title(tables.baseline, lang),
                              municipality=municipality_name(facts, lang),
                              price_year=facts.price_year or unknown)).font = _BOLD
        for i, text in enumerate(sentences, start=top + 1):
            ws.cell(i, 1, str(figures[i - top - 1][0])).font = _BOLD
            ws.cell(i, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
        r = top + len(sentences) + 2
        for col, text in enumerate(head, start=1):
            cell = ws.cell(r, col, text)
            cell.font = _BOLD
            cell.fill = _HEAD_FILL
            cell.alignment = Alignment(wrap_text=True)
        for i, row in enumerate(figures, start=r + 1):
            for col, value in enumerate(row, start=1):
                cell = ws.cell(i, col, value)
                if isinstance(value, float):
                    cell.number_format = "#,##0.0" if col <= 4 else "#,##0"
        top = r + len(figures) + 2
    rows: list[tuple[str, Any, str | None]] = [
        (label("fact.municipality", lang), municipality_name(facts, lang), None),
        (label("fact.years", lang), f"{tables.years[0]}\u2013{tables.years[-1]}", None)]
    for i, s in enumerate(tables.scenarios, start=1):
        mark = f" {label('rep.baseline_mark', lang)}" if s == tables.baseline else ""
        rows.append((f"{label('fact.scenario', lang)} {i}",
                     f"{facts.title(s, lang)}{mark}: {facts.scenario(s).describe(lang)}", None))
    rows += [
        (label("fact.baseline", lang), facts.title(tables.baseline, lang), None),
        (label("fact.seed", lang), facts.seed if facts.seed is not None else unknown, "0"),
        (label("fact.replications", lang), tables.replications, "0"),
        (label("fact.uncertainty", lang), uncertainty_text(facts, tables.replications, lang),
         None),
        (label("fact.calibration", lang),
         facts.calibration_file or label("fact.calibration_none", lang), None),
        (label("fact.calibration_hash", lang), facts.calibration_hash or "\u2013", None),
        (label("fact.price_year", lang), facts.price_year or unknown, "0"),
        (label("fact.price_index", lang), facts.price_index or unknown, "0.000"),
        (label("fact.hours_per_fte", lang), facts.hours_per_fte, "#,##0"),
        (label("fact.position_size", lang), facts.position_size, "0%"),
    ]
    few = few_runs_text(tables.replications, lang)
    if few:
        rows.append((label("fact.warning", lang), few, None))
    rows += [(label("fact.unit", lang, metric=name), text, None)
             for name, text in unit_items(facts, lang)]
    mark = label("fact.estimated_mark", lang)
    rows += [(label("fact.estimated", lang), f"{mark}: {item}", None)
             for item in facts.estimated]
    rows += [
        (label("fact.code_version", lang), f"trappa {facts.version}, commit {facts.commit}", None),
        (label("fact.created", lang), facts.created or unknown, None),
        (label("fact.run_dir", lang), facts.run_dir.name, None),
        (label("fact.numbers", lang), label("xl.numbers_from", lang), None),
        (label("fact.rounding", lang), label("xl.rounding", lang), None),
    ]
    ws.cell(top, 1, label("xl.item", lang)).font = _BOLD
    ws.cell(top, 2, label("xl.value", lang)).font = _BOLD
    for r, (key, value, fmt) in enumerate(rows, start=top + 1):
        ws.cell(r, 1, key).font = _BOLD
        cell = ws.cell(r, 2, value)
        cell.alignment = Alignment(horizontal="left", wrap_text=True, vertical="top")
        if fmt and isinstance(value, int | float):
            cell.number_format = fmt
    ws.column_dimensions["A"].width = max(len(str(k)) for k, _, _ in rows) + 2
    ws.column_dimensions["B"].width = 100
    for col in range(3, len(head) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 12


def _sources_sheet(ws: Worksheet, facts: RunFacts, sources: Sources, lang: str) -> None:
    _title_rows(ws, label("xl.sources_title", lang),
                label("fact.parameters", lang, file=display_path(sources.parameter_file))
                if sources.parameter_file else
                label("fact.data_missing", lang, name=facts.municipality,
                      problem=sources.problem or ""))
    heads = [label(k, lang) for k in ("xl.parameter", "xl.value", "xl.unit", "xl.source")]
    for col, text in enumerate(heads, start=1):
        ws.cell(3, col, text).font = _BOLD
    r = 4
    where = display_path(sources.parameter_file) if sources.parameter_file else ""
    for p in sources.parameters:
        ws.cell(r, 1, parameter_name(p, lang))
        ws.cell(r, 2, p.value).number_format = "General"
        ws.cell(r, 3, parameter_unit(p, lang) + estimated_mark(p.source, lang))
        ws.cell(r, 4, source_text(p.source, lang, where)).alignment = Alignment(
            wrap_text=True, vertical="top")
        r += 1
    r += 1
    for col, key in enumerate(("xl.data_file", "xl.run_hash", "xl.changed"), start=1):
        ws.cell(r, col, label(key, lang)).font = _BOLD
    for name, digest in facts.input_hashes.items():
        r += 1
        ws.cell(r, 1, name)
        ws.cell(r, 2, digest)
        changed = name in sources.changed_files
        ws.cell(r, 3, label("xl.yes" if changed else "xl.no", lang))
    ws.freeze_panes = "A4"
    for letter, width in zip("ABCD", (34, 66, 60, 100), strict=True):
        ws.column_dimensions[letter].width = width


def _payback_sheet(ws: Worksheet, tables: ReportTables, facts: RunFacts, lang: str) -> None:
    """Each strategy's Δ cost per year and its cumulative Δ from the first year, each with
    its interval: the path the payback years are read from."""
    c = tables.comparison
    assert c is not None
    y0, y1 = c.years[0], c.years[-1]
    _title_rows(ws, label("cmp.pay.title", lang, base=facts.title(c.reference, lang), y0=y0,
                          y1=y1), label("xl.payback_note", lang, n=tables.replications))
    _header(ws, [label("scenario", lang), label("year", lang)],
            [label("xl.d_cost", lang), label("rep.h.col.cumulative", lang, y0=y0, y1=y1)],
            lang)
    r = HEADER_ROWS + 1
    for scenario in c.strategies:
        yearly = c.series(scenario, "d_cost_nok")
        cum = c.series(scenario, "d_cost_cum_nok")
        for year in c.years:
            ws.cell(r, 1, facts.title(scenario, lang))
            ws.cell(r, 2, year)
            for j, frame in enumerate((yearly, cum)):
                for k, stat in enumerate(STATS):
                    cell = ws.cell(r, 3 + 3 * j + k, float(frame.loc[year, stat]) / MNOK)
                    cell.number_format = "#,##0.0"
            r += 1
    _payback_block(ws, r + 1, tables, facts, lang)
    _fit_columns(ws, 2)


def _why_sheet(ws: Worksheet, tables: ReportTables, facts: RunFacts, sources: Sources,
               lang: str) -> None:
    """The report's "why FTE and cost move differently" table, numbers as numbers."""
    from results.report_why import why_rows

    c = tables.comparison
    assert c is not None
    year = c.years[-1]
    _title_rows(ws, label("rep.why.title", lang),
                label("rep.why.lead", lang, hpf=number(facts.hours_per_fte, 0, lang)))
    head = [label("scenario", lang), label("trinn", lang), label("xl.trinn_name", lang),
            label("rep.why.col.cost", lang, year=year), label("rep.why.col.hours", lang,
                                                              year=year),
            label("rep.why.col.fte", lang, year=year), label("rep.why.col.ratio", lang)]
    for col, text in enumerate(head, start=1):
        cell = ws.cell(3, col, text)
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True)
    r = 4
    for scenario in c.strategies:
        w = why_rows(c, scenario, year)
        items = [(str(t.trinn), sources.trinn_name(t.trinn, lang), t.d_cost, t.d_hours)
                 for t in w.trinn]
        items.append(("1\u201312", label("rep.why.total", lang), w.d_cost, w.d_hours))
        for trinn, name, cost, hours in items:
            values: list[Any] = [facts.title(scenario, lang), trinn, name, cost / MNOK, hours,
                                 hours / facts.hours_per_fte,
                                 hours / (cost / MNOK) if abs(cost) >= 1.0 else None]
            for col, value in enumerate(values, start=1):
                cell = ws.cell(r, col, value)
                if col >= 4 and value is not None:
                    cell.number_format = "#,##0.0" if col in (4, 6) else "#,##0"
            r += 1
        for key, (cost, hours), value in (
                ("xl.why.added", w.added, w.hours_per_mnok_added),
                ("xl.why.removed", w.removed, w.hours_per_mnok_removed)):
            ws.cell(r, 1, facts.title(scenario, lang))
            ws.cell(r, 3, label(key, lang)).font = _BOLD
            ws.cell(r, 4, cost / MNOK).number_format = "#,##0.0"
            ws.cell(r, 5, hours).number_format = "#,##0"
            ws.cell(r, 6, hours / facts.hours_per_fte).number_format = "#,##0.0"
            if value is not None:
                ws.cell(r, 7, value).number_format = "#,##0"
            r += 1
        r += 1
    ws.freeze_panes = "A4"
    _fit_columns(ws, 3)


def write_workbook(tables: ReportTables, facts: RunFacts, sources: Sources, path: Path,
                   lang: str) -> Path:
    """Write the report workbook to ``path`` and return it (sheets: see the module docstring)."""
    wb = Workbook()
    wb.properties.title = label("rep.title", lang, municipality=municipality_name(facts, lang),
                                start=tables.years[0], end=tables.years[-1])
    wb.properties.creator = f"trappa {facts.version}"
    wb.properties.language = lang
    taken: set[str] = set()
    front = wb.active
    front.title = _sheet_name(label("xl.front", lang), taken)
    fixed = {key: label(key, lang) for key in ("xl.comparison", "xl.dementia", "xl.sources",
                                               "xl.staffing")}
    taken |= {v.lower() for v in fixed.values()}
    _front_sheet(front, tables, facts, sources, lang)
    price_year = str(facts.price_year or label("fact.unknown", lang))
    wide = _wide_levels(tables)
    note = label("xl.level_note", lang, n=tables.replications) + " " + label("xl.rounding", lang)
    for scenario in tables.scenarios:
        ws = wb.create_sheet(_sheet_name(facts.title(scenario, lang), taken))
        _title_rows(ws, label("xl.scenario_title", lang, name=facts.title(scenario, lang),
                              description=facts.scenario(scenario).describe(lang)), note)
        _level_sheet(ws, tables, facts, wide, [scenario], _trinn_rows(tables, sources, lang),
                     price_year, lang)
    _comparison_sheet(wb.create_sheet(fixed["xl.comparison"]), tables, facts, lang)
    if tables.comparison is not None and len(tables.scenarios) > 1:
        _payback_sheet(wb.create_sheet(_sheet_name(label("xl.payback", lang), taken)), tables,
                       facts, lang)
        _why_sheet(wb.create_sheet(_sheet_name(label("xl.why", lang), taken)), tables, facts,
                   sources, lang)
    if tables.has_dementia:
        ws = wb.create_sheet(fixed["xl.dementia"])
        _title_rows(ws, label("xl.dementia_title", lang),
                    label("xl.stats_note", lang, n=tables.replications) + " "
                    + label("xl.rounding", lang))
        _level_sheet(ws, tables, facts, wide, tables.scenarios,
                     _dementia_rows(tables, sources, lang), price_year, lang)
    if tables.comparison is not None and has_staffing(tables.comparison):
        _staffing_sheet(wb.create_sheet(fixed["xl.staffing"]), tables.comparison, facts, lang)
    _sources_sheet(wb.create_sheet(fixed["xl.sources"]), facts, sources, lang)
    wb.save(path)
    return path
