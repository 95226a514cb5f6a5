"""``trappa compare --municipality A B C``: each municipality's own comparison, then one
table and one chart side by side (`results.county`). Each run directory is an ordinary
compare run below ``--out`` (``OUT/<folder name>/``), with the same strategies and seed."""

from __future__ import annotations

import argparse
import copy
from collections.abc import Callable
from pathlib import Path

from models.errors import TrappaError

COUNTY_JSON = "county.json"
FORMAT = "trappa-county/1"


def _name(municipality: str) -> str:
    from models.importer.many import folder_name
    from models.municipality import load_municipality

    return folder_name(load_municipality(municipality).name)


def run_county(args: argparse.Namespace, cmd_run: Callable[[argparse.Namespace], int]) -> int:
    """Run the comparison per municipality (``cmd_run`` on a copy of ``args`` with one
    municipality and ``OUT/<name>``), then write and print the county table and chart."""
    from rich.console import Console
    from rich.table import Table

    from models.municipality import resolve_municipality
    from results.charts import COUNTY_PANELS, county_figure, save
    from results.comparison import read
    from results.county import county_rows, write_county
    from results.labels import label, number, scenario_title
    from results.rundir import check_run_location, read_json, write_json
    from runners.execution import shown_years
    from runners.run import default_out_dir

    if getattr(args, "projections", None):
        raise TrappaError("--projections runs one municipality's envelope: give one "
                          "--municipality with it")
    resolved = [resolve_municipality(m) for m in args.municipality]
    names = [_name(m) for m in resolved]
    if len(set(names)) != len(names):
        raise TrappaError(f"--municipality names a municipality twice ({', '.join(names)})")
    out = args.out or default_out_dir(["county", *names])
    check_run_location(out)
    marker = out / COUNTY_JSON
    if out.is_dir() and any(out.iterdir()) and (
            not marker.is_file() or read_json(marker).get("format") != FORMAT):
        raise TrappaError(f"{out}: exists and is not a county comparison of trappa's; "
                              "nothing was written (choose a new --out)")
    out.mkdir(parents=True, exist_ok=True)
    write_json(marker, {"format": FORMAT, "municipalities": resolved, "folders": names,
                        "scenarios": list(args.scenarios)})
    for m, name in zip(resolved, names, strict=True):
        sub = copy.copy(args)
        sub.municipality = [m]
        sub.out = out / name
        status = cmd_run(sub)
        if status != 0:
            return status
    comparisons = {name: read(out / name) for name in names}
    first = next(iter(comparisons.values()))
    years = shown_years(list(first.years))
    rows = county_rows(comparisons, years)
    write_county(rows, out)
    lang = args.lang
    last = years[-1]
    fig = county_figure(rows, names, first.reference, last, lang)
    chart = save(fig, out / f"county-{lang}.png")
    table = Table(title=label("county.title", lang, n=len(names)))
    table.add_column(label("county.col.municipality", lang))
    table.add_column(label("county.col.strategy", lang))
    for _, _div, key in COUNTY_PANELS:
        table.add_column(label(key, lang, year=last), justify="right")
    for name in names:
        for s in first.strategies:
            cells = []
            for metric, div, _ in COUNTY_PANELS:
                stat = comparisons[name].stat(s, metric, last)
                cells.append("" if stat is None else number(stat["mean"] / div, 1, lang))
            table.add_row(name, scenario_title(s, lang), *cells)
    console = Console()
    console.print(table)
    console.print(f"{label('county.written', lang)}: {Path(out).resolve() / 'county.csv'}, "
                  f"{chart.resolve()}", markup=False, highlight=False, soft_wrap=True)
    return 0
