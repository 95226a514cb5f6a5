"""``trappa sweep SWEEP_FILE``: scenarios x parameter draws x replicates (docs/runners.md)."""

from __future__ import annotations

import argparse
import dataclasses

from runners.cli.args import add_discount_rate_arg, discount_rate_from, path_arg
from runners.execution import (
    EXIT_FAILED,
    add_backend_args,
    add_municipality_arg,
    execute,
    municipality_from,
    options_from,
    print_estimated,
    settings_from,
    shown_years,
)
from scenarios.vocabulary import REPORT_LANGUAGES


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``sweep`` command."""
    p = sub.add_parser("sweep", help="Monte Carlo sweep: scenarios x parameter draws x "
                                     "replicates (serial, process or Ray)",
                       description="Run a sweep file: every scenario for every parameter "
                                   "draw and replicate, streamed to a run directory that "
                                   "--resume can continue (format: docs/runners.md).")
    p.add_argument("sweep_file", type=path_arg, help="sweep file (TOML)")
    p.add_argument("--out", type=path_arg, default=None,
                   help="run directory (default: runs/<sweep name>-<timestamp>)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace an existing --out that holds a trappa run (and nothing "
                        "else) before the sweep starts")
    add_municipality_arg(p)
    add_backend_args(p)
    p.add_argument("--lang", choices=REPORT_LANGUAGES, default=REPORT_LANGUAGES[0],
                   help="label language: nb (bokmål), en, nn (nynorsk)")
    p.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    add_discount_rate_arg(p)
    p.set_defaults(func=_cmd_sweep)


def _cmd_sweep(args: argparse.Namespace) -> int:
    from rich.console import Console

    from results import comparison_table, render_comparison
    from results.comparison import read as read_comparison
    from results.labels import label
    from results.rundir import check_run_location
    from runners.cli.run import print_payback
    from runners.run import default_out_dir
    from runners.sweep_file import load_sweep

    options = options_from(args)
    rate, rate_source = discount_rate_from(args)
    plan = dataclasses.replace(load_sweep(args.sweep_file, municipality_from(args)),
                               settings=settings_from(args), discount_rate=rate,
                               discount_rate_source=rate_source)
    out = args.out or default_out_dir([plan.name])
    check_run_location(out)  # before the progress bar: a refusal stays one line
    outcome = execute(plan, out, options)
    if outcome is None:
        return EXIT_FAILED
    console = Console()
    if len(plan.scenarios) > 1:
        comparison = read_comparison(out)
        shown = shown_years(list(comparison.years))
        titles = {s.name: dict(s.titles) for s in plan.scenarios}
        console.print(render_comparison(comparison_table(comparison, shown), args.lang,
                                        titles=titles))
        print_payback(out, shown, args.lang, titles, console)
    print_estimated(console, plan.scenarios[0].municipality, args.lang)
    where = label("cmp.results_at", args.lang)
    console.print(f"{where}: {out.resolve()}")
    return 0
