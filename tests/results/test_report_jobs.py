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


@forks
def test_a_job_runs_in_a_child_and_its_file_is_there_after_the_wait(tmp_path: Path) -> None:
    _forking(case_a_job_runs_in_a_child, tmp_path)


@forks
def test_a_childs_os_error_comes_back_with_its_errno(tmp_path: Path) -> None:
    _forking(case_a_childs_os_error, tmp_path)


@forks
def test_an_exception_that_does_not_pickle_comes_back_as_its_text(tmp_path: Path) -> None:
    _forking(case_an_exception_that_does_not_pickle, tmp_path)


@forks
def test_a_child_that_dies_is_an_error(tmp_path: Path) -> None:
    _forking(case_a_child_that_dies, tmp_path)


@forks
def test_the_parents_failure_kills_its_children(tmp_path: Path) -> None:
    _forking(case_the_parents_failure_kills_its_children, tmp_path)


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
