"""What the page shows of a finished compare run directory: tables first, then drawing.

The tables are computed with `results.summary` (``totals``, ``paired_differences``,
``summarise``), the functions ``trappa compare`` uses; the drawing functions take the
``streamlit`` module and only lay the tables out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from results import payback
from results.formatting import signed
from results.store import read_run
from results.summary import (
    CARE_TRINN,
    STAIRCASE_TRINN,
    paired_differences,
    pool_draws,
    summarise,
    totals,
)
from runners.app.texts import number, t

MNOK = 1e6
#: (key, metric column, trinn or None for all, scale, decimals): what the page compares.
MEASURES: tuple[tuple[str, str, tuple[int, ...] | None, float, int], ...] = (
    ("cost", "cost_nok", None, MNOK, 1),
    ("fte_care", "fte", CARE_TRINN, 1.0, 1),
    ("fte_stair", "fte", STAIRCASE_TRINN, 1.0, 1),
    ("head", "head_count", STAIRCASE_TRINN, 1.0, 0),
)
#: Fewer replications than this and the page says the bands are rough.
ROUGH_BELOW = 20


@dataclass(frozen=True, eq=False)
class Comparison:
    """A finished comparison, read back from its run directory."""

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
    payback: pd.DataFrame       # year, saving, cumulative mean/p05/p95 (mill NOK)
    pv: tuple[float, float, float]  # present value mean, p05, p95 (mill NOK)
    waiting: pd.DataFrame       # scenario, year, trinn, waiting (mean persons)
    capacity: bool
    housing: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)
    # scenario, year, step, persons, dwellings (means; only when a housing profile is used)


def delta_table(yearly: pd.DataFrame, baseline: str) -> pd.DataFrame:
    """Return Δ per year of every measure against ``baseline``, paired per replication."""
    frames = []
    for key, metric, trinn, scale, _ in MEASURES:
        d = paired_differences(totals(yearly, trinn=trinn), metric, baseline)
        d = d[["year", "mean", "p05", "p95", "n"]].copy()
        d[["mean", "p05", "p95"]] /= scale
        frames.append(d.assign(measure=key))
    out = pd.concat(frames, ignore_index=True)
    return out[["measure", "year", "mean", "p05", "p95", "n"]]


def staircase_table(yearly: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Return the mean recipients and cost (mill NOK) per scenario, year and trinn."""
    rows = yearly[yearly["year"].isin(list(years))]
    per = totals(rows, by=("scenario", "replication", "year", "trinn"))
    s = summarise(per, ["scenario", "year", "trinn"], ["recipients", "cost_nok"])
    wide = s.pivot_table(index=["scenario", "year", "trinn"], columns="metric", values="mean",
                         sort=False).reset_index()
    wide["cost_mnok"] = wide.pop("cost_nok") / MNOK
    return wide[["scenario", "year", "trinn", "recipients", "cost_mnok"]]


def delta_per_replication(yearly: pd.DataFrame, baseline: str, strategy: str) -> pd.DataFrame:
    """Return Δ total cost (mill NOK), replications x years, strategy minus baseline."""
    tot = totals(yearly)
    wide = tot.pivot_table(index=["replication", "year"], columns="scenario",
                           values="cost_nok", sort=True)
    return ((wide[strategy] - wide[baseline]) / MNOK).unstack("year")


def payback_table(per_rep: pd.DataFrame) -> tuple[pd.DataFrame, tuple[float, float, float]]:
    """Return the saving and cumulative saving per year (mean and 90 % band) and the
    present value at 4 % real discounted to the first year (mean, p05, p95)."""
    years = [int(y) for y in per_rep.columns]
    values = per_rep.to_numpy(dtype=float)
    # the report's arithmetic (results.payback) on Δ cost; the page shows savings (-Δ)
    cum = -np.vstack([payback.cumulative(row.tolist()) for row in values])
    pv = -np.array([payback.present_value(years, row.tolist()) for row in values])
    table = pd.DataFrame({
        "year": years,
        "saving": -values.mean(axis=0),
        "cumulative": cum.mean(axis=0),
        "cumulative_p05": np.quantile(cum, 0.05, axis=0),
        "cumulative_p95": np.quantile(cum, 0.95, axis=0),
    })
    return table, (float(pv.mean()), float(np.quantile(pv, 0.05)),
                   float(np.quantile(pv, 0.95)))


def waiting_table(yearly: pd.DataFrame, trinn: Sequence[int]) -> pd.DataFrame:
    """Return the mean persons waiting on 31 December per scenario, year and trinn."""
    rows = yearly[yearly["trinn"].isin(list(trinn))]
    per = totals(rows, by=("scenario", "replication", "year", "trinn"))
    s = summarise(per, ["scenario", "year", "trinn"], ["waiting"])
    return s[["scenario", "year", "trinn", "mean"]].rename(columns={"mean": "waiting"})


