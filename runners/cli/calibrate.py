"""``trappa calibrate``: fit the free parameters, write the fitted file and the fit report."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runners.backends import BACKENDS
from runners.cli.args import path_arg
from runners.execution import non_negative_int, positive_int
from scenarios.vocabulary import REPORT_LANGUAGES

if TYPE_CHECKING:
    from rich.console import Console

    from calibration.fit import FitInterrupted
    from runners.replications import BackendReplications

DEFAULT_RUNS = 120
DEFAULT_HORIZON_RUNS = 20


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``calibrate`` command."""
    p = sub.add_parser(
        "calibrate", help="fit the calibrated parameters to the targets and write the fit report",
        description="Fit the free parameters (calibration/<municipality>_parameters.toml) to "
                    "the targets (SSB population, the 2024 staircase, 80+ without services, "
                    "dementia prevalence) and write the fitted file the engine uses by default, "
                    "with a Markdown + PNG fit report next to it. Same seed, same file.")
    p.add_argument("--municipality", default="faerder", metavar="NAME|DIR",
                   help="a shipped municipality or a folder written by 'trappa municipality "
                        "import' (default: faerder). A folder is fitted in its own "
                        "calibration_parameters.toml or else Færder's parameter space, to "
                        "its targets.toml (Færder's persona totals are left out)")
    p.add_argument("--out", type=path_arg, default=None, metavar="FILE",
                   help="fitted file to write (default: the engine's: calibration/fitted/"
                        "<municipality>.toml for a shipped one, DIR/fitted.toml for a folder, "
                        "never into the package)")
    p.add_argument("--runs", type=positive_int, default=DEFAULT_RUNS, metavar="N",
                   help=f"one-year replications per fit evaluation (default {DEFAULT_RUNS})")
    p.add_argument("--seed", type=non_negative_int, default=None, metavar="S",
                   help="root seed (default: the status-quo scenario's)")
    p.add_argument("--horizon-runs", type=positive_int, default=DEFAULT_HORIZON_RUNS, metavar="M",
                   help="full-horizon replications per strategy for the population targets "
                        f"and the out-of-sample views (default {DEFAULT_HORIZON_RUNS})")
    p.add_argument("--report", type=path_arg, default=None, metavar="DIR",
                   help="report folder (default: <FILE stem>-report/ next to the fitted file)")
    p.add_argument("--backend", choices=BACKENDS, default="process",
                   help="where replications run, as for 'trappa run': serial (this process, "
                        "the reference), process (one worker per CPU) or ray (default: "
                        "process; every backend gives the same fitted file)")
    p.add_argument("--workers", type=positive_int, default=None,
                   help="worker processes or Ray CPUs (default: all CPUs)")
    p.add_argument("--lang", choices=REPORT_LANGUAGES, default=REPORT_LANGUAGES[0],
                   help="language of the terminal lines: nb (bokmål), en, nn (nynorsk); the "
                        "fit report is in English")
    p.add_argument("--cold", action="store_true",
                   help="start from the parameter file's start values even when the fitted "
                        "file already holds a fit of the same data (by default the fit starts "
                        "from it: a warm start)")
    p.set_defaults(func=_cmd_calibrate)


class _RichProgress:
    """Shows each evaluation (trial) as a bar of replications, a running total, and the
    last trial's loss beside the best so far (the stage's description is the fit's own,
    in English)."""

    def __init__(self, bar: Any, lang: str = "nb") -> None:
        from results.labels import label

        self.label = label
        self.lang = lang
        self.bar = bar
        self.total = bar.add_task(label("cal.all_replications", lang), total=None)
        self.loss = bar.add_task(label("cal.loss_none", lang), total=None)
        self.current = bar.add_task(label("cal.starting", lang), total=1)
        self.n = 0

    def stage(self, description: str, replications: int) -> None:
        self.n += 1
        self.bar.reset(self.current, total=replications,
                       description=self.label("cal.evaluation", self.lang, n=str(self.n),
                                              stage=description))

    def trial(self, number: int, loss: float, best: float | None) -> None:
        shown = "-" if best is None else _g(best, ".4g")
        self.bar.update(self.loss, description=self.label(
            "cal.trial", self.lang, n=str(number), loss=_g(loss, ".4g"), best=shown))

    def advance(self) -> None:
        self.bar.advance(self.current)
        self.bar.advance(self.total)


