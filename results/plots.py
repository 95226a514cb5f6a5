"""A run's ``plots/``: the report's charts as PNG, drawn from the stored comparison.

``plots/`` holds the charts of the run's report in the run's language under the report's
file names (``report/png-<lang>/``). A run that writes its report links them from there
(`results.store.plots_from_report`); any other run (``trappa sweep``, ``--no-report``
callers of `results.store`) gets them from `draw_plots`: the same builders
(`results.charts.report_charts`) fed the same way as `results.report` feeds them, saved at
the report's resolution, so the files are the report's PNGs byte for byte.

Only ``run.json`` and the comparison (``comparison.parquet``, ``.json``) are read, never
``yearly/``: drawing costs the same at 10 replications and at 10,000. The charts are drawn
in this process one after another (no child processes: this runs inside the finishing of
a run, possibly in a worker or a server that must not fork).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from results.rundir import PLOTS, RUN_JSON, read_json


def draw_plots(run_dir: Path | str, lang: str = "nb", municipality: str | None = None,
               out_dir: Path | str | None = None) -> list[Path]:
    """Draw the report's charts of the run in ``run_dir`` as PNG files and return them.

    Parameters
    ----------
    run_dir
        A run directory with its ``run.json`` and comparison written (a finished run, or
        the temporary directory of one being finished).
    lang
        The charts' language: ``"nb"``, ``"en"`` or ``"nn"``.
    municipality
        The data the charts read trinn names and personas from, as the report's
        (`results.report_facts.load_sources`): a shipped name or a folder; by default the
        shipped municipality run.json names.
    out_dir
        Where the PNGs go (created if missing); default ``RUN_DIR/plots``. Files of the
        same names are replaced, others are left alone.

    Raises
    ------
    RunDirError
        If ``run.json`` or the comparison is missing or damaged, or ``run.json`` lacks
        what the report states (its scenarios, its units).
    ValueError
        For an unknown language.
    """
    from results.charts import report_charts, save
    from results.comparison import read as read_comparison
    from results.labels import LANGS
    from results.report import PNG_DPI, solve_layout
    from results.report_facts import load_sources, run_facts
    from results.report_tables import from_comparison
    from results.store import Run

    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}' (use {', '.join(LANGS)})")
    run_dir = Path(run_dir)
    out = run_dir / PLOTS if out_dir is None else Path(out_dir)
    meta = read_json(run_dir / RUN_JSON)
    comparison = read_comparison(run_dir)
    # the report's facts read run.json and the comparison only; the run's tables (yearly/,
    # population/, summary.parquet) are left unread
    run = Run(population=pd.DataFrame(), summary=pd.DataFrame(), meta=meta, path=run_dir,
              comparison=comparison)
    facts = run_facts(run)
    tables = from_comparison(comparison)
    sources = load_sources(facts, municipality)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for chart in report_charts(tables, facts, sources, lang):
        fig = chart.build()
        # as `results.report` saves a chart's PNG beside its SVG: the layout solved once, at
        # the PNG's resolution, then one drawing (a save with the layout engine left on
        # draws the figure twice); the same file, byte for byte
        solve_layout(fig, PNG_DPI)
        paths.append(save(fig, out / f"{chart.stem}.png", dpi=PNG_DPI))
        fig.clear()  # free the artists now rather than whenever the figure is collected
    return paths
