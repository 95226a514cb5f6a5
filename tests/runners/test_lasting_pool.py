"""A process pool kept between runs (the web app's): the same workers run the next plan,
the tables are the serial backend's, an aborted run stops them and the next starts anew;
the workers outlive the thread that started the pool, and a pool that lost a worker is
replaced before the next run sends it anything."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from results.store import read_run
from runners.backends.process import LastingPool
from runners.sweep import Options, execute_plan
from runners.sweep_file import load_sweep
from tests.runners.conftest import assert_same_run, run_plan, write_sweep
from tests.runners.test_backends import _children


def _running(pid: int) -> bool:
    """Whether ``pid`` is a running process (not gone, not a zombie)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _until(condition, seconds: float = 10.0) -> bool:
    """Poll ``condition`` until it holds or ``seconds`` pass; return whether it held."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


class _StopAtFirst:
    """A progress that stops the run after its first finished batch (the app's cancel)."""

    def start(self, total: int, completed: int) -> None:
        """Ignore."""

    def advance(self, n: int) -> None:
        raise KeyboardInterrupt

    def note(self, text: str) -> None:
        """Ignore."""


def test_two_runs_share_the_workers_and_match_serial(reference, tmp_path):
    sweep, serial = reference
    before = _children()
    pool = LastingPool(2)
    try:
        pool.warm()
        executor, pids = pool.executor(), pool.pids()
        assert len(pids) == 2
        for name in ("first", "second"):
            out = run_plan(load_sweep(sweep), tmp_path / name, backend="process", pool=pool)
            assert out.meta["backend"] == "process"
            assert out.meta["workers"] == 2
            assert_same_run(serial, tmp_path / name)
            # the same executor and the same two processes ran both plans
            assert pool.executor() is executor
            assert pool.pids() == pids
        assert set(pids) <= _children()
    finally:
        pool.close()
    assert _children() <= before  # closed: the workers are gone


def test_each_run_on_the_workers_reads_its_own_inputs(reference, tmp_path):
    """A lasting pool's worker keeps a run's shared inputs from its first batch to the
    next (`_run_from_file`): the next run, with another seed and other parameter draws,
    must run on its own, and the first plan run again on the first's."""
    sweep, serial = reference
    other = write_sweep(tmp_path, seed=12, name="other")
    run_plan(load_sweep(other), tmp_path / "other-serial")
    # the two plans' tables differ, so a worker left on the wrong inputs would show
    assert not read_run(serial).yearly.equals(read_run(tmp_path / "other-serial").yearly)
    pool = LastingPool(2)
    try:
        pool.warm()
        for name, plan, expected in (("a", sweep, serial), ("b", other, tmp_path / "other-serial"),
                                     ("c", sweep, serial)):
            run_plan(load_sweep(plan), tmp_path / name, backend="process", pool=pool)
            assert_same_run(expected, tmp_path / name)
    finally:
        pool.close()


def test_an_aborted_run_stops_the_workers_and_the_next_starts_new_ones(reference, tmp_path):
    sweep, serial = reference
    before = _children()
    pool = LastingPool(2)
    try:
        pool.warm()
        first = pool.pids()
        options = Options(backend="process", plots=False, pool=pool)
        with pytest.raises(KeyboardInterrupt):
            execute_plan(load_sweep(sweep), tmp_path / "stopped", options, _StopAtFirst())
        assert pool.pids() == []  # terminated, not left running the rest of the plan
        assert not set(first) & _children()
        out = run_plan(load_sweep(sweep), tmp_path / "after", backend="process", pool=pool)
        assert out.runs == 2
        assert_same_run(serial, tmp_path / "after")
        assert pool.pids()
        assert not set(pool.pids()) & set(first)
    finally:
        pool.close()
    assert _children() <= before


def test_a_lasting_pool_is_only_for_the_process_backend(reference, tmp_path):
    sweep, _ = reference
    pool = LastingPool(1)
    with pytest.raises(ValueError, match="process backend"):
        run_plan(load_sweep(sweep), tmp_path / "serial", backend="serial", pool=pool)
    assert pool.pids() == []


def test_the_workers_outlive_the_thread_that_warmed_the_pool(reference, tmp_path):
    # the app warms the pool and runs from a page script's or a job's thread, which then
    # ends: Linux's parent-death signal follows the thread that forked a worker, so
    # workers started there would die with it and break the pool
    sweep, serial = reference
    pool = LastingPool(2)
    errors: list[BaseException] = []

    def warm_and_run() -> None:
        # the run makes the thread live until both workers have set their parent-death
        # signal (their initializer), as the app's threads do
        try:
            pool.warm()
            run_plan(load_sweep(sweep), tmp_path / "first", backend="process", pool=pool)
        except BaseException as exc:
            errors.append(exc)

    try:
        thread = threading.Thread(target=warm_and_run, name="short-lived")
        thread.start()
        thread.join()
        assert not errors
        pids = pool.pids()
        assert len(pids) == 2
        # a dying thread's workers get their signal at once; give it ample time to arrive
        time.sleep(1.0)
        assert all(_running(p) for p in pids)
        # retries=0: a batch lost to a dead worker would fail the run
        run_plan(load_sweep(sweep), tmp_path / "second", backend="process", pool=pool,
                 retries=0)
        assert_same_run(serial, tmp_path / "second")
        assert pool.pids() == pids
        assert all(_running(p) for p in pids)
    finally:
        pool.close()


def test_a_killed_worker_gives_the_next_run_a_new_working_pool(reference, tmp_path):
    sweep, serial = reference
    before = _children()
    pool = LastingPool(2)
    try:
        run_plan(load_sweep(sweep), tmp_path / "first", backend="process", pool=pool)
        first = pool.pids()
        assert len(first) == 2
        os.kill(first[0], signal.SIGKILL)
        assert _until(lambda: not _running(first[0]))
        # the broken pool is replaced before the run's first batch: nothing is lost
        run_plan(load_sweep(sweep), tmp_path / "after", backend="process", pool=pool,
                 retries=0)
        assert_same_run(serial, tmp_path / "after")
        assert len(pool.pids()) == 2
        assert not set(pool.pids()) & set(first)
        # the old pool's surviving worker is stopped, not left behind
        assert _until(lambda: not set(first) & _children())
    finally:
        pool.close()
    assert _until(lambda: _children() <= before)


def test_a_warmed_worker_has_loaded_the_engine_before_its_first_batch():
    # the app warms its pool when the server starts: the engine's import (simpy,
    # scipy.special) must be behind the workers then, not in the first run after a click
    from runners.backends.process import _engine_loaded, _submit

    pool = LastingPool(2)
    try:
        pool.warm()
        executor = pool.executor()
        # the first task any worker runs already finds the engine loaded
        assert all(_submit(executor, _engine_loaded).result(timeout=60) for _ in range(4))
    finally:
        pool.close()
