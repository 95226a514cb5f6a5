"""The report of ``trappa run`` and ``compare`` written by a process started with the command.

The report's libraries (matplotlib, openpyxl, Typst and the report's own modules) take
about two seconds of CPU to import, as long as a small run's replications. A process
started when the command starts imports them while the driver imports the engine, builds
the inputs and runs the replications (on a 2-core machine the driver of a small run leaves
one core idle, and a compare's workers start only after the inputs are built), so the
report starts at once when the finished run is handed to it. The report itself is the
same call, `results.report.write_report`, with the same arguments: the same files.

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
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from results.report import ReportFiles

#: What the process imports while it waits: everything `write_report` loads on its way.
WARM_MODULES = ("results.report", "results.report_tables", "results.report_facts",
                "results.excel", "results.charts", "results.pdf", "results.report_document",
                "openpyxl", "typst", "PIL.PngImagePlugin")


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

    def write(self, run_dir: Path, lang: str, formats: Sequence[str],
              municipality: str | None, shown_as: Path | None) -> ReportFiles | None:
        """Write the report of ``run_dir`` in the process (`write_report`'s arguments);
        None if it did not (the caller then writes it itself)."""
        if self._pool is None:
            return None
        try:
            files = self._pool.submit(_write, run_dir, lang, tuple(formats), municipality,
                                      shown_as).result()
        except Exception:  # the process died (BrokenProcessPool): the driver writes it
            files = None
        finally:
            self.close()
        if files is None:
            # a report killed half-way leaves its hidden temporary folder (write_report
            # writes into ``.report.tmp-*`` and renames): not part of the run
            for debris in run_dir.glob(".report.tmp-*"):
                shutil.rmtree(debris, ignore_errors=True)
        return files

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
