"""Every chart trappa draws, in one module with one house style.

- the council report's charts (``report_charts``: one A4-landscape figure per chart, saved
  into the PDF and as PNG), which are also a run's ``plots/*.png`` (``results.plots``);
- the demographic envelope's pages (``envelope_figure``).

One style (``STYLE``, projector-sized text, Okabe-Ito colours), numbers on the axes and in
the charts through ``results.formatting`` (decimal comma and non-breaking thousands space
in Norwegian, a true minus, years never grouped), every text from the catalogue
(``results.labels``). ``save`` writes a figure as PNG, SVG or PDF by the file's suffix; an
SVG keeps its text as text (``svg.fonttype = "none"``), so a typesetter that embeds it (the
Typst report) sets the labels in its own fonts and a reader can search and copy them.

Figures are ``matplotlib.figure.Figure`` objects rendered without pyplot: no display is
needed, no global figure registry fills up (nothing to close, nothing leaks) and drawing is
safe in worker processes.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import Formatter, FuncFormatter, MaxNLocator

from results import formatting
from results.labels import label, number, scenario_title
from results.summary import (
    GROUP_ALL,
    STAIRCASE_TRINN,
    TRINN_ALL,
    TRINN_CARE,
    TRINN_STAIRCASE,
)

if TYPE_CHECKING:  # the report's modules load when a report chart is drawn
    from models.calculator import PersonaTable
    from results.report_facts import RunFacts, Sources
    from results.report_tables import ReportTables

MNOK = 1e6

#: Projector-sized text and lines; applied per figure with ``rc_context``, never globally.
_STYLE: dict[Any, Any] = {"font.size": 16, "axes.titlesize": 16, "figure.titlesize": 22,
          "axes.labelsize": 18, "xtick.labelsize": 16, "ytick.labelsize": 16,
          "legend.fontsize": 15, "legend.title_fontsize": 15, "lines.linewidth": 3,
          "axes.spines.top": False, "axes.spines.right": False,
          "axes.grid": True, "grid.alpha": 0.3}
_SIZE = (12.0, 7.0)
_DPI = 120
#: What ``save`` writes, by the file's suffix.
_FORMATS = (".png", ".svg", ".pdf")
_BAND_ALPHA = 0.2


class NumberFormatter(Formatter):
    """Tick labels in the language's number format, with as few decimals as the ticks need."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        # The same ticks are formatted at every layout pass and every save (Babel, a
        # few hundred microseconds a label): keep what was formatted.
        self._formatted: dict[tuple[float, ...], list[str]] = {}

    @staticmethod
    def _decimals(values: Sequence[float]) -> int:
        locs = np.asarray(values, dtype=float)
        tol = 1e-9 * max(1.0, float(np.abs(locs).max())) if locs.size else 0.0
        decimals = 0
        while decimals < 6 and not np.allclose(np.round(locs, decimals), locs, rtol=0, atol=tol):
            decimals += 1
        return decimals

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        key = tuple(float(v) for v in values)
        known = self._formatted.get(key)
        if known is None:
            decimals = self._decimals(values)
            known = self._formatted[key] = [number(v, decimals, self.lang) for v in values]
        return list(known)

    def __call__(self, x: float, pos: int | None = None) -> str:
        return number(x, self._decimals([x]), self.lang)


#: Okabe & Ito (2008), "Color Universal Design": eight colours told apart with every common
#: colour-vision deficiency. Scenarios take them in this order (black for the base).
OKABE_ITO: tuple[str, ...] = ("#000000", "#E69F00", "#0072B2", "#009E73", "#D55E00",
                              "#CC79A7", "#56B4E9", "#F0E442")
#: One colour per trinn 4-12 of a stacked staircase: the eight Okabe-Ito colours and a
#: grey, ordered so that neighbours in the stack (above all 9, 10 and 11, the large
#: place-based trinn) differ in hue and in lightness.
TRINN_COLOURS: dict[int, str] = {4: "#56B4E9", 5: "#009E73", 6: "#F0E442", 7: "#E69F00",
                                 8: "#999999", 9: "#0072B2", 10: "#D55E00", 11: "#CC79A7",
                                 12: "#000000"}


