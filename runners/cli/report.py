"""``trappa report``, and the report written after ``trappa run`` and ``trappa compare``.

Usage::

    trappa report RUN_DIR [--lang nb|en|nn] [--format xlsx,pdf,png]

The report goes to ``RUN_DIR/report/`` (see ``results.report``); the command prints where.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.errors import TrappaError
from results.labels import LANGS
from runners.cli.args import add_discount_rate_arg, path_arg
from runners.execution import add_municipality_arg, municipality_from

if TYPE_CHECKING:
    from runners.cli.report_process import ReportProcess


def _formats(text: str) -> tuple[str, ...]:
    # Deferred import: building the parser for other commands must not load the report.
    from results.report import parse_formats

    try:
        return parse_formats(text)
    except TrappaError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``report`` command."""
    p = sub.add_parser(
        "report", help="write a run's report: Excel workbook, PDF and PNG charts",
        description="Read a finished run directory and write its report for the council into "
                    "RUN_DIR/report/: report-LANG.xlsx, report-LANG.pdf and png-LANG/*.png.")
    p.add_argument("run_dir", type=path_arg, metavar="RUN_DIR",
                   help="a run directory written by 'trappa run' or 'trappa compare'")
    p.add_argument("--lang", choices=LANGS, default=LANGS[0],
                   help="language: Norwegian bokmål (nb, default), English (en) or "
                        "nynorsk (nn)")
    p.add_argument("--format", dest="formats", type=_formats, default=("xlsx", "pdf", "png"),
                   metavar="xlsx,pdf,png,svg",
                   help="comma-separated formats to write (default: xlsx,pdf,png; svg: the "
                        "charts as SVG with their text as text)")
    add_municipality_arg(p, "the data whose trinn names, parameters and pathways the report "
                            "shows (default: the shipped municipality run.json names; a run on "
                            "an imported folder needs it)")
    add_discount_rate_arg(p)
    p.set_defaults(func=_cmd_report)


def print_report(files: Any, lang: str, console: Any) -> None:
    """Print where each file of a report is (one line per format)."""
    from results.labels import label

    for key, path in (("rep.out.pdf", files.pdf), ("rep.out.xlsx", files.xlsx),
                      ("rep.out.png", files.png[0].parent if files.png else None),
                      ("rep.out.svg", files.svg[0].parent if files.svg else None)):
        if path is not None:
            # soft_wrap: a long path stays on one line (copyable); markup off for "[" in paths
            console.print(f"{label(key, lang)}: {Path(path).resolve()}", highlight=False,
                          soft_wrap=True, markup=False)


def _cmd_report(args: argparse.Namespace) -> int:
    from rich.console import Console

    from models.datafile import path_kind
    from models.errors import DataFileError
    from results.report import write_report
    from results.rundir import RunDirError
    from results.runlock import RunLock

    try:
        kind = path_kind(args.run_dir)
    except DataFileError as exc:  # a name too long, a NUL: one line naming the path
        raise RunDirError(args.run_dir, exc.problem) from None
    if kind != "dir":  # before the lock, which would create its folder
        raise RunDirError(args.run_dir, "run directory not found")
    municipality = municipality_from(args)
    if municipality is not None:
        check_same_municipality(args.run_dir, municipality)
    # not while a run (or another report) writes the directory
    with RunLock(args.run_dir, check_location=False):
        files = write_report(args.run_dir, args.lang, args.formats, municipality,
                             args.discount_rate)
    print_report(files, args.lang, Console())
    return 0


