"""The ``trappa`` command line: one parser, one module per command group.

``calc`` (calc.py), ``run`` and ``compare`` (run.py), ``sweep`` (sweep.py), ``calibrate``
(calibrate.py) and ``report`` (report.py). The CLI sits on top of every package: it wires
models, scenarios, sim, calibration, runners and results, and no package imports it.

Every user error (a bad file, field or argument) is printed as one line on stderr and the
command exits with status 2; no traceback, no partial output.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from models.errors import TrappaError

EXIT_USAGE = 2

__all__ = ["EXIT_USAGE", "build_parser", "main"]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the full ``trappa`` argument parser."""
    from runners.cli import calc, calibrate, municipality, report, run, sweep

    parser = _Parser(prog="trappa", description="trappa: the innsatstrapp simulation engine")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in (calc, run, sweep, calibrate, report, municipality):
        module.register(sub)
    from runners.app.command import register as register_app  # the web app's launcher

    register_app(sub)
    return parser


#: Commands that write files under the current folder or record paths.
WRITING_COMMANDS = ("run", "compare", "sweep", "report", "municipality", "calibrate")


def check_path_arguments(args: argparse.Namespace) -> None:
    """Refuse an argument that is not UTF-8, and a path argument too long for the file
    system, before anything runs (`models.paths.check_path`), naming the option."""
    from pathlib import Path

    from models.paths import check_path

    if args.command in WRITING_COMMANDS:
        # relative paths (the default runs/..., --out DIR) go under it, into run.json and
        # the report: a folder name that is not UTF-8 is refused here, not after the run
        check_path(os.getcwd(), "the current folder")
    for dest, value in vars(args).items():
        values = value if isinstance(value, list | tuple) else [value]
        for v in values:
            if isinstance(v, Path) or (isinstance(v, str) and dest not in ("command", "func")):
                check_path(v, f"--{dest.replace('_', '-')}")


def os_problem(exc: OSError) -> str:
    """One line for an error of the operating system: the path (escaped) and the problem."""
    from models.errors import one_line
    from models.paths import os_error_text, shown

    problem = os_error_text(exc)
    where = shown(exc.filename) if exc.filename is not None else "writing the results"
    return one_line(f"{where}: {problem}; nothing was left half-written")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status (no command: the help, status 0)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        check_path_arguments(args)
        return int(args.func(args))
    except TrappaError as exc:
        print(f"trappa: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        # the file system said no where nothing checked before could know (a full or
        # read-only disk, a path gone meanwhile): one line naming the path and the problem;
        # every writer of trappa writes beside and renames, so nothing is left half-written
        print(f"trappa: error: {os_problem(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("trappa: interrupted", file=sys.stderr)
        return 130