def _colours(n: int) -> list[str]:
    return [OKABE_ITO[i % len(OKABE_ITO)] for i in range(n)]


def _year_axis(ax: Axes, lang: str) -> None:
    ax.set_xlabel(label("year", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: formatting.year(v)))


def save(fig: Figure, path: Path | str, dpi: float = _DPI) -> Path:
    """Write ``fig`` to ``path`` as PNG, SVG or PDF (by the suffix) and return the path.

    An SVG keeps its text as text (``svg.fonttype = "none"``), not as glyph outlines.
    """
    path = Path(path)
    if path.suffix.lower() not in _FORMATS:
        raise ValueError(f"cannot save a chart as '{path.suffix}' (use {', '.join(_FORMATS)})")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".png":
        _save_png(fig, path, dpi)
        return path
    with rc_context({"svg.fonttype": "none"}):
        fig.savefig(path, dpi=dpi)
    return path


#: zlib level of the PNGs: 3 compresses these flat-coloured charts as well as the default
#: 6 (within 1 %) in about two thirds of the time.
_PNG_COMPRESSION = 3


def _save_png(fig: Figure, path: Path, dpi: float) -> None:
    """Write ``fig`` as PNG: the pixels Agg renders, without the alpha channel when every
    pixel is opaque (a chart on its white page always is).

    Matplotlib's own PNG keeps the alpha channel and compresses at level 6; encoding was
    the largest single cost of a report's charts (a quarter of a second per A4 page at
    150 dpi), and RGB at level 3 takes less than half of that for the same picture. The
    encoding stays Pillow's (its adaptive row filters are most of what remains: about a
    third of a second for a report's charts; Pillow offers no switch for them).
    """
    from PIL import Image, PngImagePlugin

    raw = io.BytesIO()
    fig.savefig(raw, format="rgba", dpi=dpi)
    data = raw.getvalue()
    # Agg's canvas is the figure's size in pixels, truncated (as savefig's PNG is)
    width = int(fig.get_figwidth() * dpi)
    height = len(data) // (4 * width)
    if width * height * 4 != len(data):
        raise ValueError(f"unexpected canvas size for '{path.name}'")
    image = Image.frombuffer("RGBA", (width, height), data, "raw", "RGBA", 0, 1)
    if image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", f"Matplotlib version{matplotlib.__version__}, "
                              "https://matplotlib.org/")
    image.save(path, format="png", compress_level=_PNG_COMPRESSION, dpi=(dpi, dpi),
               pnginfo=info)


Titles = Mapping[str, Mapping[str, str]] | None


def _staircase_years(available: Iterable[int], wanted: Sequence[int]) -> list[int]:
    have = sorted(set(available))
    chosen = {y for y in wanted if y in have}
    if len(chosen) < 2:
        # A short run (a test, a first look) still gets a comparison: add its end points.
        chosen |= {have[0], have[-1]}
    return sorted(chosen)


# --- the council report's charts ---------------------------------------------------------
# Drawn from ``ReportTables`` (never from the raw yearly table), each the size of an A4
# landscape page; the caller saves the same figure to the PDF and to a PNG.

STYLE: dict[Any, Any] = dict(_STYLE)
BAND_ALPHA = _BAND_ALPHA


def number_formatter(lang: str) -> Formatter:
    """Return a tick formatter in the language's number format (see ``NumberFormatter``)."""
    return NumberFormatter(lang)


def colours(n: int) -> list[str]:
    """Return ``n`` scenario colours, in the order the charts use them."""
    return _colours(n)


def year_axis(ax: Axes, lang: str) -> None:
    """Label the x axis as calendar years with whole-number ticks."""
    _year_axis(ax, lang)


def staircase_years(available: Iterable[int], wanted: Sequence[int]) -> list[int]:
    """Return the ``wanted`` years present in ``available`` (first and last added if < 2)."""
    return _staircase_years(available, wanted)


