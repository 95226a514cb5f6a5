"""The fit report: Markdown with the target, parameter and out-of-sample tables, and two PNGs.

Figures are ``matplotlib.figure.Figure`` objects saved through Agg (no pyplot, no global
figure registry), as in ``results/charts.py``.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from calibration.fit import FitResult
from calibration.horizon import HorizonRuns, care_fte_index, dementia_cost_summary
from calibration.limits import FitWarning, at_bound
from calibration.parameters import ParameterSpace

MNOK = 1e6
FIT_PNG = "fit.png"
OOS_PNG = "out_of_sample.png"
#: Resolution of the PNGs (dots per inch)
DPI = 110


@dataclass(frozen=True)
class ReportInputs:
    """Everything the report shows."""

    municipality: str
    fitted_file: Path
    command: str
    space: ParameterSpace
    fit: FitResult
    table: pd.DataFrame            # calibration.assess.assess over all targets
    horizon: HorizonRuns
    base_fte: float                # care FTE of the base year before the start (855 in 2023)
    base_fte_source: str
    seconds: float
    warnings: tuple[FitWarning, ...] = ()   # calibration.limits.fit_warnings
    start: str = "prior"                   # where the fit started (meta start)


def _num(v: float, digits: int = 0) -> str:
    return f"{v:,.{digits}f}".replace(",", " ")


def _value(v: float, unit: str) -> str:
    if unit == "share":
        return f"{100 * v:.1f} %"
    if unit.startswith("NOK"):
        return f"{v / MNOK:,.2f} mill".replace(",", " ")
    return _num(v, 1 if abs(v) < 1000 else 0)


def _deviation(row: pd.Series) -> str:
    if row["loss"] == "absolute":
        return f"{100 * row['deviation']:+.1f} pp"
    return f"{100 * row['deviation']:+.2f} %"


def _tolerance(row: pd.Series) -> str:
    if row["loss"] == "absolute":
        return f"±{100 * row['tolerance']:.0f} pp"
    return f"±{100 * row['tolerance']:g} %"


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Return a Markdown table (pipes inside cells become slashes)."""
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c).replace("|", "/") for c in r) + " |" for r in rows]
    return out


def targets_section(table: pd.DataFrame) -> list[str]:
    """The target table: expected vs simulated mean, 90 % interval, deviation."""
    rows = []
    for _, r in table.iterrows():
        interval = ("exact" if r["conform"] == "exact" else
                    f"{_value(r['p05'], r['unit'])} - {_value(r['p95'], r['unit'])}")
        mcse = "" if r["conform"] == "exact" else _value(r["mcse"], r["unit"])
        rows.append((r["id"], r["conform"], "fit" if r["fitted"] else "check",
                     _value(r["expected"], r["unit"]), _value(r["mean"], r["unit"]), interval,
                     mcse, _deviation(r), _tolerance(r), "yes" if r["within"] else "**NO**"))
    ok = int(table["within"].sum())
    lines = ["## Targets", "",
             f"{ok} of {len(table)} targets within their tolerance. Simulated = mean over "
             "replications; interval = p05-p95 over replications; MC SE = Monte Carlo standard "
             "error of the mean. *fit*: in the loss; *check*: evaluated only (the population "
             "is met analytically by the net migration of `sim/derive/demography.py`; the "
             "persona is "
             "deterministic).", ""]
    lines += _md_table(("target", "compared", "role", "expected", "simulated", "90 % interval",
                        "MC SE", "deviation", "tolerance", "within"), rows)
    lines += ["", "Sources:", ""]
    for src, ids in table.groupby("source", sort=False)["id"]:
        lines.append(f"- {', '.join(ids)}: {src}")
    return lines


