"""The ``trappa run`` and ``trappa compare`` commands: scenarios in, a run directory out."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.errors import TrappaError
from runners.cli.args import add_discount_rate_arg, discount_rate_from, path_arg, projections_arg
from runners.execution import (
    EXIT_FAILED,
    add_backend_args,
    add_municipality_arg,
    execute,
    municipality_from,
    non_negative_int,
    options_from,
    positive_float,
    positive_int,
    print_estimated,
    settings_from,
    shown_years,
    with_municipality,
)
from runners.limits import DEFAULT_MAX_RUNS
from scenarios.checks import HEALTH_ALTERNATIVES, MAX_HEALTH_SHIFT
from scenarios.vocabulary import REPORT_LANGUAGES

if TYPE_CHECKING:
    from runners.cli.report_process import ReportProcess
    from runners.plan import Auto
    from scenarios import Scenario

DEFAULT_COMPARE = ("normal", "proactive", "reactive", "phased-proactive")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``run`` and ``compare``."""
    for name, help_text in (("run", "run one scenario"),
                            ("compare", "run scenarios with common random numbers and compare")):
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == "run":
            p.add_argument("scenario", help="scenario name (scenarios/faerder/NAME.toml) or file")
        else:
            p.add_argument("scenarios", nargs="*", default=list(DEFAULT_COMPARE),
                           help="scenario names or files; the first is the baseline "
                                f"(default: the standard strategies {' '.join(DEFAULT_COMPARE)}"
                                "; with --municipality they run on its data)")
        p.add_argument("--runs", type=_runs, default=None,
                       help="replications per scenario, or 'auto' with --precision "
                            "(default: the scenario file's)")
        p.add_argument("--precision", type=positive_float, default=None, metavar="MNOK",
                       help="with --runs auto: add replications until the Monte Carlo "
                            "standard error of the last year's Δ total cost vs the first "
                            "scenario is at most this (mill NOK)")
        p.add_argument("--max-runs", type=positive_int, default=None,
                       help=f"with --runs auto: the cap (default {DEFAULT_MAX_RUNS})")
        p.add_argument("--seed", type=non_negative_int, default=None,
                       help="root seed (default: the first scenario file's)")
        p.add_argument("--out", type=path_arg, default=None,
                       help="run directory (default: runs/<names>-<timestamp>)")
        p.add_argument("--overwrite", action="store_true",
                       help="replace an existing --out that holds a trappa run (and nothing "
                            "else) before the run starts")
        p.add_argument("--fixed-parameters", action="store_true",
                       help="run on the point values of the parameters: the intervals are "
                            "then Monte Carlo only (default: replication r draws the "
                            "uncertain parameters of runners/uncertainty.toml once, shared "
                            "by every scenario)")
        add_municipality_arg(p, many=name == "compare")
        if name == "compare":
            p.add_argument("--projections", type=projections_arg, default=None,
                           metavar="CODES",
                           help="run the comparison once per SSB projection alternative, "
                                "e.g. MMMM,LLML,HHMH (the demographic envelope): one run "
                                "directory each below --out, with the same seed, and the "
                                "band across them (envelope.parquet, report/envelope-*.pdf)")
        p.add_argument("--health", type=health_arg, default=None, metavar="TRENDS",
                       help="health trend of old age: constant (need by age as today, the "
                            "default), healthier (need onset from 67 moves "
                            f"{HEALTH_ALTERNATIVES['healthier']:g} years older per decade, an "
                            "assumption: docs/staff-supply.md) or years per decade; with "
                            "compare, several separated by commas (constant,healthier) run "
                            "each trend with the same seed, side by side like --projections")
        add_backend_args(p)
        p.add_argument("--lang", choices=REPORT_LANGUAGES, default=REPORT_LANGUAGES[0],
                       help="label language: nb (bokmål), en, nn (nynorsk)")
        p.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
        add_discount_rate_arg(p)
        p.set_defaults(func=_cmd_run)


def print_tables(run_dir: Path, scenarios: list[Scenario], lang: str, uncertainty: Any,
                 console: Any) -> None:
    """Print the run's tables from its comparison: with several scenarios the comparison
    and the payback, with one its staffing gap (issue 31), the only comparison it has."""
    from results import comparison_table, render_comparison
    from results.comparison import read as read_comparison
    from results.staffing_view import render_staffing, staffing_rows

    comparison = read_comparison(run_dir)
    shown = shown_years(list(comparison.years))
    titles = {s.name: dict(s.titles) for s in scenarios}
    if len(scenarios) > 1:
        console.print(render_comparison(comparison_table(comparison, shown), lang,
                                        titles=titles, uncertainty=uncertainty))
        print_payback(run_dir, shown, lang, titles, console)
        return
    table = render_staffing(staffing_rows(comparison, shown), shown, lang, titles)
    if table is not None:
        console.print(table)


