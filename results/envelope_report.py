"""The envelope's PDF: per scenario, the 80+ population, the care cost and the care FTE per
year under every projection alternative, the main alternative with its 90 % Monte Carlo band,
so that the demographic band and the Monte Carlo band are read side by side; with several
health trends (issue 31), what each changes against today's health, on each page."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages

from results.charts import envelope_figure
from results.envelope import health_effects
from results.envelope_view import health_lines
from results.labels import label
from results.rundir import atomic_write, read_json


def write_envelope_report(out: Path, table: pd.DataFrame, band: pd.DataFrame,
                          meta: Mapping[str, Any], lang: str,
                          titles: Mapping[str, Mapping[str, str]] | None = None) -> Path:
    """Write ``<out>/report/envelope-<lang>.pdf`` and return its path."""
    del band  # the figure draws the alternatives themselves; the band is their range
    path = out / "report" / f"envelope-{lang}.pdf"
    path.parent.mkdir(exist_ok=True)
    alternatives = [str(a) for a in meta["alternatives"]]
    main = str(meta["main"])
    price_year = _price_year(out / main)
    scenarios = list(pd.unique(table["scenario"]))
    note = label("env.caption", lang, main=main)
    if meta.get("approximations"):
        note += " " + label("env.approx", lang, alts=", ".join(meta["approximations"]))
    if price_year:
        note += " " + label("env.fig.prices", lang, price_year=price_year)

    # with several health trends, each page says what better health changes (issue 31)
    effects = health_effects(table, meta.get("health") or {})

    def write(tmp: Path) -> None:
        with PdfPages(tmp) as pdf:
            for page, scenario in enumerate(scenarios, start=1):
                lines = health_lines(effects, str(scenario), lang, titles)
                fig = envelope_figure(table, str(scenario), alternatives, main, lang,
                                      note=" ".join([*lines, note]),
                                      page=(page, len(scenarios)), titles=titles)
                pdf.savefig(fig)
                fig.clear()

    atomic_write(path, write)
    return path


def _price_year(run_dir: Path) -> int | None:
    try:
        value = read_json(run_dir / "run.json").get("staffing", {}).get("price_year")
    except Exception:  # the figure is still right without the note
        return None
    return int(value) if isinstance(value, int) else None
