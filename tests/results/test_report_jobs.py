"""The report's side-by-side jobs (results.report_jobs): work done in a child lands, a
child's error comes back as the same exception, a parent's failure stops its children.

`results.report_jobs` forks only from a process with no other Python thread. A test process
that has used the process backend keeps its pool's owner thread for good
(`runners.backends.process`), so each case runs here when this process may fork and
otherwise in a fresh interpreter, where it may (`_forking`): the fork path is tested whatever
ran before, and a case never runs its child's work in the test process by mistake (one of
them ends its "child" with ``os._exit``).
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import results.report_jobs
from results.report_jobs import Jobs

ROOT = Path(__file__).resolve().parents[2]


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


forks = pytest.mark.skipif(not hasattr(os, "fork") or _cores() < 2,
                           reason="no fork here, or one core: jobs run in the caller")


def _forking(case: Callable[[Path], None], tmp_path: Path) -> None:
    """Run ``case(tmp_path)`` where `Jobs` forks: here, or in a fresh interpreter."""
    if results.report_jobs._can_fork():
        case(tmp_path)
        return
    code = (f"import sys; from pathlib import Path; "
            f"from tests.results.test_report_jobs import {case.__name__} as case; "
            f"case(Path(sys.argv[1]))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


def _must_fork() -> None:
    assert results.report_jobs._can_fork(), "this case needs a process that may fork"


def case_a_job_runs_in_a_child(tmp_path: Path) -> None:
    _must_fork()
    target = tmp_path / "pid"
    with Jobs() as jobs:
        jobs.start(lambda: target.write_text(str(os.getpid()), encoding="utf-8"))
    assert int(target.read_text(encoding="utf-8")) != os.getpid()


def case_a_childs_os_error(tmp_path: Path) -> None:
    _must_fork()

    def full() -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "x"))

    def both() -> None:
        with Jobs() as jobs:
            jobs.start(full)
            jobs.start(lambda: None)

    with pytest.raises(OSError, match="No space left") as caught:
        both()
    assert caught.value.errno == errno.ENOSPC
    assert caught.value.filename == str(tmp_path / "x")


class OddError(Exception):
    def __init__(self, a: int, b: int) -> None:  # unpickling calls OddError(msg): fails
        super().__init__(f"odd {a} {b}")


def case_an_exception_that_does_not_pickle(tmp_path: Path) -> None:
    _must_fork()

    def job() -> None:
        raise OddError(1, 2)

    with pytest.raises(RuntimeError, match="OddError: odd 1 2"), Jobs() as jobs:
        jobs.start(job)


def case_a_child_that_dies(tmp_path: Path) -> None:
    _must_fork()  # never os._exit in the caller
    with pytest.raises(RuntimeError, match="ended without finishing"), Jobs() as jobs:
        jobs.start(lambda: os._exit(3))


def case_the_parents_failure_kills_its_children(tmp_path: Path) -> None:
    _must_fork()
    late = tmp_path / "late"

    def slow() -> None:
        time.sleep(5)
        late.write_text("too late", encoding="utf-8")

    def parent() -> None:
        with Jobs() as jobs:
            jobs.start(slow)
            raise ValueError("the parent failed")

    t0 = time.perf_counter()
    with pytest.raises(ValueError, match="parent"):
        parent()
    assert time.perf_counter() - t0 < 4  # killed, not waited for
    time.sleep(0.2)
    assert not late.exists()


def case_a_fed_child(tmp_path: Path) -> None:
    _must_fork()
    prepared, out, scratch = tmp_path / "prepared", tmp_path / "out", tmp_path / ".input"

    def job(value: dict[str, int]) -> None:
        out.write_text(f"{value['n']} {os.getpid()} {prepared.is_file()}", encoding="utf-8")

    with Jobs() as jobs:
        feed = jobs.start_fed(lambda: prepared.write_text("", encoding="utf-8"), job)
        feed.send({"n": 7}, scratch)  # made meanwhile here
    n, pid, seen = out.read_text(encoding="utf-8").split()
    assert (n, seen) == ("7", "True")  # the value, after the child's own preparation
    assert int(pid) != os.getpid()
    assert not scratch.exists()  # the child removed the hand-over once read
    # a child whose value never comes ends when the jobs are waited for (no hang)
    t0 = time.perf_counter()
    with Jobs() as jobs:
        jobs.start_fed(lambda: None, job)
    assert time.perf_counter() - t0 < 10
    # its error comes back; a parent failing before the send stops it
    with pytest.raises(KeyError), Jobs() as jobs:
        jobs.start_fed(lambda: None, lambda value: {}[value]).send("x", scratch)
    def parent() -> None:
        with Jobs() as jobs:
            jobs.start_fed(lambda: None, job)
            raise ValueError("the parent failed")

    with pytest.raises(ValueError, match="parent"):
        parent()


def test_without_fork_a_fed_job_runs_in_the_caller_at_the_send(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(results.report_jobs, "PARALLEL", False)
    seen: list[object] = []
    with Jobs() as jobs:
        feed = jobs.start_fed(lambda: seen.append("prepared"), seen.append)
        assert seen == ["prepared"]
        feed.send(5, tmp_path / ".input")
        assert seen == ["prepared", 5]  # here, at once
    assert not (tmp_path / ".input").exists()


@forks
@pytest.mark.parametrize("case", [
    case_a_fed_child,  # a fed child prepares, then gets the value made meanwhile
    case_a_job_runs_in_a_child,  # and its file is there after the wait
    case_a_childs_os_error,  # comes back with its errno
    case_an_exception_that_does_not_pickle,  # comes back as its text
    case_a_child_that_dies,  # is an error
    case_the_parents_failure_kills_its_children,
], ids=lambda case: case.__name__.removeprefix("case_"))
def test_forked_jobs(case: Callable[[Path], None], tmp_path: Path) -> None:
    _forking(case, tmp_path)


def test_a_process_with_another_thread_does_not_fork(tmp_path: Path) -> None:
    """With a second Python thread alive (the pool owner's, a web app's), jobs run at once
    in the caller (a lock that thread held at a fork would stay held in the child)."""
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        seen: list[int] = []
        with Jobs() as jobs:
            jobs.start(lambda: seen.append(os.getpid()))
            assert seen == [os.getpid()]
    finally:
        stop.set()
        other.join()


def test_without_fork_jobs_run_in_the_caller(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    monkeypatch.setattr(results.report_jobs, "PARALLEL", False)
    seen: list[int] = []
    with Jobs() as jobs:
        jobs.start(lambda: seen.append(os.getpid()))
        assert seen == [os.getpid()]  # at once, before the wait
    with pytest.raises(KeyError), Jobs() as jobs:
        jobs.start(lambda: {}["x"])


def test_charts_are_shared_by_estimated_time() -> None:
    """Longest processing time first on a fixed part plus one per panel (by hand: the costs
    2, 2, 3, 5, 2, 3, 3 go 5 | 3, 3 | 3 | 2 | 2 | 2 as A | B B | A | B | A | B: 10 each);
    every chart in one share, each share in page order."""
    from results.charts import Chart
    from results.report import shares

    panels = {"delta_cost": 1, "total_cost": 1, "fte_head_count": 2, "staircase": 4,
              "dementia_cost": 1, "staffing": 2, "persona_johs": 2}
    charts = [Chart(stem, lambda: None, n) for stem, n in panels.items()]  # type: ignore[arg-type, return-value]
    got = [[c.stem for c in share] for share in shares(charts, 2)]
    assert got == [["total_cost", "staircase", "persona_johs"],
                   ["delta_cost", "fte_head_count", "dementia_cost", "staffing"]]
    assert [[c.stem for c in share] for share in shares(charts[:1], 2)] == [["delta_cost"], []]
