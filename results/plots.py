"""Figures of a run for slides and reports: cost and FTE per year by scenario, the staircase.

Figures are ``matplotlib.figure.Figure`` objects saved through the Agg renderer: pyplot is
never imported, so no display is needed, no global figure registry fills up (nothing to
close, nothing leaks) and plotting is safe in worker processes. Every text comes from
``results.labels``; fonts are sized to be read on a projector.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import Formatter, FuncFormatter, MaxNLocator

from results.labels import label, number, scenario_title
from results.summary import CARE_TRINN, STAIRCASE_TRINN, ResultsError, summarise, totals

MNOK = 1e6
#: Projector-sized text and lines; applied per figure with ``rc_context``, never globally.
_STYLE: dict[Any, Any] = {"font.size": 16, "axes.titlesize": 16, "figure.titlesize": 22,
          "axes.labelsize": 18, "xtick.labelsize": 16, "ytick.labelsize": 16,
          "legend.fontsize": 15, "legend.title_fontsize": 15, "lines.linewidth": 3,
          "axes.spines.top": False, "axes.spines.right": False,
          "axes.grid": True, "grid.alpha": 0.3}
_SIZE = (12.0, 7.0)
_DPI = 120
_BAND_ALPHA = 0.2


class _NumberFormatter(Formatter):
    """Tick labels in the language's number format, with as few decimals as the ticks need."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    @staticmethod
    def _decimals(values: Sequence[float]) -> int:
        locs = np.asarray(values, dtype=float)
        tol = 1e-9 * max(1.0, float(np.abs(locs).max())) if locs.size else 0.0
        decimals = 0
        while decimals < 6 and not np.allclose(np.round(locs, decimals), locs, rtol=0, atol=tol):
            decimals += 1
        return decimals

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        decimals = self._decimals(values)
        return [number(v, decimals, self.lang) for v in values]

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
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}"))


def _save(fig: Figure, path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=_DPI)
    fig.clear()  # free the artists now rather than whenever the figure is collected
    return path


Titles = Mapping[str, Mapping[str, str]] | None


