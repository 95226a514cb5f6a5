"""The report's charts, drawn from ``ReportTables`` (never from the raw yearly table).

Each function returns a ``matplotlib.figure.Figure`` the size of an A4 landscape page with
projector-sized text; the caller saves the same figure to the PDF and to a PNG, so both
show the same picture. No pyplot: nothing is registered globally, nothing leaks.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from models.calculator import PersonaTable
from results.labels import label, number
from results.plots import (
    BAND_ALPHA,
    STYLE,
    TRINN_COLOURS,
    colours,
    number_formatter,
    staircase_years,
    year_axis,
)
from results.report_facts import RunFacts, Sources
from results.report_tables import DEMENTIA, ReportTables
from results.report_text import pathway_text
from results.summary import (
    GROUP_ALL,
    STAIRCASE_TRINN,
    TRINN_ALL,
    TRINN_CARE,
    TRINN_STAIRCASE,
)

MNOK = 1e6
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
    return str(facts.price_year) if facts.price_year else label("fact.unknown", lang)


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


def staff_figure(tables: ReportTables, facts: RunFacts, sources: Sources, lang: str
                 ) -> Figure:
    """Chart FTE per year per scenario: pleie og omsorg (trinn 6, 7, 9, 10, 11) against the
    855 FTE of 2023, and the whole staircase 4-12 beside it (head count: the footnote's
    position size; the summary table gives it)."""
    source = next((float(p.value) for p in sources.parameters if p.name == "care_fte_2023"),
                  None)
    with rc_context(STYLE):
        fig = _figure()
        left, right = fig.subplots(1, 2)
        handles = _bands(left, tables, facts, "fte", 1.0, TRINN_CARE, GROUP_ALL, lang)
        _bands(right, tables, facts, "fte", 1.0, TRINN_STAIRCASE, GROUP_ALL, lang)
        if source is not None:
            year = tables.years[0] - 1
            handles += left.plot([year], [source], linestyle="none", marker="D",
                                 markersize=9, color="0.25",
                                 label=label("rep.fte_source_mark", lang,
                                             fte=number(source, 0, lang), year=year))
        left.set_title(label("rep.fte_care_panel", lang), fontsize=15)
        right.set_title(label("rep.fte_staircase_panel", lang), fontsize=15)
        left.set_ylabel(label("rep.fte_axis", lang))
        for ax in (left, right):  # half-width panels: fewer year ticks, or they collide
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        _legend_below(fig, handles, lang)
        fig.suptitle(label("rep.fte_head_title", lang))
        _footnote(fig, label("rep.note_staff", lang, hpf=number(facts.hours_per_fte, 0, lang),
                             pos=f"{number(facts.position_size * 100, 0, lang)}\u00a0%",
                             n=tables.replications), fontsize=12)
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
                    f"{n} ({y})" for y, n in steps.items()))
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
            ax.set_xticks(range(len(years)), [str(y) for y in years])
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
                   lang: str) -> Figure:
    """Chart a persona's pathways: annual cost and staff hours by age, as in the seeds' table."""
    first = next(iter(pathways.values()))
    x = np.arange(len(first.rows))
    ages = [str(r.age) for r in first.rows]
    years = "/".join(str(y) for y in sources.persona_price_years) or label("fact.unknown", lang)
    with rc_context(STYLE):
        fig = _figure()
        top, bottom = fig.subplots(2, 1, sharex=True)
        for (name, table), colour in zip(pathways.items(), colours(len(pathways)), strict=True):
            try:
                legend = label(f"pathway.{name}", lang)
            except KeyError:
                legend = name
            top.plot(x, [r.cost_nok for r in table.rows], drawstyle="steps-mid", color=colour,
                     marker="o", markersize=5, label=legend)
            bottom.plot(x, [r.staff_hours for r in table.rows], drawstyle="steps-mid",
                        color=colour, marker="o", markersize=5)
        top.set_ylabel(textwrap.fill(label("rep.persona_cost_by_age", lang, years=years), 22),
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
                  cost=number(t.total_cost_nok / MNOK, 1, lang))
            + (label("rep.persona_investment", lang, cost=number(t.investment_nok / MNOK, 1, lang))
               if t.investment_nok else "")
            for n, t in pathways.items())
        _footnote(fig, textwrap.fill(label("rep.persona_note", lang, years=years,
                                           totals=totals), 130), fontsize=11)
    return fig


def chart_figures(tables: ReportTables, facts: RunFacts, sources: Sources, lang: str
                  ) -> list[tuple[str, Figure]]:
    """Return every chart of the report as ``(file stem, figure)``, in page order.

    Stems: ``total_cost``, ``fte_head_count``, ``staircase``, ``dementia_cost`` (if the run
    has a dementia group), ``waiting`` (if a scenario limits places) and ``persona_<name>``
    per persona in the municipality data.
    """
    charts = [("total_cost", cost_figure(tables, facts, lang)),
              ("fte_head_count", staff_figure(tables, facts, sources, lang)),
              ("staircase", profile_figure(tables, facts, sources, lang))]
    if tables.has_dementia:
        charts.append(("dementia_cost", cost_figure(tables, facts, lang, group=DEMENTIA)))
    if facts.has_capacity:
        charts.append(("waiting", waiting_figure(tables, facts, lang)))
    for persona, pathways in sources.personas.items():
        charts.append((f"persona_{persona}", persona_figure(persona, pathways, sources, lang)))
    return charts
