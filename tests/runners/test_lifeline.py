"""A process told to die with its parent (`runners.backends.lifeline.die_with_parent`) keeps
no watching thread where the kernel does the watching (Linux), so it can fork: the report's
process forks its charts' and workbook's jobs (`results.report_jobs`). Where the kernel
cannot, the thread watches instead."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor

import pytest

from runners.backends import lifeline


def _after_die_with_parent() -> tuple[list[str], bool]:
    from results.report_jobs import _can_fork

    lifeline.die_with_parent(os.getppid())
    return [t.name for t in threading.enumerate()], _can_fork()


def _without_prctl() -> list[str]:
    lifeline._set_parent_death_signal = lambda: False  # type: ignore[assignment]
    lifeline.die_with_parent(os.getppid())
    return [t.name for t in threading.enumerate()]


def _in_child(job):  # type: ignore[no-untyped-def]
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(job).result(timeout=60)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_the_kernel_watches_the_parent_and_the_process_can_fork() -> None:
    names, can_fork = _in_child(_after_die_with_parent)
    assert "trappa-lifeline" not in names
    assert names == ["MainThread"]
    # the report's jobs fork in such a process when it has more than one core
    assert can_fork is (len(os.sched_getaffinity(0)) > 1)


def test_a_thread_watches_the_parent_where_the_kernel_cannot() -> None:
    assert "trappa-lifeline" in _in_child(_without_prctl)
