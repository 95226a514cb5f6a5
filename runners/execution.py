"""Command-line plumbing shared by ``run``, ``compare`` and ``sweep``: backend options, the
progress bar, failures and interruptions, and the printed result."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from models.errors import TrappaError
from runners.backends import BACKENDS, DEFAULT_BACKEND, SERIAL_AT_MOST
from runners.errors import SweepError

if TYPE_CHECKING:  # the engine loads when a command runs, not to build the parser
    from rich.console import Console

    from runners.plan import Plan
    from runners.sweep import Options, Outcome
    from scenarios import Scenario

EXIT_FAILED = 1


def positive_int(text: str) -> int:
    """Parse a whole number >= 1 (argparse type)."""
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {v}")
    return v


def non_negative_int(text: str) -> int:
    """Parse a whole number >= 0 (argparse type)."""
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if v < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {v}")
    return v


def positive_float(text: str) -> float:
    """Parse a number > 0 (argparse type)."""
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not v > 0 or v == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text}")
    return v


def finite_float(text: str) -> float:
    """Parse a finite number (argparse type): ``nan`` and ``inf`` are refused."""
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(v):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text}")
    return v


def parameter_setting(text: str) -> tuple[str, float]:
    """Parse ``NAME=VALUE`` (argparse type of ``--set``): a parameter and a finite number."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    try:
        return name, finite_float(value.strip())
    except argparse.ArgumentTypeError as exc:
        raise argparse.ArgumentTypeError(f"{name}: {exc}") from None


RUN_MUNICIPALITY_HELP = "replaces the scenario files' municipality (default: theirs)"


def add_municipality_arg(p: argparse.ArgumentParser, use: str = RUN_MUNICIPALITY_HELP, *,
                         many: bool = False) -> None:
    """Add ``--municipality NAME|DIR`` (run, compare, sweep, report): the one way these
    commands name a municipality's data; `municipality_from` resolves it. ``use`` says what
    the command does with it; ``many`` (compare) takes several, each run on its own."""
    more = ("; several (A B C) run the comparison once per municipality and write one "
            "table and chart side by side (county.csv, county-<lang>.png)") if many else ""
    p.add_argument("--municipality", default=None, metavar="NAME|DIR",
                   nargs="+" if many else None,
                   help="municipality data: a shipped name (faerder, skien, porsgrunn) or a "
                        f"folder written by 'trappa municipality import', anywhere on disk; "
                        f"{use}{more}")


def municipality_from(args: argparse.Namespace) -> str | None:
    """Return the resolved ``--municipality`` (a shipped name, or a folder's absolute path),
    None if not given.

    Raises
    ------
    DataFileError
        One line: an unknown name, a missing folder, or a folder that is not a municipality.
    """
    from models.municipality import resolve_municipality

    text = getattr(args, "municipality", None)
    if isinstance(text, list):  # compare's --municipality A B C: one at a time here
        if len(text) != 1:
            raise TrappaError("--municipality: several municipalities are run one at a time "
                              "by 'trappa compare'")
        text = text[0]
    return None if text is None else resolve_municipality(text)


def with_municipality(scenarios: Sequence[Scenario], municipality: str | None
                      ) -> list[Scenario]:
    """Return the scenarios run on ``municipality`` (from `municipality_from`; None keeps
    each file's), recorded in provenance as the command line's."""
    if municipality is None:
        return list(scenarios)
    return [s.with_overrides(municipality=municipality) for s in scenarios]


def print_estimated(console: Console, municipality: str, lang: str) -> None:
    """Print what the importer estimated for the run's municipality (import.toml
    ``[estimated]``), each marked "estimated" in ``lang``; nothing for sourced data."""
    from models.municipality import estimated_values, municipality_folder
    from results.labels import label

    items = estimated_values(municipality_folder(municipality))
    if not items:
        return
    mark = label("fact.estimated_mark", lang)
    console.print(f"{label('fact.estimated', lang)}:", style="yellow", highlight=False)
    for item in items:
        # markup off: an item may hold "[" (a TOML table name)
        console.print(f"  {mark}: {item}", markup=False, highlight=False, soft_wrap=True)