def titles_in(meta: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Return the scenarios' display names (name -> {lang: title}) recorded in run.json."""
    out = {}
    for s in meta.get("scenarios") or ():
        if isinstance(s, dict) and isinstance(s.get("title"), dict):
            out[str(s.get("name"))] = {str(k): str(v) for k, v in s["title"].items()}
    return out


def _band_plot(per_rep: pd.DataFrame, metric: str, scale: float, title: str, ylabel: str,
               path: Path | str, lang: str, titles: Titles = None) -> Path:
    """Draw the mean line and p05-p95 band per scenario of per-replication totals."""
    if per_rep.empty:
        raise ResultsError(f"no rows to plot for '{Path(path).name}'")
    stats = summarise(per_rep, ["scenario", "year"], [metric]).sort_values(
        "year", kind="stable")
    scenarios = list(pd.unique(per_rep["scenario"]))
    n_reps = per_rep["replication"].nunique()
    with rc_context(_STYLE):
        fig = Figure(figsize=_SIZE, layout="constrained")
        ax = fig.add_subplot()
        handles: list[Line2D | Patch] = []
        for scenario, colour in zip(scenarios, _colours(len(scenarios)), strict=True):
            s = stats[stats["scenario"] == scenario]
            ax.fill_between(s["year"], s["p05"] / scale, s["p95"] / scale, color=colour,
                            alpha=_BAND_ALPHA, linewidth=0)
            handles += ax.plot(s["year"], s["mean"] / scale, color=colour, marker="o",
                               label=scenario_title(str(scenario), lang, titles))
        handles.append(Patch(facecolor="grey", alpha=2 * _BAND_ALPHA, label=label("band_90", lang)))
        # below the axes, so it never covers a line; the axis starts at zero
        fig.legend(handles=handles, title=label("scenario", lang), loc="outside lower center",
                   ncols=min(len(handles), 3))
        ax.set_ylim(bottom=0)
        fig.suptitle(title)
        note = "plot.note_cost" if metric == "cost_nok" else "plot.note"
        ax.set_title(label(note, lang, n=n_reps), loc="left", color="0.35")
        ax.set_ylabel(ylabel)
        ax.yaxis.set_major_formatter(_NumberFormatter(lang))
        _year_axis(ax, lang)
        return _save(fig, path)


def total_cost_plot(yearly: pd.DataFrame, path: Path | str, lang: str = "nb",
                    titles: Titles = None) -> Path:
    """Plot total cost (all trinn, mill kr) per year per scenario with a p05-p95 band."""
    return _band_plot(totals(yearly), "cost_nok", MNOK, label("plot.total_cost_title", lang),
                      label("yearly_cost_mnok", lang), path, lang, titles)


def fte_plot(yearly: pd.DataFrame, path: Path | str, lang: str = "nb",
             titles: Titles = None) -> Path:
    """Plot FTE (årsverk) in pleie og omsorg (trinn 6, 7, 9, 10, 11) per year per scenario
    with a p05-p95 band."""
    return _band_plot(totals(yearly, trinn=CARE_TRINN), "fte", 1.0,
                      label("plot.fte_title", lang), label("fte", lang), path, lang, titles)


def dementia_cost_plot(yearly: pd.DataFrame, path: Path | str, lang: str = "nb",
                       titles: Titles = None) -> Path:
    """Plot the dementia group's cost (mill kr) per year per scenario with a p05-p95 band."""
    dementia = totals(yearly[yearly["group"] == "dementia"])
    return _band_plot(dementia, "cost_nok", MNOK, label("plot.dementia_title", lang),
                      label("yearly_cost_mnok", lang), path, lang, titles)


def _staircase_years(available: Iterable[int], wanted: Sequence[int]) -> list[int]:
    have = sorted(set(available))
    chosen = {y for y in wanted if y in have}
    if len(chosen) < 2:
        # A short run (a test, a first look) still gets a comparison: add its end points.
        chosen |= {have[0], have[-1]}
    return sorted(chosen)


def staircase_plot(yearly: pd.DataFrame, path: Path | str, lang: str = "nb", *,
                   scenario: str | None = None,
                   years: Sequence[int] = (2024, 2030, 2040), titles: Titles = None) -> Path:
    """Plot mean cost per trinn of the staircase (4-12, mill kr) in a few years as grouped bars.

    Parameters
    ----------
    scenario
        The scenario to draw; the first in the table by default.
    years
        Years to compare; those absent from the run are left out, and if fewer than two
        remain the run's first and last year are added. Whiskers show p05-p95 over
        replications.
    """
    if scenario is None:
        scenario = pd.unique(yearly["scenario"])[0]
    own = yearly[yearly["scenario"] == scenario]
    if own.empty:
        raise ResultsError(f"scenario '{scenario}' not in the table")
    shown = _staircase_years(own["year"], years)
    per_rep = totals(own[own["year"].isin(shown)],
                     by=("scenario", "replication", "year", "trinn"), trinn=STAIRCASE_TRINN)
    stats = summarise(per_rep, ["year", "trinn"], ["cost_nok"])
    positions = np.arange(len(STAIRCASE_TRINN), dtype=float)
    width = 0.8 / len(shown)
    with rc_context(_STYLE):
        fig = Figure(figsize=_SIZE, layout="constrained")
        ax = fig.add_subplot()
        for j, (year, colour) in enumerate(zip(shown, _colours(len(shown) + 1)[1:], strict=True)):
            s = (stats[stats["year"] == year].set_index("trinn")
                 .reindex(STAIRCASE_TRINN, fill_value=0.0))
            mean, low, high = (s[c].to_numpy(float) / MNOK for c in ("mean", "p05", "p95"))
            ax.bar(positions + (j - (len(shown) - 1) / 2) * width, mean, width,
                   yerr=np.vstack([mean - low, high - mean]), capsize=3, color=colour,
                   label=str(year), error_kw={"elinewidth": 1.5, "ecolor": "0.3"})
        ax.set_xticks(positions, [str(t) for t in STAIRCASE_TRINN])
        ax.set_xlabel(label("trinn", lang))
        ax.set_ylabel(label("cost_mnok", lang))
        ax.yaxis.set_major_formatter(_NumberFormatter(lang))
        ax.grid(axis="x", visible=False)
        fig.legend(title=label("year", lang), loc="outside right upper")
        fig.suptitle(label("plot.staircase_title", lang,
                           scenario=scenario_title(str(scenario), lang, titles)))
        ax.set_title(label("plot.note_cost", lang, n=own["replication"].nunique()),
                     loc="left", color="0.35")
        return _save(fig, path)


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("_.") or "scenario"


def plot_run(yearly: pd.DataFrame, out_dir: Path | str, lang: str = "nb",
             titles: Titles = None) -> list[Path]:
    """Draw every figure of a run into ``out_dir`` and return the files written.

    ``titles`` maps scenario names to display names per language (``titles_in(run.json)``).

    Files: ``total_cost.png``, ``fte_care.png``, ``staircase_<scenario>.png`` per scenario
    and, if the run has a dementia group, ``dementia_cost.png``.
    """
    out_dir = Path(out_dir)
    paths = [total_cost_plot(yearly, out_dir / "total_cost.png", lang, titles),
             fte_plot(yearly, out_dir / "fte_care.png", lang, titles)]
    seen: set[str] = set()
    for i, scenario in enumerate(pd.unique(yearly["scenario"])):
        slug = _slug(str(scenario))
        slug = slug if slug not in seen else f"{slug}-{i + 1}"  # 'a b' and 'a_b' both live
        seen.add(slug)
        paths.append(staircase_plot(yearly, out_dir / f"staircase_{slug}.png", lang,
                                    scenario=scenario, titles=titles))
    if (yearly["group"] == "dementia").any():
        paths.append(dementia_cost_plot(yearly, out_dir / "dementia_cost.png", lang, titles))
    return paths


# Public handles on the house style, for figures drawn elsewhere (results/report_figures.py),
# so that report charts and run plots look alike without reaching into private names.
STYLE: dict[Any, Any] = dict(_STYLE)
BAND_ALPHA = _BAND_ALPHA


def number_formatter(lang: str) -> Formatter:
    """Return a tick formatter in the language's number format (see ``_NumberFormatter``)."""
    return _NumberFormatter(lang)


def colours(n: int) -> list[str]:
    """Return ``n`` scenario colours, in the order the run plots use them."""
    return _colours(n)


def year_axis(ax: Axes, lang: str) -> None:
    """Label the x axis as calendar years with whole-number ticks."""
    _year_axis(ax, lang)


def staircase_years(available: Iterable[int], wanted: Sequence[int]) -> list[int]:
    """Return the ``wanted`` years present in ``available`` (first and last added if < 2)."""
    return _staircase_years(available, wanted)


def slug(text: str) -> str:
    """Return ``text`` made safe as a file name."""
    return _slug(text)
