"""What the page shows of a finished compare run directory: tables first, then drawing.

Every table is a selection of the run's `results.comparison.Comparison` (the one the
terminal, the workbook and the PDF render), nothing is recomputed from ``yearly/``; the
present value is at the run's rate. Differences keep their sign everywhere on the page
(strategy minus reference; negative = lower = a saving). The drawing functions take the
``streamlit`` module and only lay the tables out.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from results import comparison as results_comparison
from results.formatting import interval, percent, signed
from results.formatting import year as year_text
from results.labels import LANGS, scenario_title
from results.labels import label as results_label
from results.rundir import RUN_JSON, read_json
from results.staffing_view import staffing_rows, staffing_sentence
from results.store import migrate
from results.summary import GROUP_ALL, TRINN_ALL, TRINN_CARE, TRINN_STAIRCASE
from runners.app.style import locale_config
from runners.app.texts import number, t

MNOK = 1e6
#: (key, comparison metric, trinn code, scale, decimals): what the page compares.
MEASURES: tuple[tuple[str, str, int, float, int], ...] = (
    ("cost", "d_cost_nok", TRINN_ALL, MNOK, 1),
    ("fte_care", "d_fte", TRINN_CARE, 1.0, 1),
    ("fte_stair", "d_fte", TRINN_STAIRCASE, 1.0, 1),
    ("head", "d_head_count", TRINN_STAIRCASE, 1.0, 0),
)
#: Fewer replications than this and the page says the bands are rough.
ROUGH_BELOW = 20
#: The boligtrapp's steps (sim/housing.py), lowest first.
HOUSING_STEPS = results_comparison.HOUSING_STEPS


@dataclass(frozen=True, eq=False)
class Comparison:
    """What the page shows of a finished comparison, read from its run directory."""

    run_dir: Path
    reference: str
    strategy: str
    seed: int
    runs: int
    years: tuple[int, ...]
    price_year: int
    hours_per_fte: float
    position_size: float
    deltas: pd.DataFrame        # measure, year, mean, p05, p95, n (scaled units)
    staircase: pd.DataFrame     # scenario, year, trinn, recipients, cost_mnok (means)
    payback: pd.DataFrame       # year, delta, cumulative mean/p05/p95 (mill NOK; Δ cost)
    pv: tuple[float, float, float]  # present value of Δ cost: mean, p05, p95 (mill NOK)
    waiting: pd.DataFrame       # scenario, year, trinn, waiting (mean persons)
    capacity: bool
    rate: float = 0.04          # the run's discount rate (a fraction)
    first_saving: int | None = None  # the mean path's first year with a saving
    turns: int | None = None         # the mean path's payback year
    housing: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)
    # scenario, year, step, persons, dwellings (means; only when a housing profile is used)
    municipality: str = ""
    #: display names per scenario and language (the files' ``title``), else the name
    titles: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    #: the staffing gap (issue 31): `results.staffing_view.staffing_rows` in
    #: ``staffing_years`` (empty for a run without it), and each scenario's sentence per
    #: language (`staffing_sentence`)
    staffing: tuple[dict[str, Any], ...] = ()
    staffing_years: tuple[int, ...] = ()
    staffing_text: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)

    def title(self, scenario: str, lang: str) -> str:
        """Return a scenario's display name in ``lang``."""
        return scenario_title(scenario, lang, self.titles)


def delta_table(c: results_comparison.Comparison, strategy: str) -> pd.DataFrame:
    """Return Δ per year of every measure against the reference (scaled units)."""
    frames = []
    for key, metric, trinn, scale, _ in MEASURES:
        d = c.series(strategy, metric, trinn).reset_index()
        d = d[["year", "mean", "p05", "p95", "n"]].copy()
        d[["mean", "p05", "p95"]] /= scale
        frames.append(d.assign(measure=key))
    out = pd.concat(frames, ignore_index=True)
    return out[["measure", "year", "mean", "p05", "p95", "n"]]


def staircase_table(c: results_comparison.Comparison, years: Sequence[int]) -> pd.DataFrame:
    """Return the mean recipients and cost (mill NOK) per scenario, year and trinn."""
    rows = c.rows(["recipients", "cost_nok"], trinn=None)
    rows = rows[(rows["trinn"] > 0) & (rows["group"] == GROUP_ALL)
                & rows["year"].isin(list(years))]
    wide = rows.pivot_table(index=["scenario", "year", "trinn"], columns="metric",
                            values="mean", sort=False).reset_index()
    wide["cost_mnok"] = wide.pop("cost_nok") / MNOK
    return wide[["scenario", "year", "trinn", "recipients", "cost_mnok"]]


