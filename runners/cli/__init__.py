"""The ``trappa`` command line: one parser, one module per command group.

``calc`` (calc.py), ``run`` and ``compare`` (run.py), ``sweep`` (sweep.py), ``calibrate``
(calibrate.py) and ``report`` (report.py). The CLI sits on top of every package: it wires
models, scenarios, sim, calibration, runners and results, and no package imports it.

Every user error (a bad file, field or argument) is printed as one line on stderr and the
command exits with status 2; no traceback, no partial output.
"""

from __future__ import annotations

import argparse
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status (no command: the help, status 0)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except TrappaError as exc:
        print(f"trappa: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("trappa: interrupted", file=sys.stderr)
        return 130