#: The boligtrapp's steps (sim/housing.py), lowest first.
HOUSING_STEPS = ("ordinary", "age_friendly", "short_stay", "staffed_housing", "institution")


def uses_housing(scenarios: Sequence[dict[str, Any]]) -> bool:
    """True if a scenario of the comparison holds a housing profile."""
    return any(raw.get("kind") == "housing_profile" for s in scenarios
               for raw in s.get("interventions") or ())


def housing_table(demography: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Return the mean persons 67+ and dwellings per scenario, year and boligtrapp step
    (the ``demography`` dataset's ``boligtrapp_<step>_persons`` / ``_dwellings``)."""
    rows = pool_draws(demography)
    rows = rows[rows["year"].isin(list(years))]
    means = rows.groupby(["scenario", "year"], sort=False).mean(numeric_only=True)
    out = []
    for (scenario, year), r in means.iterrows():
        for step in HOUSING_STEPS:
            out.append((scenario, int(year), step, float(r[f"boligtrapp_{step}_persons"]),
                        float(r[f"boligtrapp_{step}_dwellings"])))
    return pd.DataFrame(out, columns=["scenario", "year", "step", "persons", "dwellings"])


def shown_years(years: Sequence[int]) -> list[int]:
    """Return the staircase's years: the start year, 2030 and 2040 where the run has them
    (the last year if it ends before 2040)."""
    out = [years[0], *(y for y in (2030, 2040) if y in years)]
    if years[-1] < 2040 and years[-1] not in out:
        out.append(years[-1])
    return sorted(set(out))


def load_comparison(run_dir: Path) -> Comparison:
    """Read a compare run directory and compute everything the page shows."""
    run = read_run(run_dir)
    yearly = pool_draws(run.yearly)
    names = [s["name"] for s in run.meta["scenarios"]]
    reference, strategy = names[0], names[1]
    years = tuple(sorted(int(y) for y in pd.unique(yearly["year"])))
    staffing = run.meta.get("staffing", {})
    per_rep = delta_per_replication(yearly, reference, strategy)
    pay, pv = payback_table(per_rep)
    capped = sorted({int(k) for s in run.meta["scenarios"] for k in (s.get("capacity") or {})
                     if (s.get("capacity") or {}).get(k)})
    return Comparison(
        run_dir=run_dir, reference=reference, strategy=strategy, seed=int(run.meta["seed"]),
        runs=int(run.meta["replications"]), years=years,
        price_year=int(staffing.get("price_year", 2024)),
        hours_per_fte=float(staffing.get("hours_per_fte", float("nan"))),
        position_size=float(staffing.get("position_size", float("nan"))),
        deltas=delta_table(yearly, reference),
        staircase=staircase_table(yearly, shown_years(list(years))),
        payback=pay, pv=pv,
        waiting=waiting_table(yearly, capped) if capped else pd.DataFrame(),
        capacity=bool(capped),
        housing=(housing_table(pd.read_parquet(run_dir / "demography"),
                               shown_years(list(years)))
                 if uses_housing(run.meta["scenarios"]) else pd.DataFrame()))


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
                    t("band", lang, low=signed(row["p05"], dec, lang),
                      high=signed(row["p95"], dec, lang))))
    return out


def delta_chart(c: Comparison, key: str, lang: str) -> Any:
    """Return an Altair chart of a measure's Δ per year: the mean and its 90 % band."""
    import altair as alt

    d = c.deltas[c.deltas["measure"] == key]
    base = alt.Chart(d).encode(x=alt.X("year:O", title=t("year", lang)))
    band = base.mark_area(opacity=0.25).encode(y=alt.Y("p05:Q", title=None), y2="p95:Q")
    line = base.mark_line(point=True).encode(y="mean:Q",
                                             tooltip=["year", "mean", "p05", "p95"])
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(strokeDash=[4, 4]).encode(y="y:Q")
    return (band + line + zero).properties(height=240)


def delta_wide(c: Comparison, lang: str) -> pd.DataFrame:
    """Return the Δ table as shown: one row per year, mean and band of each measure."""
    out = pd.DataFrame({t("year", lang): list(c.years)})
    for key, _, _, _, dec in MEASURES:
        d = c.deltas[c.deltas["measure"] == key].set_index("year").reindex(list(c.years))
        title = measure_title(key, c, lang)
        for stat in ("mean", "p05", "p95"):
            out[f"{title}: {t(stat, lang)}"] = d[stat].round(dec).to_numpy()
    return out


