"""A process pool kept between runs (the web app's): the same workers run the next plan,
the tables are the serial backend's, an aborted run stops them and the next starts anew."""

from __future__ import annotations

import pytest

from runners.backends.process import LastingPool
from runners.sweep import Options, execute_plan
from runners.sweep_file import load_sweep
from tests.runners.conftest import assert_same_run, run_plan
from tests.runners.test_backends import _children


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