#: A4 landscape in inches: the PDF page and the PNG share it.
PAGE = (11.69, 8.27)
#: Years of the staircase profile (those in the run; first and last added if fewer than two).
PROFILE_YEARS = (2024, 2030, 2040)
_NOTE_COLOUR = "0.35"


def _figure() -> Figure:
    return Figure(figsize=PAGE, layout="constrained")


def _note(ax: Axes, text: str) -> None:
    ax.set_title(text, loc="left", color=_NOTE_COLOUR, fontsize=13)


def _footnote(fig: Figure, text: str, fontsize: float = 12) -> None:
    # supxlabel, unlike fig.text, gets its own room from the constrained layout.
    fig.supxlabel(text, x=0.01, ha="left", color=_NOTE_COLOUR, fontsize=fontsize)


def _price_year(facts: RunFacts, lang: str) -> str:
    return formatting.year(facts.price_year) if facts.price_year else label("fact.unknown",
                                                                                lang)


def _bands(ax: Axes, tables: ReportTables, facts: RunFacts, metric: str, scale: float,
           trinn: int, group: str, lang: str) -> list[Line2D | Patch]:
    """Draw each scenario's mean line and p05-p95 band on an axis from zero; return the
    legend handles (the caller puts the legend outside the axes, where it covers nothing)."""
    handles: list[Line2D | Patch] = []
    for scenario, colour in zip(tables.scenarios, colours(len(tables.scenarios)), strict=True):
        s = tables.level(scenario, metric, trinn=trinn, group=group)
        years = np.asarray(s.index, dtype=float)
        ax.fill_between(years, s["p05"] / scale, s["p95"] / scale, color=colour,
                        alpha=BAND_ALPHA, linewidth=0)
        handles += ax.plot(years, s["mean"] / scale, color=colour, marker="o",
                           label=facts.title(scenario, lang))
    handles.append(Patch(facecolor="grey", alpha=2 * BAND_ALPHA, label=label("band_90", lang)))
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(number_formatter(lang))
    year_axis(ax, lang)
    return handles


def _legend_below(fig: Figure, handles: list[Line2D | Patch], lang: str) -> None:
    """Put the legend to the right of the axes (outside them, so it covers no data)."""
    for h in handles:
        h.set_label(textwrap.fill(str(h.get_label()), 22))
    fig.legend(handles=handles, title=label("scenario", lang), loc="outside right center",
               fontsize=13, title_fontsize=13)


def cost_figure(tables: ReportTables, facts: RunFacts, lang: str, *,
                group: str = GROUP_ALL) -> Figure:
    """Chart cost per year per scenario (mill NOK, all trinn) with p05-p95 bands.

    With ``group="dementia"`` the chart shows the dementia group's cost instead.
    """
    from results.report_tables import DEMENTIA

    title = "plot.dementia_title" if group == DEMENTIA else "plot.total_cost_title"
    with rc_context(STYLE):
        fig = _figure()
        ax = fig.add_subplot()
        _legend_below(fig, _bands(ax, tables, facts, "cost_nok", MNOK, TRINN_ALL, group, lang),
                      lang)
        fig.suptitle(label(title, lang))
        _note(ax, label("rep.note_levels", lang, price_year=_price_year(facts, lang),
                        n=tables.replications))
        ax.set_ylabel(label("yearly_cost_mnok", lang))
    return fig


#: Page one's small chart of Δ cost (inches): half a portrait page's height.
DELTA_SIZE = (9.0, 4.2)