def add_backend_args(p: argparse.ArgumentParser) -> None:
    """Add ``--backend --workers --address --resume`` to a command."""
    p.add_argument("--backend", choices=BACKENDS, default=None,
                   help="where replications run: serial (this process, the reference), "
                        "process (a pool of worker processes, one per CPU) or ray "
                        "(default: process, or serial for a run of at most "
                        f"{SERIAL_AT_MOST} replications in all, which a pool would only "
                        "slow down; every backend gives the same tables)")
    p.add_argument("--workers", type=positive_int, default=None,
                   help="worker processes or Ray CPUs (default: all CPUs; with --address "
                        "the cluster's)")
    p.add_argument("--address", default=None, metavar="ADDR",
                   help="join a running Ray cluster at HOST:PORT (with --backend ray)")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted run in --out DIR: run only what is missing")
    p.add_argument("--uncalibrated", action="store_true",
                   help="run on the prior inputs, without the fitted calibration "
                        "(calibration/fitted/<municipality>.toml); recorded in run.json as a "
                        "warning. Without it a missing or malformed fitted file is an error")
    p.add_argument("--extrapolate", action="store_true",
                   help="accept an end_year beyond the last year of the population "
                        "projection: the population goes on at the growth rate of the "
                        "projection's last year (stated in the terminal, run.json and the "
                        "report). Without it such a horizon is refused")
    p.add_argument("--set", action="append", default=[], type=parameter_setting,
                   metavar="NAME=VALUE", dest="settings",
                   help="set a parameter of parameters.toml or demography.toml (or an "
                        "entry_scale:<group>:<trinn>) for this run, on top of the data, the "
                        "fitted file and any draw: the command-line layer; repeatable; "
                        "recorded in run.json with its source")


def settings_from(args: argparse.Namespace) -> dict[str, float]:
    """Return the ``--set`` values of parsed arguments (a name given twice is refused)."""
    out: dict[str, float] = {}
    for name, value in getattr(args, "settings", []):
        if name in out:
            raise SweepError("command line", f"parameter {name!r} is set twice", key="set")
        out[name] = value
    return out


def options_from(args: argparse.Namespace) -> Options:
    """Return the run options of parsed arguments."""
    from runners.sweep import Options

    if args.resume and args.out is None:
        raise SweepError("command line", "--resume continues a run directory: give it with "
                         "--out DIR", key="resume")
    if args.resume and args.overwrite:
        raise SweepError("command line", "--resume and --overwrite exclude each other",
                         key="resume")
    return Options(backend=args.backend or DEFAULT_BACKEND, workers=args.workers,
                   address=args.address, resume=args.resume, overwrite=args.overwrite,
                   plots=not args.no_plots,
                   lang=args.lang, uncalibrated=getattr(args, "uncalibrated", False),
                   extrapolate=getattr(args, "extrapolate", False))


def execute(plan: Plan, out: Path, options: Options) -> Outcome | None:
    """Run a plan with a progress bar on stderr; None if tasks failed (reported there)."""
    from rich.console import Console

    from runners.errors import TasksFailedError
    from runners.progress import progress_bar
    from runners.sweep import execute_plan

    console = Console(stderr=True)
    try:
        with progress_bar(console, options.lang) as bar:
            outcome = execute_plan(plan, out, options, bar)
    except TasksFailedError as exc:
        from results.labels import label

        failed = label("cli.tasks_failed", options.lang, n=str(len(exc.failures)), out=str(out))
        print(label("cli.error", options.lang, message=failed), file=sys.stderr)
        for f in exc.failures:
            print(f"  {f.describe()}", file=sys.stderr)
        return None
    except KeyboardInterrupt:
        from results.labels import label

        if (out / "manifest.json").is_file():
            print(label("cli.tasks_saved", options.lang, out=str(out)), file=sys.stderr)
        raise
    if outcome.note:
        console.print(outcome.note, soft_wrap=True)
    return outcome


def shown_years(years: list[int]) -> list[int]:
    """Return the council's milestones 2030 and 2040 where the run reaches them, and its last
    year where the horizon goes beyond them (or alone if it reaches neither)."""
    shown: list[int] = [y for y in (2030, 2040) if y in years]
    if not shown or years[-1] > shown[-1]:
        shown.append(years[-1])
    return shown