def parameters_section(space: ParameterSpace, fit: FitResult) -> list[str]:
    """Free parameters (start, fitted, bounds, source) and the fixed ones with reasons."""
    bounds = {name: side for name, side, _ in at_bound(space, list(fit.x))}
    rows = [(p.name, f"{s:.4g}", f"{x:.6g}", f"{p.prior_min:g}", f"{p.prior_max:g}",
             f"**at {bounds[p.name]} bound**" if p.name in bounds else "", p.unit,
             f"{p.origin}: {p.source}")
            for p, s, x in zip(space.free, fit.start, fit.x, strict=True)]
    lines = ["## Parameters", ""]
    lines += _md_table(("parameter", "start", "fitted", "prior_min", "prior_max", "", "unit",
                        "source"), rows)
    if space.fixed:
        lines += ["", "Kept fixed although the data files give a prior range:", ""]
        lines += _md_table(("parameter", "value", "prior range", "file", "why not fitted"),
                           [(p.name, f"{p.value:g}", f"[{p.prior_min:g}, {p.prior_max:g}]",
                             p.origin, p.reason) for p in space.fixed])
    return lines


def method_section(inp: ReportInputs) -> list[str]:
    """How the fit was done and how it converged."""
    fit = inp.fit
    s2 = fit.stage2
    stage1 = [h for h in fit.history if h.stage == "stage 1"]
    stage2 = [h for h in fit.history if h.stage == "stage 2"]
    ending = ("not run" if s2 is None else
              f"status {s2.status} ({s2.message}), first-order optimality {s2.optimality:.3g}")
    lines = [
        "## Method", "",
        f"- Simulated moments: mean over replications 0-{fit.replications - 1} of the "
        f"status quo (scenario `normal`) in the start year only, root seed {fit.seed}; the "
        "same replications at every parameter value (common random numbers). Start-year "
        "output does not depend on the horizon, so the fit runs one year.",
        "- Loss: sum over fitted targets of (weight x deviation / tolerance)², deviation "
        "relative (sim / expected - 1) or absolute (shares).",
        "- Demography is analytic: `sim/derive/demography.py` fits net migration by SSB age "
        "group so that "
        "a deterministic cohort projection meets SSB's 1 January figures for the given "
        "mortality and births; the population targets are checked, not fitted.",
        f"- Start: {inp.start}.",
        *([f"- Verification: the previous fit, re-evaluated over all {fit.replications} "
           f"replications, gave the loss its file holds; it had converged (least_squares "
           f"status {fit.stage2.status if fit.stage2 else 0}), so it stands: no Jacobian, "
           "no stage 1 or 2 (`--cold` fits anew)."] if fit.verified else []),
        *([] if fit.verified else [
            f"- Fidelity: stage 1, the Jacobian and a first pass of stage 2 over the first "
            f"{fit.jacobian_replications} replications (the noisiest fitted target's Monte "
            f"Carlo error at most 0.75 tolerances), then stage 2 again over all "
            f"{fit.replications} from there; the fitted values are the best evaluation over "
            f"all {fit.replications}.",
            (f"- Stage 1, secant fixed point on log-parameters (each parameter steered by its own "
             f"targets, Jacobian taken as diagonal): {len(stage1)} evaluations, loss "
             f"{stage1[0].loss:.3g} → {min(h.loss for h in stage1):.3g}." if stage1 else
             "- Stage 1 and the coarse pass of stage 2: skipped (a warm start from a previous "
             "fit of the same data)."),
            f"- Stage 2, `scipy.optimize.least_squares` (trust-region reflective, bounds, "
            f"log-parameters), Jacobian by forward differences (log-step 0.1) over "
            f"{fit.jacobian_replications} replications at the stage-1 point, Broyden updates: "
            f"{len(stage2)} evaluations, {ending}.",
        ]),
        f"- Final loss {fit.final.loss:.4g} at the fitted values (rounded to 6 significant "
        f"digits as written); {fit.evaluations} evaluations, {fit.replications_run} "
        f"one-year replications in {fit.seconds:.0f} s; whole command {inp.seconds:.0f} s.",
        f"- Full-horizon runs (population targets, out-of-sample views): "
        f"{inp.horizon.replications} replications per strategy, seed {inp.horizon.seed}.",
        "", "Evaluations (loss, largest |residual| in tolerances):", ""]
    lines += _md_table(("#", "stage", "loss", "worst"),
                       [(str(i + 1), h.stage, f"{h.loss:.4g}", f"{h.worst:.3g}")
                        for i, h in enumerate(fit.history)])
    return lines