def check_same_municipality(run_dir: Path, municipality: str) -> None:
    """Refuse ``--municipality`` naming other data than the run read: the report would put
    one municipality's figures beside another's results.

    The same data means the folder run.json records, or (a folder moved or copied since)
    a folder whose files have the hashes run.json records. A run.json without either is
    left to the report's own checks.

    Raises
    ------
    RunDirError
        Naming the option, the run's municipality and its folder.
    """
    import json

    from models.errors import DataFileError
    from models.municipality import load_municipality, municipality_folder
    from results.rundir import RunDirError

    try:
        meta = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return  # the report names what is wrong with run.json
    if not isinstance(meta, dict) or not isinstance(meta.get("municipality_folder"), str):
        return
    ran_on = Path(meta["municipality_folder"])
    given = municipality_folder(municipality).resolve()
    if given == ran_on.resolve():
        return
    hashes = meta.get("input_hashes")
    if isinstance(hashes, dict) and hashes:
        try:
            mine = load_municipality(municipality).input_hashes()
        except DataFileError:
            mine = {}
        if all(mine.get(f) == h for f, h in hashes.items()):
            return  # the same files in another place
    raise RunDirError(run_dir / "run.json", f"--municipality {municipality}: this run was "
                      f"made on {meta.get('municipality', '?')} ({ran_on}), whose data differ; "
                      "the report must describe the run's own municipality (leave out "
                      "--municipality, or give that folder)")


def report_in_run(lang: str, municipality: str | None, process: ReportProcess | None = None,
                  meanwhile: Callable[[Path], None] | None = None, *,
                  workbook_here: bool = False
                  ) -> tuple[Callable[[Path, Path], None], list[Any]]:
    """Return the hook that writes a run's report into its finished temporary directory
    (`runners.sweep.Options.report`: the run and its report appear together, or neither),
    and the list it appends the written `ReportFiles` to (their paths inside the run
    directory's final name).

    A format whose optional package is missing (openpyxl for the workbook) is skipped, and
    said after the run (`print_missing`). With ``process`` (started with the command, its
    libraries imported meanwhile) the report is written there (with ``workbook_here`` the
    workbook in this process: `runners.cli.report_process.write_report_with`), and this
    process calls ``meanwhile`` with the finished temporary directory while it waits.
    """
    from results.report import FORMATS, missing_dependency, write_report

    formats = [f for f in FORMATS if missing_dependency(f) is None]
    written: list[Any] = []

    def hook(tmp: Path, final: Path) -> None:
        from results.report import ReportError

        try:
            if process is None:
                files = write_report(tmp, lang, formats, municipality, shown_as=final)
            else:
                from runners.cli.report_process import write_report_with

                files = write_report_with(process, tmp, lang, formats, municipality, final,
                                          meanwhile, workbook_here=workbook_here)
        except TrappaError as exc:
            raise ReportError(f"{exc}; the run is not finished, its replications are saved: "
                              f"continue with --resume --out {final}") from exc

        def moved(p: Path | None) -> Path | None:
            return None if p is None else final / p.relative_to(tmp)

        written.append(replace(files, directory=final / files.directory.relative_to(tmp),
                               xlsx=moved(files.xlsx), pdf=moved(files.pdf),
                               png=tuple(final / p.relative_to(tmp) for p in files.png)))

    return hook, written


def print_missing(console: Any) -> None:
    """Say which report formats were skipped for a missing optional package."""
    from results.report import FORMATS, missing_dependency

    for fmt in FORMATS:
        hint = missing_dependency(fmt)
        if hint:
            # markup off: "[report]" in the hint is not a rich style tag
            console.print(hint, style="yellow", markup=False, highlight=False)


def after_run(run_dir: Path, lang: str, console: Any, municipality: str | None = None
              ) -> None:
    """Hook called by ``trappa run``/``compare`` after the run directory is written.

    ``municipality`` is the data the run read (a shipped name or an imported folder), which
    the report reads for trinn names, parameters and pathways.

    Writes the full report (workbook, PDF, PNG) in ``lang`` and prints where it is; a
    format whose optional package is missing (openpyxl for the workbook) is skipped with
    a note on how to install it.

    Raises
    ------
    ReportError
        If the report cannot be written; the message says the run itself is complete and
        how to retry.
    """
    from results.report import FORMATS, ReportError, missing_dependency, write_report

    # A run must not fail at the very end for want of an optional package: write what can
    # be written and say what is missing.
    formats = [f for f in FORMATS if missing_dependency(f) is None]
    try:
        files = write_report(run_dir, lang, formats, municipality)
    except TrappaError as exc:
        raise ReportError(f"the run is written to {run_dir}, but its report is not: {exc} "
                          f"(retry with 'trappa report {run_dir}')") from exc
    print_report(files, lang, console)
    print_missing(console)
