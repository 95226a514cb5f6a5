"""The envelope in the terminal: each measure under every projection alternative, the band
across them beside the main alternative's Monte Carlo interval (`results.envelope`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from rich.table import Table

from results import formatting
from results.labels import label, number, scenario_title
from results.summary import TRINN_ALL, TRINN_CARE

#: (metric, trinn, label key, divisor, decimals) of the rows shown, in order.
ROWS: tuple[tuple[str, int, str, float, int], ...] = (
    ("persons_80plus_31dec", TRINN_ALL, "env.m.persons_80plus", 1.0, 0),
    ("cost_nok", TRINN_CARE, "env.m.cost_care", 1e6, 0),
    ("fte", TRINN_CARE, "env.m.fte_care", 1.0, 0),
    ("d_cost_nok", TRINN_ALL, "env.m.d_cost", 1e6, 1),
    ("d_fte", TRINN_CARE, "env.m.d_fte", 1.0, 1),
)


def milestone_years(years: Sequence[int]) -> list[int]:
    """2030, 2040 and the horizon's last year, where the run reaches them."""
    last = max(years)
    return sorted({y for y in (2030, 2040) if y in years} | {last})


def render_envelope(band: pd.DataFrame, meta: Mapping[str, Any], lang: str = "nb",
                    titles: Mapping[str, Mapping[str, str]] | None = None) -> Table:
    """Build the rich table of ``envelope_band`` output for the milestone years."""
    main = str(meta["main"])
    approx = list(meta.get("approximations", []))
    caption = label("env.caption", lang, main=main)
    if approx:
        caption += " " + label("env.approx", lang, alts=", ".join(approx))
    # with several health trends (issue 31) the alternatives are projections under trends
    title = "env.title.health" if meta.get("health") else "env.title"
    table = Table(title=label(title, lang, alts=", ".join(meta["alternatives"])),
                  caption=caption, header_style="bold")
    for key in ("scenario", "year"):
        table.add_column(label(key, lang), justify="left" if key == "scenario" else "right")
    table.add_column(label("env.measure", lang))
    table.add_column(label("env.main", lang, main=main), justify="right")
    table.add_column(label("env.band", lang), justify="right")
    years = milestone_years(sorted(set(band["year"])))
    indexed = band.set_index(["scenario", "year", "trinn", "metric"])
    for scenario in pd.unique(band["scenario"]):
        for year in years:
            for metric, trinn, key, div, dec in ROWS:
                k = (scenario, year, trinn, metric)
                if k not in indexed.index:
                    continue  # Δ rows exist for strategies only
                r = indexed.loc[k]
                if pd.isna(r["main_mean"]):
                    continue

                delta = metric.startswith("d_")  # a difference carries its sign

                def fmt(v: float, d: float = div, n: int = dec, s: bool = delta) -> str:
                    return (formatting.signed if s else number)(v / d, n, lang)
                between = f" {label('range.to', lang)} " if delta else f" {formatting.DASH} "
                table.add_row(scenario_title(str(scenario), lang, titles),
                              formatting.year(year), label(key, lang),
                              f"{fmt(r['main_mean'])} ["
                              + formatting.interval(r["main_p05"] / div, r["main_p95"] / div,
                                                    dec, lang, with_sign=delta) + "]",
                              f"{fmt(r['low'])} ({r['low_projection']}){between}"
                              f"{fmt(r['high'])} ({r['high_projection']})")
    return table


def health_lines(effects: pd.DataFrame, scenario: str, lang: str = "nb",
                 titles: Mapping[str, Mapping[str, str]] | None = None) -> list[str]:
    """What each health trend changes for ``scenario`` in the last year, one sentence per
    trend and projection (`results.envelope.health_effects`; empty without several trends):
    the change in care FTE and care cost against today's health."""
    rows = effects[effects["scenario"] == scenario]
    if rows.empty:
        return []
    last = int(rows["year"].max())
    at = rows[rows["year"] == last].set_index(["alternative", "metric"])["d_mean"]
    out = []
    for (alt, against, shift) in dict.fromkeys(
            zip(rows["alternative"], rows["against"], rows["shift"], strict=True)):
        out.append(label("env.health.line", lang,
                         scenario=scenario_title(scenario, lang, titles), alt=alt,
                         against=against,
                         shift=number(float(shift), 1 if round(shift, 1) == shift else 2, lang),
                         year=last, fte=formatting.signed(float(at[(alt, "fte")]), 0, lang),
                         cost=formatting.signed(float(at[(alt, "cost_nok")]) / 1e6, 1, lang)))
    return out