def out_of_sample_section(inp: ReportInputs) -> list[str]:
    """Care FTE to the end year and the dementia group's cost per strategy (not fitted)."""
    fte = care_fte_index(inp.horizon.care_fte, inp.base_fte)
    years = [y for y in fte["year"] if y == fte["year"].min() or y % 5 == 0
             or y == fte["year"].max()]
    lines = ["## Out of sample (not fitted)", "",
             "### Care FTE, status quo (trinn 6, 7, 9, 10, 11)", "",
             f"Simulated FTE = staff hours / hours per FTE. Indexed: each replication's FTE "
             f"scaled so that its first year equals {_num(inp.base_fte)} FTE "
             f"({inp.base_fte_source}; the 2023 staffing taken as the level at the start of "
             f"{int(fte['year'].min())}). The seeds' own 2040 projection is withheld; compare "
             "it when it is released.", ""]
    rows: list[tuple[str, ...]] = [(str(int(r["year"])), _num(r["simulated"]), _num(r["indexed"]),
                                    f"{_num(r['p05'])} - {_num(r['p95'])}",
                                    f"{100 * r['growth']:+.1f} %")
                                   for _, r in fte.iterrows() if r["year"] in years]
    lines += _md_table(("year", "simulated FTE", "indexed FTE", "90 % interval (indexed)",
                        "growth"), rows)
    dem = dementia_cost_summary(inp.horizon.dementia_cost)
    first = dem["strategy"].iloc[0]
    years = sorted({int(y) for y in dem["year"] if y == dem["year"].min() or y % 5 == 0
                    or y == dem["year"].max()})
    lines += ["", "### Dementia group's cost per year by strategy (mill NOK, fixed 2024 prices)",
              "", f"Mean (p05-p95) over replications; the difference from `{first}` is paired "
              "by replication (common random numbers). For scale: the seeds' steady-state "
              "persona arithmetic gives -88 mill (proactive) and +164 mill (reactive) a year "
              "for 684 persons (seed 000, 'Johs' recommendation slide); the simulation phases "
              "the change in through new and existing cases instead.", ""]
    header = ["strategy", *[str(y) for y in years], *[f"vs {first} {y}" for y in years[-2:]]]
    rows = []
    for name, g in dem.groupby("strategy", sort=False):
        g = g.set_index("year")
        cells = [f"{g.loc[y, 'mean'] / MNOK:.0f} ({g.loc[y, 'p05'] / MNOK:.0f}-"
                 f"{g.loc[y, 'p95'] / MNOK:.0f})" for y in years]
        diffs = [f"{g.loc[y, 'diff_vs_first'] / MNOK:+.0f}" for y in years[-2:]]
        rows.append((str(name), *cells, *diffs))
    lines += _md_table(header, rows)
    return lines


def fit_figure(table: pd.DataFrame) -> Figure:
    """Deviation of every target in tolerances, with the 90 % interval and the band."""
    t = table.iloc[::-1]
    dev = t["deviation"] / t["tolerance"]
    lo = t.apply(lambda r: (r["p05"] / r["expected"] - 1 if r["loss"] == "relative"
                            else r["p05"] - r["expected"]) / r["tolerance"], axis=1)
    hi = t.apply(lambda r: (r["p95"] / r["expected"] - 1 if r["loss"] == "relative"
                            else r["p95"] - r["expected"]) / r["tolerance"], axis=1)
    fig = Figure(figsize=(10, 0.32 * len(t) + 1.8))
    ax = fig.add_subplot()
    ypos = np.arange(len(t))
    ax.axvspan(-1, 1, color="tab:green", alpha=0.12, label="tolerance")
    ax.hlines(ypos, lo, hi, color="0.6", lw=2, label="p05-p95 over replications")
    colors = ["tab:blue" if f else "tab:gray" for f in t["fitted"]]
    ax.scatter(dev, ypos, c=colors, zorder=3, s=28, label="mean (blue: fitted, grey: check)")
    ax.axvline(0, color="k", lw=0.8)
    ax.set_yticks(ypos, t["id"], fontsize=8)
    ax.set_xlabel("deviation / tolerance")
    lim = max(3.0, float(np.nanmax(np.abs(np.r_[lo, hi]))) * 1.05)
    ax.set_xlim(-lim, lim)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Calibration targets: simulated vs expected")
    fig.tight_layout()
    return fig