def delta_cost_figure(tables: ReportTables, facts: RunFacts, lang: str) -> Figure:
    """Chart each strategy's Δ cost against the reference per year (mill kr, every trinn):
    the mean of the paired differences with its p05-p95 band, a line at zero. Page one's
    chart; every value is a row of the run's comparison."""
    with rc_context({**STYLE, "font.size": 13, "axes.labelsize": 13, "xtick.labelsize": 12,
                     "ytick.labelsize": 12, "legend.fontsize": 11, "lines.linewidth": 2.2}):
        fig = Figure(figsize=DELTA_SIZE, layout="constrained")
        ax = fig.add_subplot()
        ax.axhline(0, color="0.3", linewidth=1)
        strategies = tables.scenarios[1:]
        for scenario, colour in zip(strategies, colours(len(tables.scenarios))[1:],
                                    strict=True):
            s = tables.difference(scenario, "cost_nok")
            years = np.asarray(s.index, dtype=float)
            ax.fill_between(years, s["p05"] / MNOK, s["p95"] / MNOK, color=colour,
                            alpha=BAND_ALPHA, linewidth=0)
            ax.plot(years, s["mean"] / MNOK, color=colour,
                    label=textwrap.fill(facts.title(scenario, lang), 28))
        ax.plot([], [], color="grey", alpha=2 * BAND_ALPHA, linewidth=8,
                label=label("band_90", lang))
        ax.yaxis.set_major_formatter(number_formatter(lang))
        year_axis(ax, lang)
        ax.set_xlabel("")
        ax.set_ylabel(label("rep.msg.chart_y", lang))
        fig.legend(loc="outside right upper", frameon=False)
    return fig


def staff_figure(tables: ReportTables, facts: RunFacts, sources: Sources, lang: str
                 ) -> Figure:
    """Chart FTE per year per scenario: pleie og omsorg (trinn 6, 7, 9, 10, 11) against the
    855 FTE of 2023, and the whole staircase 4-12 beside it (head count: the footnote's
    position size; the summary table gives it)."""
    given = next((p for p in sources.parameters if p.name == "care_fte_2023"), None)
    source = None if given is None else float(given.value)
    # an importer's estimate is marked as one on the chart, not as the source's figure
    mark = ("rep.fte_estimate_mark" if given is not None
            and given.source.startswith("estimated") else "rep.fte_source_mark")
    with rc_context(STYLE):
        fig = _figure()
        left, right = fig.subplots(1, 2)
        handles = _bands(left, tables, facts, "fte", 1.0, TRINN_CARE, GROUP_ALL, lang)
        _bands(right, tables, facts, "fte", 1.0, TRINN_STAIRCASE, GROUP_ALL, lang)
        if source is not None:
            year = tables.years[0] - 1
            handles += left.plot([year], [source], linestyle="none", marker="D",
                                 markersize=9, color="0.25",
                                 label=label(mark, lang,
                                             fte=number(source, 0, lang), year=year))
        left.set_title(label("rep.fte_care_panel", lang), fontsize=15)
        right.set_title(label("rep.fte_staircase_panel", lang), fontsize=15)
        left.set_ylabel(label("rep.fte_axis", lang))
        for ax in (left, right):  # half-width panels: fewer year ticks, or they collide
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        _legend_below(fig, handles, lang)
        fig.suptitle(label("rep.fte_head_title", lang))
        _footnote(fig, label("rep.note_staff", lang, hpf=number(facts.hours_per_fte, 0, lang),
                             pos=formatting.percent(facts.position_size, 0, lang),
                             n=tables.replications), fontsize=12)
    return fig


def staffing_figure(tables: ReportTables, facts: RunFacts, lang: str) -> Figure | None:
    """Chart the staffing gap's parts per year (issue 31): per scenario, the care FTE needed
    (solid) and those its staff can give (dashed), each with its p05-p95 band; beside it the
    family carers' ratio (inhabitants 50-66 per 85+). Rows of the run's comparison via
    ``results.staffing_view``; None if the run has no staffing gap."""
    per = _staffing_per(tables)
    return None if per is None else _staffing_chart(tables, facts, lang, per)


def _staffing_per(tables: ReportTables) -> dict[str, list[dict[str, Any]]] | None:
    """The staffing chart's rows per scenario (`results.staffing_view.staffing_years`);
    None if the run has no staffing gap (then there is no chart)."""
    from results.staffing_view import staffing_years

    c = tables.comparison
    per = {s: staffing_years(c, s) for s in tables.scenarios} if c is not None else {}
    return per if per and all(per.values()) else None


