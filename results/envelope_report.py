"""The envelope's PDF: per scenario, the 80+ population, the care cost and the care FTE per
year under every projection alternative, the main alternative with its 90 % Monte Carlo band,
so that the demographic band and the Monte Carlo band are read side by side."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages

from results.labels import label, scenario_title
from results.plots import OKABE_ITO
from results.rundir import atomic_write, read_json
from results.summary import TRINN_ALL, TRINN_CARE

#: (metric, trinn, label key, divisor) of the panels of a scenario's page.
PANELS: tuple[tuple[str, int, str, float], ...] = (
    ("persons_80plus_31dec", TRINN_ALL, "env.m.persons_80plus", 1.0),
    ("cost_nok", TRINN_CARE, "env.m.cost_care", 1e6),
    ("fte", TRINN_CARE, "env.m.fte_care", 1.0),
)


def write_envelope_report(out: Path, table: pd.DataFrame, band: pd.DataFrame,
                          meta: Mapping[str, Any], lang: str,
                          titles: Mapping[str, Mapping[str, str]] | None = None) -> Path:
    """Write ``<out>/report/envelope-<lang>.pdf`` and return its path."""
    del band  # the figure draws the alternatives themselves; the band is their range
    path = out / "report" / f"envelope-{lang}.pdf"
    path.parent.mkdir(exist_ok=True)
    alternatives = list(meta["alternatives"])
    main = str(meta["main"])
    colours = {a: OKABE_ITO[i % len(OKABE_ITO)] for i, a in enumerate(alternatives)}
    price_year = _price_year(out / main)
    scenarios = list(pd.unique(table["scenario"]))

    def write(tmp: Path) -> None:
        with PdfPages(tmp) as pdf:
            for page, scenario in enumerate(scenarios, start=1):
                fig, axes = plt.subplots(len(PANELS), 1, figsize=(8.27, 11.69))
                name = scenario_title(str(scenario), lang, titles)
                fig.suptitle(label("env.title", lang, alts=", ".join(alternatives)) + "\n"
                             + name, fontsize=11)
                for ax, (metric, trinn, key, div) in zip(axes, PANELS, strict=True):
                    rows = table[(table["scenario"] == scenario) & (table["metric"] == metric)
                                 & (table["trinn"] == trinn)]
                    for alt in alternatives:
                        r = rows[rows["projection"] == alt].sort_values("year")
                        if alt == main:
                            ax.fill_between(r["year"], r["p05"] / div, r["p95"] / div,
                                            color=colours[alt], alpha=0.25, linewidth=0,
                                            label=label("env.fig.mc", lang, main=alt))
                        ax.plot(r["year"], r["mean"] / div, color=colours[alt],
                                linestyle="-" if alt == main else "--", label=alt)
                    ax.set_title(label(key, lang), fontsize=9, loc="left")
                    ax.set_ylim(bottom=0)  # from zero: differences are not magnified
                    ax.grid(alpha=0.3)
                    ax.legend(fontsize=7, loc="lower right", frameon=True)
                note = label("env.caption", lang, main=main)
                if meta.get("approximations"):
                    note += " " + label("env.approx", lang,
                                        alts=", ".join(meta["approximations"]))
                if price_year:
                    note += " " + label("env.fig.prices", lang, price_year=price_year)
                fig.text(0.08, 0.015, note, fontsize=7, wrap=True, va="bottom")
                fig.text(0.95, 0.005, f"{page} / {len(scenarios)}", fontsize=7, ha="right")
                fig.tight_layout(rect=(0.03, 0.07, 0.97, 0.95))
                pdf.savefig(fig)
                plt.close(fig)

    atomic_write(path, write)
    return path


def _price_year(run_dir: Path) -> int | None:
    try:
        value = read_json(run_dir / "run.json").get("staffing", {}).get("price_year")
    except Exception:  # the figure is still right without the note
        return None
    return int(value) if isinstance(value, int) else None