def print_payback(out: Path, years: list[int], lang: str,
                  titles: dict[str, dict[str, str]], console: Any) -> None:
    """Print the payback table and, with capacities, the waiting lists, from the run
    directory's comparison (the figures are its rows, never recomputed)."""
    from results.comparison import read
    from results.payback_view import render_payback, render_waiting
    from results.rundir import RUN_JSON, read_json

    comparison = read(out)
    meta = read_json(out / RUN_JSON)
    price_year = (meta.get("staffing") or {}).get("price_year") or "?"
    from results.staffing_view import render_staffing, staffing_rows
    for table in (render_payback(comparison, lang, price_year=price_year, titles=titles),
                  render_waiting(comparison, years, lang, titles=titles),
                  render_staffing(staffing_rows(comparison, years), years, lang, titles)):
        if table is not None:
            console.print(table)


def health_arg(text: str) -> tuple[float, ...]:
    """Parse ``--health``: one trend or several separated by commas, each constant,
    healthier or years per decade, none repeated (argparse type)."""
    from scenarios import ScenarioError
    from scenarios.checks import check_health_shift

    out: list[float] = []
    for item in (t.strip() for t in text.split(",")):
        if item in HEALTH_ALTERNATIVES:
            out.append(HEALTH_ALTERNATIVES[item])
            continue
        try:
            out.append(check_health_shift(float(item), "--health"))
        except (ValueError, ScenarioError):
            raise argparse.ArgumentTypeError(
                f"expected {', '.join(HEALTH_ALTERNATIVES)} or years per decade from 0 to "
                f"{MAX_HEALTH_SHIFT:g}, got {item!r}") from None
    if len(set(out)) != len(out):
        raise argparse.ArgumentTypeError(f"a health trend is given twice: {text}")
    return tuple(out)


def _runs(text: str) -> int | str:
    return "auto" if text == "auto" else positive_int(text)


def _stored(args: argparse.Namespace) -> dict[str, Any]:
    """On --resume, the manifest's settings stand in for options not given again."""
    path = args.out / "manifest.json" if args.resume and args.out else None
    if path is None or not path.is_file():
        return {}
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # execute_plan reports the damaged manifest with its name
    return stored if isinstance(stored, dict) else {}


def _runs_spec(args: argparse.Namespace, stored: dict[str, Any], default: int) -> int | Auto:
    from runners.plan import Auto

    runs = args.runs if args.runs is not None else stored.get("runs", default)
    auto_stored = stored.get("precision") or {}
    if runs != "auto":
        if args.precision is not None or args.max_runs is not None:
            raise TrappaError("--precision and --max-runs go with --runs auto")
        return int(runs)
    precision = args.precision or auto_stored.get("precision_mnok")
    if precision is None:
        raise TrappaError("--runs auto needs --precision MNOK (the Monte Carlo standard error "
                          "to reach, in mill NOK)")
    max_runs = args.max_runs or auto_stored.get("max_runs", DEFAULT_MAX_RUNS)
    if max_runs < 2:
        raise TrappaError(f"--max-runs must be at least 2 with --runs auto, got {max_runs}")
    return Auto(float(precision), int(max_runs))


def _report_process(args: argparse.Namespace) -> ReportProcess | None:
    """Start the process that will write the report (`runners.cli.report_process`), for
    the command as a user runs it (``trappa``: `runners.cli.main` sets ``report_process``),
    first thing, so that it imports the report's libraries while this one runs the plan;
    not for the runs that write their reports elsewhere (a county, an envelope)."""
    if not getattr(args, "report_process", False):
        return None
    if isinstance(args.municipality, list) and len(args.municipality) > 1:
        return None
    if getattr(args, "projections", None) or len(args.health or ()) > 1:
        return None
    from runners.cli.report_process import ReportProcess

    return ReportProcess()


def _cmd_run(args: argparse.Namespace) -> int:
    process = _report_process(args)
    try:
        return _run(args, process)
    finally:
        if process is not None:
            process.close()