def _staffing_chart(tables: ReportTables, facts: RunFacts, lang: str,
                    per: Mapping[str, Sequence[Mapping[str, Any]]]) -> Figure:
    with rc_context(STYLE):
        fig = _figure()
        left, right = fig.subplots(1, 2, width_ratios=(2, 1))
        handles: list[Line2D | Patch] = []
        for scenario, colour in zip(tables.scenarios, colours(len(tables.scenarios)),
                                    strict=True):
            rows = pd.DataFrame(per[scenario])
            for metric, style, key in (("fte", "-", "rep.staff.chart.need"),
                                       ("supply_fte", "--", "rep.staff.chart.supply")):
                left.fill_between(rows["year"], rows[f"{metric}_p05"], rows[f"{metric}_p95"],
                                  color=colour, alpha=BAND_ALPHA, linewidth=0)
                handles += left.plot(rows["year"], rows[f"{metric}_mean"], linestyle=style,
                                     color=colour, label=label(
                                         key, lang, scenario=facts.title(scenario, lang)))
        handles.append(Patch(facecolor="grey", alpha=2 * BAND_ALPHA,
                             label=label("band_90", lang)))
        left.set_ylim(bottom=0)  # from zero, as every value axis: the gap is in the table
        left.set_ylabel(label("rep.fte_axis", lang))
        left.set_title(label("rep.staff.chart.left", lang), fontsize=15)
        family = pd.DataFrame(per[tables.baseline])
        right.plot(family["year"], family["family_ratio"], color=colours(1)[0], marker="o")
        right.set_ylim(bottom=0)
        right.set_title(textwrap.fill(label("rep.staff.chart.family", lang), 30), fontsize=15)
        for ax in (left, right):
            ax.yaxis.set_major_formatter(number_formatter(lang))
            year_axis(ax, lang)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        _legend_below(fig, handles, lang)
        fig.suptitle(label("rep.staff.title", lang))
        _footnote(fig, textwrap.fill(label("rep.staff.chart.note", lang,
                                           n=tables.replications), 140), fontsize=11)
    return fig


def waiting_figure(tables: ReportTables, facts: RunFacts, lang: str) -> Figure:
    """Chart the waiting lists: persons waiting for a place on 31 December, per scenario."""
    with rc_context(STYLE):
        fig = _figure()
        ax = fig.add_subplot()
        _legend_below(fig, _bands(ax, tables, facts, "waiting", 1.0, TRINN_ALL, GROUP_ALL,
                                  lang), lang)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(label("rep.waiting_axis", lang))
        fig.suptitle(label("rep.waiting_title", lang))
        places = "; ".join(
            f"{facts.title(s.name, lang)}: " + ", ".join(
                label("rep.waiting_places", lang, trinn=t, places=", ".join(
                    f"{number(n, 0, lang)} ({formatting.year(y)})"
                    for y, n in steps.items()))
                for t, steps in s.capacity.items())
            for s in facts.scenarios if s.capacity)
        _note(ax, textwrap.fill(label("rep.waiting_note", lang, places=places), 110))
    return fig


def _trinn_legend(sources: Sources, trinn: int, lang: str) -> str:
    name = sources.trinn_name(trinn, lang)
    text = f"{trinn} {name}" if name else f"{label('trinn', lang)} {trinn}"
    return textwrap.fill(text, 30)


