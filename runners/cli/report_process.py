"""The report of ``trappa run`` and ``compare`` written by a process started with the command.

The report's libraries (matplotlib, openpyxl, Typst and the report's own modules) take
about two seconds of CPU to import, as long as a small run's replications. A process
started when the command starts imports them while the driver imports the engine, builds
the inputs and runs the replications (on a 2-core machine the driver of a small run leaves
one core idle, and a compare's workers start only after the inputs are built), so the
report starts at once when the finished run is handed to it. It writes the whole report
(`write_report_with`; its workbook and charts in children it forks): the same public
call, `results.report.write_report`, with the same arguments: the same files.

If the process cannot deliver (it died, or the report failed), the report is written in
the driver after all, which then raises the report's own error, if any: the process only
ever saves time. Like the pool's workers, it ends when the driver dies
(`runners.backends.lifeline`), and it ignores Ctrl-C (the driver stops it).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from results.report import ReportFiles

#: What the process imports while it waits: everything `write_report` loads on its way
#: (its reading of the run, DuckDB and pyarrow's Parquet, and of the municipality's data
#: too: some 0.13 s of CPU that came after the run was handed over).
WARM_MODULES = ("results.report", "results.report_tables", "results.report_facts",
                "results.excel", "results.charts", "results.pdf", "results.report_document",
                "openpyxl", "typst", "PIL.PngImagePlugin", "duckdb", "pyarrow.parquet",
                "pyarrow.dataset", "models.municipality", "babel.dates",
                "matplotlib.backends.backend_agg", "matplotlib.backends.backend_svg")


def _warm(parent: int) -> None:
    from runners.backends.lifeline import die_with_parent

    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import importlib

    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:  # an optional format's package: write_report says so itself
            continue
    _fill_caches()


def _fill_caches() -> None:
    """Do now what the report would do first and is the same for every run: read the
    catalogue of texts, and make the DuckDB database its reading of the run uses
    (`results.comparison.connect` keeps it for the next connection): about 50 ms."""
    import tempfile

    from results.comparison import connect
    from results.labels import catalogue

    try:
        catalogue()
        with tempfile.TemporaryDirectory(prefix="trappa-warm-") as temp:
            connect(Path(temp)).close()
    except Exception:  # the report meets the problem itself, and says it
        return


def _started() -> int:
    return os.getpid()


def _write(run_dir: Path, lang: str, formats: Sequence[str], municipality: str | None,
           shown_as: Path | None) -> ReportFiles | None:
    from results.report import write_report

    try:
        return write_report(run_dir, lang, formats, municipality, shown_as=shown_as)
    except Exception:  # the driver writes it again, and raises the error itself
        return None


class ReportProcess:
    """One process that imports the report's libraries now and writes the report later."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm, initargs=(os.getpid(),))
        # the executor starts its process at the first submit: now, from this (the main)
        # thread, whose end is the process's (the parent-death signal follows the thread)
        self._pool.submit(_started)
        self._pending: Future[ReportFiles | None] | None = None
        self._run_dir: Path | None = None

    def submit(self, run_dir: Path, lang: str, formats: Sequence[str],
               municipality: str | None, shown_as: Path | None) -> None:
        """Start writing the report of ``run_dir`` in the process (`write_report`'s
        arguments); `result` waits for it."""
        self._run_dir = run_dir
        if self._pool is None:
            return
        try:
            self._pending = self._pool.submit(_write, run_dir, lang, tuple(formats),
                                              municipality, shown_as)
        except Exception:  # the process died before (BrokenProcessPool): the driver writes
            self.close()
            self._pending = None

    def result(self) -> ReportFiles | None:
        """Wait for the report `submit` started and stop the process; None if it was not
        written (the caller then writes it itself)."""
        pending, self._pending = self._pending, None
        try:
            files = None if pending is None else pending.result()
        except Exception:  # the process died (BrokenProcessPool): the driver writes it
            files = None
        finally:
            self.close()
        if files is None and self._run_dir is not None:
            # a report killed half-way leaves its hidden temporary folder (write_report
            # writes into ``.report.tmp-*`` and renames): not part of the run
            for debris in self._run_dir.glob(".report.tmp-*"):
                shutil.rmtree(debris, ignore_errors=True)
        return files

    def write(self, run_dir: Path, lang: str, formats: Sequence[str],
              municipality: str | None, shown_as: Path | None) -> ReportFiles | None:
        """`submit` and `result`."""
        self.submit(run_dir, lang, formats, municipality, shown_as)
        return self.result()

    def close(self) -> None:
        """Stop the process (at once: it holds nothing that must be saved)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            p.kill()
        for p in processes:
            p.join(timeout=5)


def write_report_with(process: ReportProcess, run_dir: Path, lang: str,
                      formats: Sequence[str], municipality: str | None,
                      shown_as: Path | None,
                      meanwhile: Callable[[Path], None] | None = None, *,
                      workbook_here: bool = False) -> ReportFiles:
    """Write the report of ``run_dir`` as `write_report` does, in ``process`` (with
    ``workbook_here`` the charts and the PDF there, the workbook in this process
    meanwhile), then ``meanwhile(run_dir)`` (work of the driver's own, such as rendering
    the terminal's tables) before waiting for the process; the whole report here if the
    process could not write its part.

    The process forks the workbook's job and shares the charts with another child
    (`results.report_jobs`), so the workbook here gains nothing: for a 4 x 20 comparison
    this process spent 0.9-1.8 s of CPU importing openpyxl, reading the run a second time
    and writing the workbook, the report's process 0.3-0.7 s on its forked child, on the
    same two cores.

    Raises
    ------
    TrappaError
        As `write_report` (the process is stopped first: nothing writes into ``run_dir``
        once this has returned or raised).
    """
    from dataclasses import replace

    from results.report import write_report

    here = ("xlsx",) if workbook_here and "xlsx" in formats and len(formats) > 1 else ()
    process.submit(run_dir, lang, [f for f in formats if f not in here], municipality,
                   shown_as)
    try:
        mine = write_report(run_dir, lang, here, municipality, shown_as=shown_as) if here else None
        if meanwhile is not None:
            meanwhile(run_dir)
    except BaseException:
        process.close()
        raise
    theirs = process.result()
    if theirs is None:
        return write_report(run_dir, lang, formats, municipality, shown_as=shown_as)
    return theirs if mine is None else replace(theirs, xlsx=mine.xlsx)
