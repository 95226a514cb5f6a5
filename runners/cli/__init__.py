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

__all__ = ["EXIT_USAGE", "build_parser", "error_line", "leave", "main", "terminal_lang"]


def terminal_lang(argv: Sequence[str] | None = None) -> str:
    """The language of the command's own lines: its ``--lang`` (also before the command is
    parsed, e.g. for an argument error), else bokmål."""
    from scenarios.vocabulary import REPORT_LANGUAGES

    words = list(sys.argv[1:] if argv is None else argv)
    for i, word in enumerate(words):
        value = (words[i + 1] if word == "--lang" and i + 1 < len(words)
                 else word.removeprefix("--lang=") if word.startswith("--lang=") else None)
        if value in REPORT_LANGUAGES:
            return value
    return REPORT_LANGUAGES[0]


def error_line(message: str, lang: str = "nb") -> str:
    """``trappa: error: MESSAGE`` in ``lang`` (the catalogue's ``cli.error``)."""
    from results.labels import label

    return label("cli.error", lang, message=message)


#: The words `main` parses (argparse reports an error before it hands back ``--lang``).
_parsing: list[Sequence[str] | None] = [None]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, in the command's language."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, error_line(message, terminal_lang(_parsing[0])) + "\n")


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


def main(argv: Sequence[str] | None = None, *, report_process: bool | None = None) -> int:
    """Run the CLI; return the exit status (no command: the help, status 0).

    ``report_process``: ``run`` and ``compare`` write their report in a process started
    with the command (`runners.cli.report_process`); by default only for the program's own
    command line (``argv`` None: ``trappa``, ``python -m runners``), not for a caller
    that passes its words (tests, which may replace functions in this process). The
    program's own command line also ends the process when the command has returned
    (`leave`), without the interpreter's tear-down."""
    status = _main(argv, report_process)
    if argv is None:
        leave(status)
    return status


def leave(status: int) -> None:
    """End the process with ``status`` now that the command is done: the output flushed and
    the exit handlers run (``atexit``: temporary folders, logging), then ``os._exit``.

    The interpreter's own tear-down, freeing every module and object of pandas, SciPy,
    pyarrow and DuckDB one by one, took 0.1-0.4 s after the results were printed (the
    user waits for the prompt) and does nothing a finished command needs. Where another
    non-daemon thread still runs, the normal exit waits for it as always."""
    import atexit
    import contextlib
    import threading

    if any(t is not threading.main_thread() and not t.daemon for t in threading.enumerate()):
        return
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to tell
            stream.flush()
    os._exit(status)


def _main(argv: Sequence[str] | None, report_process: bool | None) -> int:
    parser = build_parser()
    _parsing[0] = argv
    args = parser.parse_args(argv)
    args.report_process = argv is None if report_process is None else report_process
    if args.command is None:
        parser.print_help()
        return 0
    lang = getattr(args, "lang", None) or terminal_lang(argv)
    try:
        check_path_arguments(args)
        return int(args.func(args))
    except TrappaError as exc:
        print(error_line(str(exc), lang), file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        # the file system said no where nothing checked before could know (a full or
        # read-only disk, a path gone meanwhile): one line naming the path and the problem;
        # every writer of trappa writes beside and renames, so nothing is left half-written
        print(error_line(os_problem(exc), lang), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        from results.labels import label

        print(label("cli.interrupted", lang), file=sys.stderr)
        return 130