def payback_table(c: results_comparison.Comparison, strategy: str
                  ) -> tuple[pd.DataFrame, tuple[float, float, float]]:
    """Return Δ cost and the cumulative Δ cost per year (mean and 90 % band) and the present
    value at the run's rate (mean, p05, p95), mill NOK, signed like every difference."""
    delta = c.series(strategy, "d_cost_nok")
    cum = c.series(strategy, results_comparison.CUMULATIVE)
    table = pd.DataFrame({"year": [int(y) for y in delta.index],
                          "delta": delta["mean"].to_numpy() / MNOK,
                          "cumulative": cum["mean"].to_numpy() / MNOK,
                          "cumulative_p05": cum["p05"].to_numpy() / MNOK,
                          "cumulative_p95": cum["p95"].to_numpy() / MNOK})
    pv = c.stat(strategy, "pv_d_cost_nok")
    band = (math.nan,) * 3 if pv is None else (
        float(pv["mean"]) / MNOK, float(pv["p05"]) / MNOK, float(pv["p95"]) / MNOK)
    return table, band


def waiting_table(c: results_comparison.Comparison, trinn: Sequence[int]) -> pd.DataFrame:
    """Return the mean persons waiting on 31 December per scenario, year and trinn."""
    rows = c.rows("waiting", trinn=None)
    rows = rows[rows["trinn"].isin(list(trinn)) & (rows["group"] == GROUP_ALL)]
    return rows[["scenario", "year", "trinn", "mean"]].rename(columns={"mean": "waiting"})


def uses_housing(scenarios: Sequence[dict[str, Any]]) -> bool:
    """True if a scenario of the comparison holds a housing profile."""
    return any(raw.get("kind") == "housing_profile" for s in scenarios
               for raw in s.get("interventions") or ())


def housing_table(c: results_comparison.Comparison, years: Sequence[int]) -> pd.DataFrame:
    """Return the mean persons 67+ and dwellings per scenario, year and boligtrapp step."""
    out = []
    for scenario in c.scenarios:
        for year in years:
            values = {}
            for step in HOUSING_STEPS:
                for what in ("persons", "dwellings"):
                    row = c.stat(scenario, f"boligtrapp_{step}_{what}", year)
                    values[what] = math.nan if row is None else float(row["mean"])
                out.append((scenario, int(year), step, values["persons"], values["dwellings"]))
    return pd.DataFrame(out, columns=["scenario", "year", "step", "persons", "dwellings"])


def shown_years(years: Sequence[int]) -> list[int]:
    """Return the staircase's years: the start year, 2030 and 2040 where the run has them
    (the last year if it ends before 2040)."""
    out = [years[0], *(y for y in (2030, 2040) if y in years)]
    if years[-1] < 2040 and years[-1] not in out:
        out.append(years[-1])
    return sorted(set(out))


def _year(c: results_comparison.Comparison, strategy: str, metric: str) -> int | None:
    row = c.stat(strategy, metric)
    return None if row is None or math.isnan(float(row["mean"])) else int(row["mean"])


def staffing_years(years: Sequence[int]) -> list[int]:
    """Return the staffing table's years: the staircase's and the run's last year."""
    return sorted({*shown_years(years), years[-1]})


def load_comparison(run_dir: Path) -> Comparison:
    """Read a compare run directory's comparison and select what the page shows."""
    meta = migrate(run_dir, read_json(run_dir / RUN_JSON))
    c = results_comparison.read(run_dir)
    reference, strategy = c.reference, c.strategies[0]
    years = c.years
    staffing = meta.get("staffing", {})
    pay, pv = payback_table(c, strategy)
    capped = sorted({int(k) for s in meta["scenarios"] for k in (s.get("capacity") or {})
                     if (s.get("capacity") or {}).get(k)})
    staff_years = staffing_years(list(years))
    sentences = {name: {lang: staffing_sentence(c, name, lang) for lang in LANGS}
                 for name in c.scenarios}
    return Comparison(
        run_dir=run_dir, reference=reference, strategy=strategy, seed=int(meta["seed"]),
        runs=int(meta["replications"]), years=years,
        price_year=int(staffing.get("price_year", 2024)),
        hours_per_fte=float(staffing.get("hours_per_fte", float("nan"))),
        position_size=float(staffing.get("position_size", float("nan"))),
        deltas=delta_table(c, strategy),
        staircase=staircase_table(c, shown_years(list(years))),
        payback=pay, pv=pv,
        waiting=waiting_table(c, capped) if capped else pd.DataFrame(),
        capacity=bool(capped), rate=c.rate,
        first_saving=_year(c, strategy, "first_saving_year_of_mean"),
        turns=_year(c, strategy, "payback_year_of_mean"),
        housing=(housing_table(c, shown_years(list(years)))
                 if uses_housing(meta["scenarios"]) else pd.DataFrame()),
        municipality=str(meta["scenarios"][0].get("municipality", "")),
        titles={str(s["name"]): {str(k): str(v) for k, v in (s.get("title") or {}).items()}
                for s in meta["scenarios"]},
        staffing=tuple(staffing_rows(c, staff_years)), staffing_years=tuple(staff_years),
        staffing_text={name: {lang: text for lang, text in by.items() if text is not None}
                       for name, by in sentences.items()})


