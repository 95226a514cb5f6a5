"""The ``trappa run`` and ``trappa compare`` commands: scenarios in, a run directory out."""

from __future__ import annotations

import argparse
from pathlib import Path

from models.errors import TrappaError

DEFAULT_COMPARE = ("normal", "proactive", "reactive", "phased-proactive")


def add_run_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``run`` and ``compare``."""
    for name, help_text in (("run", "run one scenario"),
                            ("compare", "run scenarios with common random numbers and compare")):
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == "run":
            p.add_argument("scenario", help="scenario name (scenarios/faerder/NAME.toml) or file")
        else:
            p.add_argument("scenarios", nargs="*", default=list(DEFAULT_COMPARE),
                           help="scenario names or files; the first is the baseline "
                                f"(default: {' '.join(DEFAULT_COMPARE)})")
        p.add_argument("--runs", type=_positive, default=None,
                       help="replications per scenario (default: the scenario file's)")
        p.add_argument("--seed", type=_non_negative, default=None,
                       help="root seed (default: the first scenario file's)")
        p.add_argument("--out", type=Path, default=None,
                       help="run directory (default: runs/<names>-<timestamp>)")
        p.add_argument("--overwrite", action="store_true", help="replace an existing --out")
        p.add_argument("--lang", choices=("nb", "en"), default="nb", help="label language")
        p.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
        p.set_defaults(func=_cmd_run)


def _positive(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {v}")
    return v


def _non_negative(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if v < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {v}")
    return v


def _cmd_run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    from results import comparison_table, render_comparison, write_run
    from runners.run import default_out_dir, execute, run_meta
    from scenarios import load_scenario, resolve_scenario_path

    names = [args.scenario] if args.command == "run" else list(args.scenarios)
    if not names:
        raise TrappaError("compare: give at least one scenario")
    # validate every scenario file before anything runs
    scenarios = [load_scenario(resolve_scenario_path(n)) for n in names]
    seed = args.seed if args.seed is not None else scenarios[0].seed
    runs = args.runs if args.runs is not None else scenarios[0].replications
    scenarios = [s.with_overrides(seed=seed, replications=runs) for s in scenarios]
    out = args.out or default_out_dir([s.name for s in scenarios])
    if out.exists() and out.is_dir() and any(out.iterdir()) and not args.overwrite:
        raise TrappaError(f"{out}: run directory already exists and is not empty "
                          "(use --out elsewhere or --overwrite)")
    console = Console(stderr=True)
    total = runs * len(scenarios)
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                  console=console, transient=False) as bar:
        task = bar.add_task("replikasjoner" if args.lang == "nb" else "replications",
                            total=total, rate="")

        def done(_: object) -> None:
            bar.advance(task)
            t = bar.tasks[0]
            if t.elapsed:
                bar.update(task, rate=f"{t.completed / t.elapsed * 60:.0f}/min")

        result, shared, m = execute(scenarios, runs, seed, on_done=done)
    meta = run_meta(shared, m, runs, "serial", 1, result.seconds)
    tables = result.tables
    write_run(out, tables["yearly"], tables["population"], meta, plots=not args.no_plots,
              lang=args.lang, overwrite=args.overwrite,
              extra={"demography": tables["demography"]})
    out_console = Console()
    from results.report_command import after_run
    after_run(out, args.lang, out_console)
    if len(scenarios) > 1:
        years = sorted(set(tables["yearly"]["year"]))
        # the council's milestones where the run reaches them, else its last year
        shown = [y for y in (2030, 2040) if y in years] or [years[-1]]
        out_console.print(render_comparison(comparison_table(tables["yearly"], shown),
                                            args.lang))
    where = "Resultater" if args.lang == "nb" else "Results"
    out_console.print(f"{where}: {out.resolve()}")
    return 0
