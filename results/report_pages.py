"""The report's text pages: title, summary in plain words, assumptions and sources.

Pages are A4-landscape ``Figure`` objects laid out as flowing lines of text (``_Flow``):
each line's height follows its font size, and a page that fills up continues on a new page
with the same title marked "(forts.)" / "(cont.)". The page title is always the first text
drawn on a page, so a PDF text extractor finds it first.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.table import Table
from matplotlib.transforms import Bbox

from results.labels import label, number
from results.plots import STYLE
from results.report_facts import RunFacts, Sources, display_path, municipality_name
from results.report_figures import PAGE
from results.report_tables import ReportTables
from results.report_text import summary_paragraphs, summary_rows

_LEFT, _TOP, _BOTTOM = 0.06, 0.92, 0.06
_GREY = "0.35"
#: Characters per line at 10 pt across an A4-landscape page (DejaVu Sans, with margins).
_CHARS_AT_10PT = 140


@dataclass(frozen=True)
class Line:
    """One line (or paragraph, wrapped when laid out) of a text page."""

    text: str
    size: float = 11.0
    bold: bool = False
    colour: str = "black"
    gap_before: float = 0.0


def _wrap(text: str, size: float, indent: str = "") -> list[str]:
    width = max(20, int(_CHARS_AT_10PT * 10 / size))
    return textwrap.wrap(text, width, subsequent_indent=indent) or [""]


def _line_height(size: float) -> float:
    return size * 1.45 / 72 / PAGE[1]  # in figure coordinates


def _page(title: str) -> tuple[Figure, float]:
    fig = Figure(figsize=PAGE)
    fig.text(_LEFT, _TOP, title, fontsize=24, fontweight="bold", va="baseline")
    return fig, _TOP - 0.05


def flow_pages(title: str, lines: Iterable[Line], continued: str | None = None
               ) -> list[Figure]:
    """Lay ``lines`` out on as many pages as they need.

    The first page is headed ``title``, any further page ``continued`` (default: ``title``).
    """
    with rc_context(STYLE):
        fig, y = _page(title)
        pages = [fig]
        for line in lines:
            y -= _line_height(line.size) * line.gap_before
            for part in _wrap(line.text, line.size, "    " if line.text.startswith("  ") else ""):
                if y - _line_height(line.size) < _BOTTOM:
                    fig, y = _page(continued or title)
                    pages.append(fig)
                y -= _line_height(line.size)
                fig.text(_LEFT, y, part, fontsize=line.size, color=line.colour,
                         fontweight="bold" if line.bold else "normal", va="baseline")
    return pages


def report_title(tables: ReportTables, facts: RunFacts, lang: str) -> str:
    """Return the report's title, e.g. "Innsatstrappa i Færder 2024-2040"."""
    return label("rep.title", lang, municipality=municipality_name(facts, lang),
                 start=tables.years[0], end=tables.years[-1])


def title_page(tables: ReportTables, facts: RunFacts, lang: str) -> Figure:
    """Return the title page: title, subtitle, scenarios, replications and provenance."""
    lines = [Line(label("rep.subtitle", lang), 20, gap_before=0.5), Line("", 12)]
    for s in tables.scenarios:
        mark = f" {label('rep.baseline_mark', lang)}" if s == tables.baseline else ""
        lines.append(Line(label("rep.scenario_line", lang, name=f"{s}{mark}",
                                description=facts.scenario(s).describe(lang) or "\u2013"), 15,
                          gap_before=0.3))
    lines += [
        Line(label("rep.run_facts", lang, n=tables.replications,
                   seed=facts.seed if facts.seed is not None else label("fact.unknown", lang)),
             13, gap_before=1.5),
        Line(label("rep.made_with", lang, version=facts.version, commit=facts.commit[:10],
                   created=facts.created[:10] or label("fact.unknown", lang)), 13, colour=_GREY),
        Line(f"{label('fact.run_dir', lang)}: {facts.run_dir.resolve()}", 11, colour=_GREY),
    ]
    return flow_pages(report_title(tables, facts, lang), lines)[0]


def _table(fig: Figure, top: float, header: Sequence[str], rows: Sequence[Sequence[str]]
           ) -> float:
    """Draw a key-figure table below ``top``; return the y where it ends.

    Scenario names (first column) are left-aligned, figures right-aligned, headers centred.
    """
    row_height = 0.045 if len(rows) <= 5 else 0.032
    height = row_height * (len(rows) + 1)
    ax = fig.add_axes((_LEFT, top - height, 1 - 2 * _LEFT, height))
    ax.axis("off")
    first = 0.22  # the scenario names need room; the figures share the rest
    widths = [first, *[(1 - first) / (len(header) - 1)] * (len(header) - 1)]
    table = Table(ax, bbox=Bbox.from_bounds(0, 0, 1, 1))
    for r, texts in enumerate([[textwrap.fill(h, 13) for h in header], *rows]):
        for c, text in enumerate(texts):
            loc = "left" if c == 0 else "center" if r == 0 else "right"
            cell = table.add_cell(r, c, widths[c], 1.0, text=text, loc=loc,
                                  edgecolor="0.75", facecolor="0.92" if r == 0 else "white")
            if r == 0:
                cell.set_text_props(fontweight="bold")
    table.auto_set_font_size(False)
    table.set_fontsize(11 if len(rows) <= 5 else 9)
    ax.add_table(table)
    return top - height