# --- drawing -------------------------------------------------------------------------------

def measure_title(key: str, c: Comparison, lang: str) -> str:
    """Return a measure's label with its unit and price year."""
    return t(f"m.{key}", lang, year=c.price_year)


def headline(c: Comparison, lang: str) -> list[tuple[str, str, str]]:
    """Return (label, value, band) of each measure in the last year."""
    last = c.years[-1]
    out = []
    for key, _, _, _, dec in MEASURES:
        row = c.deltas[(c.deltas["measure"] == key) & (c.deltas["year"] == last)].iloc[0]
        out.append((t("in_year", lang, what=measure_title(key, c, lang), year=last),
                    signed(row["mean"], dec, lang),
                    t("band", lang, band=interval(row["p05"], row["p95"], dec, lang,
                                                  with_sign=True))))
    return out


#: The Vega-Lite of the page's charts (the major version Streamlit's front end draws).
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def delta_chart(c: Comparison, key: str, lang: str) -> dict[str, Any]:
    """Return the Vega-Lite spec of a measure's Δ per year: the mean and its 90 % band
    (the data as named datasets, which Streamlit sends as Arrow).

    Written as the spec itself rather than built with Altair: Altair validates and deep-copies
    each layer against the Vega-Lite schema, a tenth of a second of the server's CPU per
    chart and half a second per results page, on every script run that shows a result. The
    spec is the one Altair wrote for this chart (layers, encodings, formats, locale)."""
    d = c.deltas[c.deltas["measure"] == key].reset_index(drop=True)
    # the measure's decimals, trailing zeros trimmed ("~"): an all-zero axis reads "0"
    decimals = next(dec for k, *_, dec in MEASURES if k == key)
    fmt = f",.{decimals}~f"
    x = {"field": "year", "title": t("year", lang), "type": "ordinal"}
    band = {"mark": {"type": "area", "opacity": 0.25},
            "encoding": {"x": x, "y": {"axis": {"format": fmt}, "field": "p05", "title": None,
                                       "type": "quantitative"}, "y2": {"field": "p95"}}}
    line = {"mark": {"type": "line", "point": True},
            "encoding": {"tooltip": [x, *({"field": v, "format": fmt, "type": "quantitative"}
                                          for v in ("mean", "p05", "p95"))],
                         "x": x, "y": {"field": "mean", "type": "quantitative"}}}
    zero = {"data": {"name": "zero"}, "mark": {"type": "rule", "strokeDash": [4, 4]},
            "encoding": {"y": {"field": "y", "type": "quantitative"}}}
    return {"$schema": VEGA_LITE_SCHEMA, "layer": [band, line, zero],
            "config": locale_config(lang), "data": {"name": f"delta-{key}"}, "height": 220,
            "datasets": {f"delta-{key}": d, "zero": pd.DataFrame({"y": [0]})}}


def delta_wide(c: Comparison, lang: str) -> pd.DataFrame:
    """Return the Δ table as shown: one row per year, each measure's mean and 90 % band,
    formatted for ``lang``."""
    out = pd.DataFrame(index=pd.Index([str(y) for y in c.years], name=t("year", lang)))
    for key, _, _, _, dec in MEASURES:
        d = c.deltas[c.deltas["measure"] == key].set_index("year").reindex(list(c.years))
        out[measure_title(key, c, lang)] = [
            f"{signed(m, dec, lang)} ({interval(lo, hi, dec, lang, with_sign=True)})"
            for m, lo, hi in zip(d["mean"], d["p05"], d["p95"], strict=True)]
    return out