def profile_figure(tables: ReportTables, facts: RunFacts, sources: Sources, lang: str) -> Figure:
    """Chart the staircase profile: stacked mean cost per care trinn in a few years."""
    # the council's milestones, and the horizon where the run goes beyond 2040 (e.g. 2050)
    wanted = (*PROFILE_YEARS, *(y for y in tables.years[-1:] if y > PROFILE_YEARS[-1]))
    years = staircase_years(tables.years, wanted)
    with rc_context({**STYLE, "axes.grid": False}):
        fig = _figure()
        axes = np.atleast_1d(fig.subplots(1, len(tables.scenarios), sharey=True))
        for ax, scenario in zip(axes, tables.scenarios, strict=True):
            bottom = np.zeros(len(years))
            for trinn in STAIRCASE_TRINN:
                colour = TRINN_COLOURS[trinn]
                mean = tables.level(scenario, "cost_nok", trinn=trinn).loc[years, "mean"]
                heights = mean.to_numpy(float) / MNOK
                ax.bar(range(len(years)), heights, bottom=bottom, color=colour, width=0.7,
                       edgecolor="white", linewidth=0.8,
                       label=_trinn_legend(sources, trinn, lang))
                bottom += heights
            for x, total in enumerate(bottom):
                ax.annotate(number(total, 0, lang), (x, total), ha="center", va="bottom",
                            fontsize=12, xytext=(0, 3), textcoords="offset points")
            ax.set_xticks(range(len(years)), [formatting.year(y) for y in years])
            ax.set_title(textwrap.fill(facts.title(scenario, lang), 22), fontsize=14)
            ax.yaxis.set_major_formatter(number_formatter(lang))
            ax.margins(y=0.08)
        axes[0].set_ylabel(label("cost_mnok", lang))
        handles, labels = axes[0].get_legend_handles_labels()
        # Reversed so the legend reads top-down like the stack: trinn 12 on top.
        fig.legend(handles[::-1], labels[::-1], title=label("trinn", lang),
                   loc="outside right center", fontsize=10, title_fontsize=12)
        fig.suptitle(label("rep.profile_title", lang))
        _footnote(fig, label("rep.note_means", lang, price_year=_price_year(facts, lang),
                             n=tables.replications))
    return fig


def persona_figure(persona: str, pathways: Mapping[str, PersonaTable], sources: Sources,
                   lang: str, price: tuple[int, float] | None = None) -> Figure:
    """Chart a persona's pathways: annual cost and staff hours by age, as in the seeds' table.

    ``price`` (price year, index): the calculator's prices converted to the run's fixed
    prices, so the report states one price year; None keeps the calculator's own.
    """
    from results.report_text import pathway_text

    first = next(iter(pathways.values()))
    x = np.arange(len(first.rows))
    ages = [str(r.age) for r in first.rows]
    years = ("/".join(formatting.year(y) for y in sources.persona_price_years)
             or label("fact.unknown", lang))
    factor = price[1] if price is not None else 1.0
    shown = formatting.year(price[0]) if price is not None else years
    with rc_context(STYLE):
        fig = _figure()
        top, bottom = fig.subplots(2, 1, sharex=True)
        for (name, table), colour in zip(pathways.items(), colours(len(pathways)), strict=True):
            try:
                legend = label(f"pathway.{name}", lang)
            except KeyError:
                legend = name
            top.plot(x, [r.cost_nok * factor for r in table.rows], drawstyle="steps-mid",
                     color=colour,
                     marker="o", markersize=5, label=legend)
            bottom.plot(x, [r.staff_hours for r in table.rows], drawstyle="steps-mid",
                        color=colour, marker="o", markersize=5)
        top.set_ylabel(textwrap.fill(label("rep.persona_cost_by_age", lang, years=shown), 22),
                       fontsize=14)
        bottom.set_ylabel(textwrap.fill(label("staff_hours", lang), 22), fontsize=14)
        for ax in (top, bottom):
            ax.yaxis.set_major_formatter(number_formatter(lang))
        bottom.set_xticks(x, ages, fontsize=12)
        bottom.set_xlabel(label("age", lang))
        for ax in (top, bottom):
            ax.set_ylim(bottom=0)
        top.legend(loc="upper left")
        fig.suptitle(label("persona_title", lang, persona=persona.capitalize()))
        totals = "; ".join(
            label("rep.persona_total", lang, pathway=pathway_text(n, lang),
                  cost=number(t.total_cost_nok * factor / MNOK, 1, lang))
            + (label("rep.persona_investment", lang,
                     cost=number(t.investment_nok * factor / MNOK, 1, lang))
               if t.investment_nok else "")
            for n, t in pathways.items())
        _footnote(fig, textwrap.fill(label("rep.persona_note", lang, years=years,
                                           price_year=shown,
                                           index=number(factor, 3, lang), totals=totals),
                                     130), fontsize=11)
    return fig