def staircase_wide(c: Comparison, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the staircase as shown: trinn rows, one column per (scenario, year); the
    recipients and the cost (mill NOK) as two tables, formatted for ``lang``."""
    s = c.staircase.copy()
    s["col"] = s["scenario"] + " " + s["year"].astype(str)
    out = []
    for column, decimals in (("recipients", 0), ("cost_mnok", 1)):
        wide = s.pivot_table(index="trinn", columns="col", values=column, sort=False)
        wide = wide.map(lambda v, d=decimals: number(float(v), d, lang))
        wide.index.name = t("trinn", lang)
        out.append(wide)
    return out[0], out[1]


def draw(st: Any, c: Comparison, lang: str) -> None:
    """Lay a comparison out on the page."""
    st.subheader(t("results_for", lang, strategy=c.strategy, reference=c.reference, n=c.runs,
                   seed=c.seed))
    if c.runs < ROUGH_BELOW:
        st.warning(t("rough", lang, n=c.runs))
    st.caption(t("units", lang, year=c.price_year, hpf=c.hours_per_fte, pos=c.position_size))
    # two per row: the labels carry their units and would be cut short in four columns
    cols = [*st.columns(2), *st.columns(2)]
    for col, (title, value, band) in zip(cols, headline(c, lang), strict=True):
        col.metric(title, value, help=band)
        col.caption(band)
    st.subheader(t("deltas", lang))
    charts = st.columns(2)
    for i, (key, *_rest) in enumerate(MEASURES):
        # the title above the chart, in full: an axis title would be cut short
        charts[i % 2].markdown(f"**{measure_title(key, c, lang)}**")
        charts[i % 2].altair_chart(delta_chart(c, key, lang), width="stretch")
    with st.expander(t("table", lang)):
        st.dataframe(delta_wide(c, lang), hide_index=True)
    years = shown_years(list(c.years))
    st.subheader(t("staircase", lang, years=", ".join(map(str, years)), year=c.price_year))
    # static tables: they print and screenshot as they are (the interactive grid is a canvas)
    recipients, cost = staircase_wide(c, lang)
    a, b = st.columns(2)
    a.caption(t("recipients", lang))
    a.table(recipients)
    b.caption(t("cost_mnok", lang))
    b.table(cost)
    draw_payback(st, c, lang)
    if not c.housing.empty:
        draw_housing(st, c, lang)
    if c.capacity:
        st.subheader(t("waiting", lang))
        w = c.waiting.copy()
        w["col"] = w["scenario"] + ", " + t("trinn", lang).lower() + " " + w["trinn"].astype(str)
        st.table(w.pivot_table(index="year", columns="col", values="waiting",
                               sort=False).round(1).rename_axis(t("year", lang)))


def housing_wide(c: Comparison, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the boligtrapp as shown: step rows, one column per (scenario, year); persons
    67+ and dwellings as two tables, formatted for ``lang``."""
    h = c.housing.copy()
    h["col"] = h["scenario"] + " " + h["year"].astype(str)
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
    a, b = st.columns(2)
    a.caption(t("housing_persons", lang))
    a.table(persons)
    b.caption(t("housing_dwellings", lang))
    b.table(dwellings)


def draw_payback(st: Any, c: Comparison, lang: str) -> None:
    """The payback: first saving year, the year the balance turns, cumulative saving, PV."""
    mean_delta = c.deltas[c.deltas["measure"] == "cost"].sort_values("year")
    years, delta = mean_delta["year"].tolist(), mean_delta["mean"].tolist()
    first = payback.first_saving_year(years, delta)
    turns = payback.payback_year(years, delta)
    never = t("never", lang, end=c.years[-1])
    st.subheader(t("payback", lang, year=c.price_year))
    a, b, cc, d = st.columns(4)
    a.metric(t("first_saving", lang), str(first) if first else never)
    b.metric(t("turns", lang), str(turns) if turns else never)
    last = c.payback.iloc[-1]
    cc.metric(t("cumulative", lang, start=c.years[0], end=c.years[-1]),
              signed(float(last["cumulative"]), 1, lang),
              help=t("band", lang, low=signed(float(last["cumulative_p05"]), 1, lang),
                     high=signed(float(last["cumulative_p95"]), 1, lang)))
    d.metric(t("pv", lang, pct=100 * payback.DISCOUNT_RATE, base=c.years[0]),
             signed(c.pv[0], 1, lang),
             help=t("band", lang, low=signed(c.pv[1], 1, lang), high=signed(c.pv[2], 1, lang)))
    shown = pd.DataFrame({
        t("saving_col", lang): [signed(v, 1, lang) for v in c.payback["saving"]],
        t("cum_col", lang): [signed(v, 1, lang) for v in c.payback["cumulative"]]},
        index=pd.Index(c.payback["year"].tolist(), name=t("year", lang)))
    st.table(shown)
