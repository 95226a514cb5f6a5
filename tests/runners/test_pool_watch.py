"""The process backend's own guards against a pool whose executor mishandles a dead worker
(issue 27 item 5): every worker starts with the first batch, before the executor's thread;
a pool let go of has all its workers killed; a batch whose worker died and which the
executor never hands back comes back lost after `GRACE_SECONDS`, and its retry runs on a
new pool with the serial backend's result."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import process as cf_process

import pandas as pd
import pytest

from runners.backends import process as backend_process
from runners.backends.base import run_batch
from runners.backends.process import ProcessBackend, _workers
from runners.run import prepare
from runners.sweep_file import load_sweep


@pytest.fixture(scope="module")
def one_batch(reference):
    """The reference sweep's shared inputs and a batch of its first two tasks."""
    plan = load_sweep(reference[0])
    shared, _ = prepare(plan.scenarios, plan.seed, plan.draws)
    return shared, ((0, plan.task(0)), (1, plan.task(1)))


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_a_pool_starts_every_worker_with_its_first_batch_and_kills_them_when_dropped(one_batch):
    shared, batch = one_batch
    backend = ProcessBackend(shared, 2)
    try:
        backend.submit(batch)
        pool = backend._pool
        assert pool is not None
        # both workers exist as soon as the first submit returns: none is started later,
        # while the executor's thread may be breaking the pool
        pids = [p.pid for p in _workers(pool)]
        assert len(pids) == 2
        backend._drop(pool)
        deadline = time.monotonic() + 10
        while not all(_gone(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(_gone(pid) for pid in pids)
    finally:
        backend.close(abort=True)


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_a_batch_the_executor_never_hands_back_is_given_up_and_retried(one_batch, monkeypatch):
    shared, batch = one_batch
    expected = run_batch(batch, shared)
    # an executor that does not notice a dead worker (its thread just ends): without the
    # backend's watch the batch would never come back
    monkeypatch.setattr(cf_process._ExecutorManagerThread, "terminate_broken",
                        lambda self, cause: None)
    monkeypatch.setattr(backend_process, "GRACE_SECONDS", 1.0)
    monkeypatch.setattr(backend_process, "WATCH_SECONDS", 0.2)
    backend = ProcessBackend(shared, 1)
    try:
        backend.submit(batch)
        pool = backend._pool
        assert pool is not None
        (worker,) = _workers(pool)
        os.kill(worker.pid, signal.SIGKILL)  # at start-up
        started = time.monotonic()
        lost = backend.next_finished()
        assert lost.outcome is None
        assert lost.batch == batch
        assert "worker process lost" in (lost.lost or "")
        assert 1.0 <= time.monotonic() - started < 15
        assert backend.in_flight == 0
        # the retry goes to a new pool and gives the serial backend's tables
        backend.submit(batch)
        assert backend._pool is not pool
        done = backend.next_finished()
        assert done.outcome is not None
        assert done.outcome.errors == {}
        for index in (0, 1):
            for name, table in expected.tables[index].items():
                pd.testing.assert_frame_equal(done.outcome.tables[index][name], table)
    finally:
        backend.close(abort=True)