class Chart(NamedTuple):
    """A report chart not drawn yet: its file stem, what draws it, and its panels (axes),
    a measure of its drawing time known beforehand."""

    stem: str
    build: Callable[[], Figure]
    panels: int


def report_charts(tables: ReportTables, facts: RunFacts, sources: Sources, lang: str
                  ) -> list[Chart]:
    """Return every chart of the report, in page order, each drawn only when built (a
    process sharing the charts with others draws only its own).

    Stems: ``delta_cost`` (page one's Δ cost, if the run compares scenarios),
    ``total_cost``, ``fte_head_count``, ``staircase``, ``dementia_cost`` (if the run has a
    dementia group), ``staffing`` (if the run has the staffing gap), ``waiting`` (if a
    scenario limits places) and ``persona_<name>`` per persona in the municipality data.
    """
    from results.report_tables import DEMENTIA

    charts = [Chart("total_cost", lambda: cost_figure(tables, facts, lang), 1),
              Chart("fte_head_count", lambda: staff_figure(tables, facts, sources, lang), 2),
              Chart("staircase", lambda: profile_figure(tables, facts, sources, lang),
                    len(tables.scenarios))]
    if len(tables.scenarios) > 1:
        charts.insert(0, Chart("delta_cost", lambda: delta_cost_figure(tables, facts, lang), 1))
    if tables.has_dementia:
        charts.append(Chart("dementia_cost",
                            lambda: cost_figure(tables, facts, lang, group=DEMENTIA), 1))
    per = _staffing_per(tables)
    if per is not None:
        charts.append(Chart("staffing", lambda: _staffing_chart(tables, facts, lang, per), 2))
    if facts.has_capacity:
        charts.append(Chart("waiting", lambda: waiting_figure(tables, facts, lang), 1))
    price = ((facts.price_year, facts.price_index)
             if facts.price_year and facts.price_index else None)
    for persona, pathways in sources.personas.items():
        charts.append(Chart(f"persona_{persona}",
                            partial(persona_figure, persona, pathways, sources, lang, price), 2))
    return charts


def chart_figures(tables: ReportTables, facts: RunFacts, sources: Sources, lang: str
                  ) -> list[tuple[str, Figure]]:
    """Return every chart of the report but page one's Δ cost as ``(file stem, figure)``,
    in page order (`report_charts`, drawn)."""
    return [(c.stem, c.build()) for c in report_charts(tables, facts, sources, lang)
            if c.stem != "delta_cost"]


# --- the demographic envelope ------------------------------------------------------------

#: (metric, trinn, label key, divisor) of the panels of a scenario's envelope page.
ENVELOPE_PANELS: tuple[tuple[str, int, str, float], ...] = (
    ("persons_80plus_31dec", TRINN_ALL, "env.m.persons_80plus", 1.0),
    ("cost_nok", TRINN_CARE, "env.m.cost_care", MNOK),
    ("fte", TRINN_CARE, "env.m.fte_care", 1.0),
)
#: A4 portrait in inches: the envelope's pages.
ENVELOPE_PAGE = (8.27, 11.69)


