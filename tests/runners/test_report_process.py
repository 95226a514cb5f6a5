"""The report of ``trappa run`` written by a process started with the command
(`runners.cli.report_process`), the workbook by the driver meanwhile: the same files as
written in the driver alone, and the driver writes it itself when the process cannot
(issue 24)."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest

import results.report
from runners.cli import main
from runners.cli.report_process import ReportProcess, write_report_with
from tests.runners.conftest import write_scenario


def _run(scenario: Path, out: Path, *, process: bool) -> tuple[int, str]:
    """Run ``trappa run SCENARIO --runs 1``; return the status and the terminal's lines
    (the run directory's path written OUT)."""
    stdout = io.StringIO()
    # wide enough that no line wraps: the run's path (pytest's temporary folder, whose
    # length varies from one session to the next) would wrap each run's lines differently
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(stdout), \
            mock.patch.dict(os.environ, {"COLUMNS": "1000"}):
        status = main(["run", str(scenario), "--runs", "1", "--seed", "5", "--out", str(out),
                       "--backend", "serial"], report_process=process)
    return status, stdout.getvalue().replace(str(out.resolve()), "OUT")


def _files(run: Path) -> list[str]:
    return sorted(p.relative_to(run).as_posix() for p in run.rglob("*") if p.is_file())


def test_the_report_written_in_its_process_is_the_drivers(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    scenario = write_scenario(tmp_path, "normal")
    status, printed = _run(scenario, tmp_path / "driver", process=False)
    assert status == 0

    real = results.report.write_report
    here: list[tuple[str, ...]] = []

    def workbook_only(run_dir: Path, lang: str, formats: tuple[str, ...], *args: object,
                      **kwargs: object) -> object:
        here.append(tuple(formats))
        return real(run_dir, lang, formats, *args, **kwargs)  # type: ignore[arg-type]

    # one scenario: the process writes the whole report, the driver nothing
    monkeypatch.setattr(results.report, "write_report", workbook_only)
    status, printed_too = _run(scenario, tmp_path / "process", process=True)
    assert status == 0
    assert here == []
    # the terminal's table, rendered while the process wrote the charts, is the same
    assert printed_too == printed
    assert "OUT" in printed
    a, b = tmp_path / "driver", tmp_path / "process"
    assert _files(a) == _files(b)
    assert "report/report-nb.pdf" in _files(b)
    assert "report/report-nb.xlsx" in _files(b)
    pngs = [f for f in _files(a) if f.endswith(".png")]
    assert any(f.startswith("report/png-nb/") for f in pngs)
    assert any(f.startswith("plots/") for f in pngs)
    for name in pngs:  # the charts byte for byte (the workbook and PDF hold a timestamp)
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    for name in ("summary.parquet", "comparison.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(a / name), pd.read_parquet(b / name),
                                      check_exact=True)
    # the plots are the report's charts, linked
    assert (b / "plots" / "total_cost.png").samefile(b / "report" / "png-nb" / "total_cost.png")

    # the report in two parts at once: the workbook here, the charts and PDF there
    c = tmp_path / "split"
    shutil.copytree(a, c)
    shutil.rmtree(c / "report")
    process = ReportProcess()
    files = write_report_with(process, c, "nb", ("xlsx", "pdf", "png"), None, None,
                              workbook_here=True)
    assert here[-1] == ("xlsx",)
    assert files.xlsx == c / "report" / "report-nb.xlsx"
    assert files.pdf == c / "report" / "report-nb.pdf"
    assert [p.name for p in files.png] == sorted(p.name
                                                 for p in (a / "report" / "png-nb").iterdir())
    assert _files(c) == _files(a)
    for name in pngs:
        assert (a / name).read_bytes() == (c / name).read_bytes(), name


def test_a_failed_report_in_the_process_is_handed_back(tmp_path: Path) -> None:
    """The process returns nothing for a report that fails (the driver then writes it and
    raises its own error) and leaves no temporary folder behind."""
    (tmp_path / "run").mkdir()
    process = ReportProcess()
    assert process.write(tmp_path / "run", "nb", ("xlsx",), None, None) is None
    assert list((tmp_path / "run").iterdir()) == []
    process.close()  # again: nothing


def test_a_dead_report_process_is_handed_back(tmp_path: Path) -> None:
    process = ReportProcess()
    pool = process._pool
    assert pool is not None
    pids = list(getattr(pool, "_processes", {}))
    assert len(pids) == 1
    os.kill(pids[0], signal.SIGKILL)
    (tmp_path / "run").mkdir()
    assert process.write(tmp_path / "run", "nb", ("xlsx",), None, None) is None
    assert process._pool is None