def _g(value: float, spec: str, lang: str = "en") -> str:
    """A fit statistic to ``spec``'s significant digits with a true minus sign, as
    results.formatting writes every other number (a decimal comma in nb and nn)."""
    from results.formatting import MINUS  # not at import: every trappa command loads this

    text = format(value, spec).replace("-", MINUS)
    return text.replace(".", ",") if lang in ("nb", "nn") else text


def _cmd_calibrate(args: argparse.Namespace) -> int:
    from runners.replications import BackendReplications

    # the workers first: they import the engine while this process loads the calibration
    # (SciPy's optimiser, matplotlib) and checks the inputs
    replicate = BackendReplications(args.backend, args.workers)
    replicate.start()
    try:
        return _calibrate(args, replicate)
    except BaseException as exc:
        replicate.__exit__(type(exc), exc, exc.__traceback__)  # the workers stopped at once
        raise


def _calibrate(args: argparse.Namespace, replicate: BackendReplications) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from calibration.fit import FitInterrupted
    from calibration.fitted import fitted_file
    from calibration.workflow import calibrate, prepare
    from models.municipality import resolve_municipality
    from results.formatting import number
    from results.labels import label

    # every input checked before the progress starts
    problem = prepare(resolve_municipality(args.municipality))
    console = Console(stderr=True)
    command = "trappa " + shlex.join(sys.argv[1:]) if sys.argv[1:2] == ["calibrate"] else \
        "trappa calibrate"
    try:
        with replicate, Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                                 transient=False) as bar:
            outcome = calibrate(problem, args.out, args.runs, args.seed,
                                args.horizon_runs, args.report,
                                progress=_RichProgress(bar, args.lang),
                                command=command, replicate=replicate, warm=not args.cold)
    except FitInterrupted as stop:
        _interrupted(console, stop, args.out or fitted_file(problem.m), args.lang)
        return 130
    lang = args.lang
    out = Console()
    table = outcome.table
    ok = int(table["within"].sum())
    out.print(label("cal.fitted_file", lang, path=str(outcome.fitted_file)), highlight=False,
              soft_wrap=True)  # a path stays whole on its line
    if outcome.report is not None:
        out.print(label("cal.report", lang, path=str(outcome.report)), highlight=False,
                  soft_wrap=True)
    out.print(label("cal.summary", lang, ok=str(ok), n=str(len(table)),
                    loss=_g(outcome.fit.final.loss, ".4g", lang),
                    evaluations=str(outcome.fit.evaluations),
                    seconds=number(outcome.seconds, 0, lang)), highlight=False)
    for name, value in zip(outcome.fit.names, outcome.fit.x, strict=True):
        out.print(f"  {name:32} {_g(value, '.6g', lang)}", highlight=False)
    for warning in outcome.warnings:  # the fit's own text (English)
        console.print(f"[yellow]{label('cal.warning', lang)}[/] {warning.text}",
                      highlight=False)
    return 0


def _interrupted(console: Console, stop: FitInterrupted, path: Path, lang: str = "nb") -> None:
    """Say what a Ctrl-C during the fit kept: nothing on disk, the best trial on screen."""
    from results.labels import label

    key = "cal.interrupted_untouched" if path.exists() else "cal.interrupted_unwritten"
    console.print(label(key, lang, path=str(path)), highlight=False, soft_wrap=True)
    if stop.x is None or stop.loss is None:
        return
    console.print(label("cal.best_so_far", lang, loss=_g(stop.loss, ".4g", lang),
                        n=str(stop.replications), trials=str(stop.evaluations)),
                  highlight=False)
    for name, value in zip(stop.names, stop.x, strict=True):
        console.print(f"  {name:32} {_g(value, '.6g', lang)}", highlight=False)