def envelope_figure(table: pd.DataFrame, scenario: str, alternatives: Sequence[str],
                    main: str, lang: str, *, note: str, page: tuple[int, int],
                    titles: Titles = None) -> Figure:
    """Chart one scenario under every projection alternative: the 80+ population, the care
    cost and the care FTE per year, the main alternative with its 90 % Monte Carlo band.

    ``table`` has ``scenario, projection, metric, trinn, year, mean, p05, p95``; ``note`` is
    the page's caption and ``page`` its (number, count).
    """
    colour = {a: OKABE_ITO[i % len(OKABE_ITO)] for i, a in enumerate(alternatives)}
    fig = Figure(figsize=ENVELOPE_PAGE)
    axes = fig.subplots(len(ENVELOPE_PANELS), 1)
    name = scenario_title(str(scenario), lang, titles)
    # alternatives named CODE/trend: projections under several health trends (issue 31)
    title = "env.title.health" if any("/" in a for a in alternatives) else "env.title"
    fig.suptitle(label(title, lang, alts=", ".join(alternatives)) + "\n" + name,
                 fontsize=11)
    for ax, (metric, trinn, key, div) in zip(axes, ENVELOPE_PANELS, strict=True):
        rows = table[(table["scenario"] == scenario) & (table["metric"] == metric)
                     & (table["trinn"] == trinn)]
        for alt in alternatives:
            r = rows[rows["projection"] == alt].sort_values("year")
            if alt == main:
                ax.fill_between(r["year"], r["p05"] / div, r["p95"] / div, color=colour[alt],
                                alpha=0.25, linewidth=0,
                                label=label("env.fig.mc", lang, main=alt))
            ax.plot(r["year"], r["mean"] / div, color=colour[alt],
                    linestyle="-" if alt == main else "--", label=alt)
        ax.set_title(label(key, lang), fontsize=9, loc="left")
        ax.set_ylim(bottom=0)  # from zero: differences are not magnified
        ax.grid(alpha=0.3)
        ax.yaxis.set_major_formatter(NumberFormatter(lang))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: formatting.year(v)))
        ax.legend(fontsize=7, loc="lower right", frameon=True)
    fig.text(0.08, 0.015, note, fontsize=7, wrap=True, va="bottom")
    fig.text(0.95, 0.005, f"{page[0]} / {page[1]}", fontsize=7, ha="right")
    fig.tight_layout(rect=(0.03, 0.07, 0.97, 0.95))
    return fig


# --- a county side by side (issue 29) -----------------------------------------------------

#: (metric, divisor, label key) of the county chart's panels: the cumulative Δ total cost and
#: the Δ FTE in the last year, each strategy against its municipality's reference.
COUNTY_PANELS: tuple[tuple[str, float, str], ...] = (
    ("d_cost_cum_nok", MNOK, "county.fig.d_cost_cum"),
    ("d_fte", 1.0, "county.fig.d_fte"),
)


def county_figure(rows: pd.DataFrame, municipalities: Sequence[str], reference: str,
                  year: int, lang: str, titles: Titles = None) -> Figure:
    """Bars per municipality and strategy (mean, 90 % interval whiskers) of the county
    table's rows (`results.county.county_rows`) in ``year``: nothing is recomputed."""
    strategies = [s for s in dict.fromkeys(rows["scenario"]) if s != reference]
    colour = _colours(len(strategies) + 1)[1:]
    fig = Figure(figsize=(max(8.0, 1.6 * len(municipalities) + 3), 8.0))
    axes = fig.subplots(len(COUNTY_PANELS), 1)
    width = 0.8 / max(len(strategies), 1)
    x = np.arange(len(municipalities))
    for ax, (metric, div, key) in zip(axes, COUNTY_PANELS, strict=True):
        sel = rows[(rows["metric"] == metric) & (rows["year"] == year)]
        for i, s in enumerate(strategies):
            r = sel[sel["scenario"] == s].set_index("municipality").reindex(municipalities)
            mean = r["mean"].to_numpy(dtype=float) / div
            err = np.vstack([mean - r["p05"].to_numpy(dtype=float) / div,
                             r["p95"].to_numpy(dtype=float) / div - mean])
            ax.bar(x + (i - (len(strategies) - 1) / 2) * width, mean, width,
                   yerr=np.abs(err), capsize=2, color=colour[i],
                   label=scenario_title(s, lang, titles))
        ax.axhline(0, color="#000000", linewidth=0.8)
        ax.set_xticks(x, list(municipalities))
        ax.set_title(label(key, lang, year=year), fontsize=10, loc="left")
        ax.yaxis.set_major_formatter(NumberFormatter(lang))
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(fontsize=8, loc="best")
    fig.suptitle(label("county.title", lang, n=len(municipalities)), fontsize=12)
    fig.text(0.02, 0.01, label("county.fig.note", lang,
                               ref=scenario_title(reference, lang, titles)),
             fontsize=8, wrap=True)
    fig.tight_layout(rect=(0, 0.04, 1, 0.96))
    return fig