def summary_page(tables: ReportTables, facts: RunFacts, lang: str) -> Figure:
    """Return the one-page summary: sentences per scenario, key figures, method and rounding."""
    with rc_context(STYLE):
        fig, y = _page(label("rep.summary_title", lang))
        # One page whatever the number of scenarios: smaller text for longer lists.
        size = 12.0 if len(tables.scenarios) <= 4 else 9.5
        for paragraph in summary_paragraphs(tables, facts, lang):
            for part in _wrap(paragraph, size):
                y -= _line_height(size)
                fig.text(_LEFT, y, part, fontsize=size, va="baseline")
            y -= _line_height(size) * 0.6
        header, rows = summary_rows(tables, lang)
        y = _table(fig, y - 0.02, header, rows) - 0.03
        price_year = facts.price_year or label("fact.unknown", lang)
        for part in _wrap(label("rep.s.method", lang, n=tables.replications,
                                price_year=price_year), 10):
            y -= _line_height(10)
            fig.text(_LEFT, y, part, fontsize=10, color=_GREY, va="baseline")
    return fig


def _fact_lines(facts: RunFacts, tables: ReportTables, lang: str) -> list[Line]:
    unknown = label("fact.unknown", lang)

    def fact(key: str, value: object) -> Line:
        return Line(f"{label(key, lang)}: {value}", 11)

    calibration = facts.calibration_file or label("fact.calibration_none", lang)
    lines = [
        fact("fact.municipality", municipality_name(facts, lang)),
        fact("fact.years", f"{tables.years[0]}\u2013{tables.years[-1]}"),
        fact("fact.baseline", tables.baseline),
        fact("fact.seed", facts.seed if facts.seed is not None else unknown),
        fact("fact.replications", tables.replications),
        fact("fact.calibration", calibration),
        fact("fact.code_version", f"trappa {facts.version}, commit {facts.commit}"),
        fact("fact.created", facts.created or unknown),
        fact("fact.price_year", facts.price_year or unknown),
        fact("fact.price_index", number(facts.price_index, 3, lang)
             if facts.price_index else unknown),
        fact("fact.hours_per_fte", number(facts.hours_per_fte, 0, lang)),
        fact("fact.position_size", f"{number(facts.position_size * 100, 0, lang)}\u00a0%"),
    ]
    if facts.calibration_hash:
        lines.append(fact("fact.calibration_hash", facts.calibration_hash))
    return lines


def assumption_lines(tables: ReportTables, facts: RunFacts, sources: Sources,
                     lang: str) -> list[Line]:
    """Return the lines of the assumptions-and-sources pages."""
    lines = _fact_lines(facts, tables, lang)
    lines.append(Line(label("fact.scenario_files", lang), 13, bold=True, gap_before=0.8))
    for s in tables.scenarios:
        files = ", ".join(facts.scenario(s).files) or "\u2013"
        lines.append(Line(f"{s}: {facts.scenario(s).describe(lang)} [{files}]", 10))
    lines.append(Line(label("fact.run_units", lang), 13, bold=True, gap_before=0.8))
    lines += [Line(f"{key}: {text}", 10) for key, text in facts.units.items()]
    lines.append(Line(label("fact.numbers", lang), 13, bold=True, gap_before=0.8))
    lines += [Line(label("xl.numbers_from", lang), 10),
              Line(f"{label('fact.rounding', lang)}: {label('xl.rounding', lang)}", 10)]
    if sources.problem:
        lines.append(Line(label("fact.data_missing", lang, name=facts.municipality,
                                problem=sources.problem), 10, colour="darkred", gap_before=0.8))
    if sources.changed_files:
        lines.append(Line(label("fact.data_changed", lang, files=", ".join(
            sources.changed_files)), 10, colour="darkred", gap_before=0.8))
    if sources.parameters:
        where = display_path(sources.parameter_file) if sources.parameter_file else ""
        lines.append(Line(label("fact.parameters", lang, file=where), 13, bold=True,
                          gap_before=0.8))
        for p in sources.parameters:
            lines.append(Line(f"{p.name} = {p.value:g} ({p.unit})", 10, bold=True,
                              gap_before=0.3))
            lines.append(Line(f"  {label('xl.source', lang)}: {p.source}", 9.5, colour=_GREY))
    return lines


def assumption_pages(tables: ReportTables, facts: RunFacts, sources: Sources,
                     lang: str) -> list[Figure]:
    """Return the assumptions-and-sources pages (as many as the text needs)."""
    title = label("rep.assumptions_title", lang)
    return flow_pages(title, assumption_lines(tables, facts, sources, lang),
                      label("rep.continued", lang, title=title))
