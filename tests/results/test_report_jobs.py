"""The report's side-by-side jobs (results.report_jobs): work done in a child lands, a
child's error comes back as the same exception, a parent's failure stops its children."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

import results.report_jobs
from results.report_jobs import Jobs

forks = pytest.mark.skipif(not results.report_jobs._can_fork(),
                           reason="no fork here, or one core: jobs run in the caller")


@forks
def test_a_job_runs_in_a_child_and_its_file_is_there_after_the_wait(tmp_path: Path) -> None:
    target = tmp_path / "pid"
    with Jobs() as jobs:
        jobs.start(lambda: target.write_text(str(os.getpid()), encoding="utf-8"))
    assert int(target.read_text(encoding="utf-8")) != os.getpid()


@forks
def test_a_childs_os_error_comes_back_with_its_errno(tmp_path: Path) -> None:
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


@forks
def test_an_exception_that_does_not_pickle_comes_back_as_its_text() -> None:
    class OddError(Exception):
        def __init__(self, a: int, b: int) -> None:  # pickling calls OddError(msg): fails
            super().__init__(f"odd {a} {b}")

    def job() -> None:
        raise OddError(1, 2)

    with pytest.raises(RuntimeError, match="OddError: odd 1 2"), Jobs() as jobs:
        jobs.start(job)


@forks
def test_a_child_that_dies_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="ended without finishing"), Jobs() as jobs:
        jobs.start(lambda: os._exit(3))


@forks
def test_the_parents_failure_kills_its_children(tmp_path: Path) -> None:
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


def test_without_fork_jobs_run_in_the_caller(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    monkeypatch.setattr(results.report_jobs, "PARALLEL", False)
    seen: list[int] = []
    with Jobs() as jobs:
        jobs.start(lambda: seen.append(os.getpid()))
        assert seen == [os.getpid()]  # at once, before the wait
    with pytest.raises(KeyError), Jobs() as jobs:
        jobs.start(lambda: {}["x"])