def _run(args: argparse.Namespace, process: ReportProcess | None) -> int:
    from rich.console import Console

    from results.intervals import few_runs_text
    from results.labels import label
    from results.rundir import check_run_location
    from results.runlock import RunLock
    from runners.cli.report import after_run, print_missing, print_report, report_in_run
    from runners.plan import Auto, Plan
    from runners.run import default_out_dir
    from scenarios import load_scenario, resolve_scenario_path

    names = [args.scenario] if args.command == "run" else list(args.scenarios)
    if not names:
        raise TrappaError("compare: give at least one scenario")
    if isinstance(args.municipality, list) and len(args.municipality) > 1:
        from runners.cli.county import run_county
        return run_county(args, _cmd_run)
    options = options_from(args)
    municipality = municipality_from(args)
    # validate every scenario file before anything runs; with --municipality the shipped
    # strategies (and any file) run on that municipality's data, no file copied
    scenarios = with_municipality([load_scenario(resolve_scenario_path(n)) for n in names],
                                  municipality)
    health = tuple(args.health or ())
    if len(health) == 1:  # the health trend of every scenario (issue 31)
        scenarios = [s.with_overrides(health_shift=health[0]) for s in scenarios]
    elif health and args.command != "compare":
        raise TrappaError("run: one --health trend; compare runs several side by side")
    stored = _stored(args)
    seed = args.seed if args.seed is not None else stored.get("seed", scenarios[0].seed)
    runs = _runs_spec(args, stored, scenarios[0].replications)
    replications = runs.first_round if isinstance(runs, Auto) else runs
    # the root seed stays with the plan: a scenario's own seed is only a default
    scenarios = [s.with_overrides(replications=replications) for s in scenarios]
    rate, rate_source = discount_rate_from(args)
    if getattr(args, "projections", None) or len(health) > 1:
        from runners.cli.envelope import alternatives_for, run_envelope
        codes = args.projections or (scenarios[0].projection,)
        out = args.out or default_out_dir(["envelope", *(s.name for s in scenarios)])
        return run_envelope(scenarios, alternatives_for(codes, health), out, seed, runs,
                            settings_from(args), options, Console(),
                            discount=(rate, rate_source),
                            fixed=bool(args.fixed_parameters))
    out = args.out or default_out_dir([s.name for s in scenarios])
    check_run_location(out)  # before the progress bar: a refusal stays one line
    settings = settings_from(args)
    # a resumed run keeps the mode it started with (runs before the default drew nothing)
    fixed = args.fixed_parameters or bool(stored and not stored.get("draw_per_replication"))
    plan = Plan(name="-vs-".join(s.name for s in scenarios), scenarios=tuple(scenarios),
                seed=seed, runs=runs, settings=settings, discount_rate=rate,
                discount_rate_source=rate_source)
    if not fixed:
        from runners.uncertainty import with_parameter_draws
        plan = with_parameter_draws(plan, uncalibrated=options.uncalibrated)
    out_console = Console()
    tables: list[str] = []

    def render_tables(run_dir: Path) -> None:
        # the driver waits for the report's process: the terminal's tables meanwhile (a
        # failure here must not stop the run: they are printed after it then, as before)
        try:
            with out_console.capture() as captured:
                print_tables(run_dir, scenarios, args.lang, plan.uncertainty, out_console)
        except Exception:
            return
        tables.append(captured.get())

    # the report is written into the finished run before it takes the directory's name
    # (by the report's process, which forks its workbook's and charts' jobs itself)
    hook, written = report_in_run(args.lang, scenarios[0].municipality, process,
                                  meanwhile=render_tables)
    outcome = execute(plan, out, dataclasses.replace(options, report=hook))
    if outcome is None:
        return EXIT_FAILED
    if written:
        print_report(written[0], args.lang, out_console)
        print_missing(out_console)
    else:  # already complete (--resume): the run was not finished again
        with RunLock(out):  # the report is written into the run directory too
            after_run(out, args.lang, out_console, scenarios[0].municipality)
    if tables:  # rendered while the report was written, from the same comparison
        out_console.file.write(tables[0])
        out_console.file.flush()
    else:
        print_tables(out, scenarios, args.lang, plan.uncertainty, out_console)
    few = few_runs_text(outcome.runs, args.lang)
    if few:  # run.json's warnings hold it too
        Console(stderr=True).print(few, style="yellow", highlight=False, soft_wrap=True)
    print_estimated(out_console, scenarios[0].municipality, args.lang)
    where = label("cmp.results_at", args.lang)
    out_console.print(f"{where}: {out.resolve()}")
    return 0