def out_of_sample_figure(inp: ReportInputs) -> Figure:
    """Care FTE indexed to the 2023 staffing, and the dementia group's cost per strategy."""
    fte = care_fte_index(inp.horizon.care_fte, inp.base_fte)
    dem = dementia_cost_summary(inp.horizon.dementia_cost)
    fig = Figure(figsize=(13, 5))
    ax1, ax2 = fig.subplots(1, 2)
    ax1.fill_between(fte["year"], fte["p05"], fte["p95"], alpha=0.2, color="tab:blue")
    ax1.plot(fte["year"], fte["indexed"], color="tab:blue", lw=2,
             label=f"status quo, indexed to {inp.base_fte:g} FTE (2023) in "
                   f"{int(fte['year'].min())}")
    ax1.plot(fte["year"], fte["simulated"], color="tab:blue", lw=1, ls="--",
             label="simulated, not indexed")
    ax1.set_title("Care FTE, trinn 6, 7, 9, 10, 11")
    ax1.set_ylabel("FTE")
    ax1.legend(fontsize=8)
    for name, g in dem.groupby("strategy", sort=False):
        line = ax2.plot(g["year"], g["mean"] / MNOK, lw=2, label=str(name))[0]
        ax2.fill_between(g["year"], g["p05"] / MNOK, g["p95"] / MNOK, alpha=0.15,
                         color=line.get_color())
    ax2.set_title("Dementia group's cost per year")
    ax2.set_ylabel("mill NOK (2024 prices)")
    ax2.legend(fontsize=8)
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.tight_layout()
    return fig


class ChartInBackground:
    """A figure drawn and encoded as PNG on a thread of this process, while it waits for
    its workers (the fit report's target chart during the other strategies' full-horizon
    runs: the biggest of the report's drawing, off the command's last, single-core step).

    `png` waits for it and returns the bytes ``savefig`` writes to a file (or raises what
    the drawing raised). The thread is a daemon: a Ctrl-C does not wait for it.
    """

    def __init__(self, draw: Callable[[], Figure]) -> None:
        self._png: bytes | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._draw, args=(draw,), daemon=True,
                                        name="trappa-report-chart")
        self._thread.start()

    def _draw(self, draw: Callable[[], Figure]) -> None:
        try:
            buffer = io.BytesIO()
            draw().savefig(buffer, dpi=DPI, format="png")
            self._png = buffer.getvalue()
        except BaseException as exc:  # raised again by png(), in the caller's thread
            self._error = exc

    def png(self) -> bytes:
        """Return the PNG (waiting for the thread)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        if self._png is None:  # pragma: no cover - the thread sets one or the other
            raise RuntimeError("the chart's thread ended without a PNG")
        return self._png


def write_report(folder: Path, inp: ReportInputs, fit_png: bytes | None = None) -> Path:
    """Write ``report.md`` and the PNGs into ``folder``; return the Markdown file.

    ``fit_png``: the target chart (`fit_figure` of ``inp.table``) drawn already
    (`ChartInBackground`); drawn here when None.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if fit_png is None:
        fit_figure(inp.table).savefig(folder / FIT_PNG, dpi=DPI)
    else:
        (folder / FIT_PNG).write_bytes(fit_png)
    out_of_sample_figure(inp).savefig(folder / OOS_PNG, dpi=DPI)
    lines = [f"# Calibration report: {inp.municipality}", "",
             f"Fitted file: `{inp.fitted_file}` (the engine's default parameters). "
             f"Written by `{inp.command}`.", ""]
    if inp.warnings:
        lines += ["## Warnings", ""]
        lines += [f"- **{w.kind}:** {w.text}" for w in inp.warnings]
        lines += [""]
    lines += [*targets_section(inp.table), "", f"![targets]({FIT_PNG})", ""]
    lines += [*parameters_section(inp.space, inp.fit), ""]
    lines += [*method_section(inp), ""]
    lines += [*out_of_sample_section(inp), "", f"![out of sample]({OOS_PNG})", ""]
    path = folder / "report.md"
    tmp = folder / ".report.md.tmp"
    tmp.write_text("\n".join(lines), encoding="utf-8")
    tmp.replace(path)
    return path