def staircase_wide(c: Comparison, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the staircase as shown: trinn rows, one column per (scenario, year); the
    recipients and the cost (mill NOK) as two tables, formatted for ``lang``."""
    s = c.staircase.copy()
    s["col"] = [f"{c.title(n, lang)} {y}" for n, y in zip(s["scenario"], s["year"], strict=True)]
    out = []
    for column, decimals in (("recipients", 0), ("cost_mnok", 1)):
        wide = s.pivot_table(index="trinn", columns="col", values=column, sort=False)
        wide = wide.map(lambda v, d=decimals: number(float(v), d, lang))
        wide.index.name = t("trinn", lang)
        out.append(wide)
    return out[0], out[1]


def draw(st: Any, c: Comparison, lang: str, municipality: str = "") -> None:
    """Lay a comparison out on the page, at full width (no table is cut in a column)."""
    st.subheader(t("results_for", lang, strategy=c.title(c.strategy, lang),
                   reference=c.title(c.reference, lang), municipality=municipality or
                   c.municipality, n=c.runs))
    # the answer first (the headline and its charts, on the first screen), then how to read it
    # one row; the labels carry their units and wrap (the page's CSS) instead of being cut
    for col, (title, value, band) in zip(st.columns(4), headline(c, lang), strict=True):
        col.metric(title, value)
        col.caption(band)
    if c.runs < ROUGH_BELOW:
        st.warning(t("rough", lang, n=c.runs))
    st.markdown(f"**{t('deltas', lang)}**")
    charts = st.columns(2)
    for i, (key, *_rest) in enumerate(MEASURES):
        # the title above the chart, in full: an axis title would be cut short
        charts[i % 2].caption(measure_title(key, c, lang))
        charts[i % 2].vega_lite_chart(delta_chart(c, key, lang), width="stretch")
    st.caption(t("units", lang, year=c.price_year, hpf=c.hours_per_fte, pos=c.position_size))
    with st.expander(t("table", lang)):
        st.table(delta_wide(c, lang))
    years = shown_years(list(c.years))
    st.subheader(t("staircase", lang, years=", ".join(map(str, years)), year=c.price_year))
    # static tables at full width, one under the other: every scenario's column in view
    recipients, cost = staircase_wide(c, lang)
    st.caption(t("recipients", lang))
    st.table(recipients)
    st.caption(t("cost_mnok", lang))
    st.table(cost)
    draw_payback(st, c, lang)
    if c.staffing:
        draw_staffing(st, c, lang)
    if not c.housing.empty:
        draw_housing(st, c, lang)
    if c.capacity:
        st.subheader(t("waiting", lang))
        w = c.waiting.copy()
        w["col"] = [f"{c.title(n, lang)}, {t('trinn', lang).lower()} {k}"
                    for n, k in zip(w["scenario"], w["trinn"], strict=True)]
        wide = w.pivot_table(index="year", columns="col", values="waiting", sort=False)
        wide = wide.map(lambda v: number(float(v), 1, lang))
        wide.index = pd.Index([str(y) for y in wide.index], name=t("year", lang))
        st.table(wide)


def housing_wide(c: Comparison, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the boligtrapp as shown: step rows, one column per (scenario, year); persons
    67+ and dwellings as two tables, formatted for ``lang``."""
    h = c.housing.copy()
    h["col"] = [f"{c.title(n, lang)} {y}" for n, y in zip(h["scenario"], h["year"], strict=True)]
    h["step"] = [t(f"step.{s}", lang) for s in h["step"]]
    out = []
    for column in ("persons", "dwellings"):
        wide = h.pivot_table(index="step", columns="col", values=column, sort=False)
        wide = wide.map(lambda v: number(float(v), 0, lang))
        wide.index.name = t("housing_step", lang)
        out.append(wide)
    return out[0], out[1]


def draw_housing(st: Any, c: Comparison, lang: str) -> None:
    """The boligtrapp of inhabitants 67+ in the shown years, reference and strategy."""
    years = sorted(set(c.housing["year"]))
    st.subheader(t("housing", lang, years=", ".join(map(str, years))))
    persons, dwellings = housing_wide(c, lang)
    st.caption(t("housing_persons", lang))
    st.table(persons)
    st.caption(t("housing_dwellings", lang))
    st.table(dwellings)


def draw_payback(st: Any, c: Comparison, lang: str) -> None:
    """The payback: first saving year, the year the balance turns, cumulative Δ cost, PV
    at the run's rate; every figure signed as in the headline (negative = a saving)."""
    never = t("never", lang, end=c.years[-1])
    st.subheader(t("payback", lang, year=c.price_year))
    a, b, cc, d = st.columns(4)
    a.metric(t("first_saving", lang), str(c.first_saving) if c.first_saving else never)
    b.metric(t("turns", lang), str(c.turns) if c.turns else never)
    last = c.payback.iloc[-1]
    cc.metric(t("cumulative", lang, start=c.years[0], end=c.years[-1]),
              signed(float(last["cumulative"]), 1, lang))
    cc.caption(t("band", lang, band=interval(float(last["cumulative_p05"]),
                                             float(last["cumulative_p95"]), 1, lang,
                                             with_sign=True)))
    d.metric(t("pv", lang, pct=round(100 * c.rate, 6), base=c.years[0]),
             signed(c.pv[0], 1, lang))
    d.caption(t("band", lang, band=interval(c.pv[1], c.pv[2], 1, lang, with_sign=True)))
    shown = pd.DataFrame({
        t("saving_col", lang): [signed(v, 1, lang) for v in c.payback["delta"]],
        t("cum_col", lang): [signed(v, 1, lang) for v in c.payback["cumulative"]]},
        index=pd.Index([str(y) for y in c.payback["year"]], name=t("year", lang)))
    st.table(shown)


def _banded(row: dict[str, Any], prefix: str, lang: str) -> str:
    """A signed mean and its 90 % band, as the other differences on the page."""
    band = interval(row[f"{prefix}_p05"], row[f"{prefix}_p95"], 0, lang, with_sign=True)
    return f"{signed(row[f'{prefix}_mean'], 0, lang)} ({band})"


def staffing_per_year(c: Comparison, scenario: str, lang: str) -> pd.DataFrame:
    """Return a scenario's need, supply and gap (årsverk; the gap with its 90 % band) in the
    staffing years, formatted for ``lang``."""
    row = next(r for r in c.staffing if r["scenario"] == scenario)
    ys = c.staffing_years
    return pd.DataFrame({
        results_label("xl.staff.need", lang): [number(row[f"fte_{y}_mean"], 0, lang)
                                               for y in ys],
        results_label("xl.staff.supply", lang): [number(row[f"supply_fte_{y}_mean"], 0, lang)
                                                 for y in ys],
        results_label("xl.staff.gap", lang): [_banded(row, f"gap_fte_{y}", lang) for y in ys]},
        index=pd.Index([str(y) for y in ys], name=t("year", lang)))


def staffing_summary(c: Comparison, lang: str) -> pd.DataFrame:
    """Return per scenario the persons to recruit in the last year, the first year the gap
    passes the threshold, the extra hires a year that close it and the family carers'
    ratio, formatted for ``lang`` (the terminal's table, `render_staffing`, in columns)."""
    last = c.staffing_years[-1]
    pct = percent(float(c.staffing[0]["threshold"]), 0, lang)
    out: dict[str, list[str]] = {
        results_label("staff.persons", lang, year=last): [],
        results_label("staff.first_year", lang, pct=pct): [],
        results_label("staff.hires", lang): []}
    family = not all(math.isnan(r["family_ratio"]) for r in c.staffing)
    if family:
        out[results_label("staff.family", lang, year=last)] = []
    for r in c.staffing:
        cols = iter(out.values())
        next(cols).append(f"{number(r['gap_persons_mean'], 0, lang)} ("
                          f"{interval(r['gap_persons_p05'], r['gap_persons_p95'], 0, lang)})")
        first = r["first_year_of_mean"]
        next(cols).append(results_label("cmp.pay.never", lang, y1=last) if math.isnan(first)
                          else year_text(first))
        next(cols).append(f"{number(r['hires_mean'], 0, lang)} ("
                          f"{interval(r['hires_p05'], r['hires_p95'], 0, lang)})")
        if family:
            next(cols).append(number(r["family_ratio"], 1, lang))
    return pd.DataFrame(out, index=pd.Index([c.title(str(r["scenario"]), lang)
                                             for r in c.staffing], name=t("scenario", lang)))


def draw_staffing(st: Any, c: Comparison, lang: str) -> None:
    """Can we staff it? Each scenario's sentence, its need, supply and gap per year, and
    the persons, first year over the threshold, hires to close and family carers' ratio."""
    st.subheader(results_label("staff.title", lang))
    for name in (c.reference, c.strategy):
        text = c.staffing_text.get(name, {}).get(lang)
        if text:
            st.markdown(f"**{c.title(name, lang)}**: {text}")
    st.table(staffing_summary(c, lang))
    for name in (c.reference, c.strategy):
        st.caption(t("staff.per_year", lang, scenario=c.title(name, lang)))
        st.table(staffing_per_year(c, name, lang))
    st.caption(results_label("staff.caption", lang, n=c.runs))
