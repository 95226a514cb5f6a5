"""The process backend: a pool of worker processes on this machine.

The shared inputs go to each worker once, through the pool's initializer, not with every
batch. Workers are started with ``spawn``: forking a driver that already runs threads
(the progress bar, pyarrow's pools) can deadlock a child. Workers end when the driver
dies, however it dies (`runners.backends.lifeline`).

A `LastingPool` keeps one pool of workers between runs (the web app's: starting two
workers costs seconds, a strategy run tens of them); every run's backend then sends its
shared inputs with each batch, since the workers outlive any one run's inputs.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from runners.backends.base import Batch, BatchOutcome, Finished, describe, run_batch
from runners.backends.lifeline import die_with_parent
from runners.replicate import Shared


class _Worker:
    """The shared inputs of this worker process, set once by the pool's initializer.

    Process-wide by necessity (an initializer can only leave state behind in its process);
    it exists only in worker processes, and the driver never reads it.
    """

    shared: Shared | None = None


def _init_worker(shared: Shared | None, parent: int) -> None:
    # A driver killed with SIGKILL cannot stop its workers: they end by themselves.
    die_with_parent(parent)
    # Ctrl-C reaches the whole process group; the driver decides what stops, and stops
    # the workers itself, instead of every worker printing a KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _Worker.shared = shared


def _run(batch: Batch) -> BatchOutcome:
    if _Worker.shared is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker started without its shared inputs")
    return run_batch(batch, _Worker.shared)


def _run_with(batch: Batch, shared: Shared) -> BatchOutcome:
    return run_batch(batch, shared)


def _ready() -> int:
    return os.getpid()


def _spawn(workers: int, shared: Shared | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(shared, os.getpid()))


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's workers at once, running batches and all."""
    # Waiting would let every running batch finish first; the executor has no public
    # way to stop its workers (before Python 3.14), so end its own processes by id.
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        p.terminate()
    for p in processes:
        p.join(timeout=5)


class LastingPool:
    """One pool of worker processes kept for many runs, restarted when a run stops it.

    A `ProcessBackend` given this pool borrows its executor: a run that ends normally
    leaves the workers running for the next; a run that aborts (cancel, Ctrl-C, an error)
    or finds the pool broken terminates them, and the next run starts a new pool. Safe to
    share between threads (the app's sessions); runs on it still take turns per batch.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._guard = threading.Lock()

    def executor(self) -> ProcessPoolExecutor:
        """Return the pool, starting one if there is none."""
        with self._guard:
            if self._pool is None:
                # no shared inputs in the initializer: each run's batches carry their own
                self._pool = _spawn(self.workers, None)
            return self._pool

    def warm(self) -> None:
        """Start every worker now (they import the engine), so the first run need not;
        nothing if workers are running already."""
        pool = self.executor()
        if self.pids():
            return
        for _ in range(self.workers):
            pool.submit(_ready)

    def pids(self) -> list[int]:
        """Return the process ids of the workers started so far (none if stopped)."""
        pool = self._pool
        return sorted(getattr(pool, "_processes", {}) or {}) if pool is not None else []

    def discard(self, pool: ProcessPoolExecutor, *, abort: bool) -> None:
        """Stop ``pool`` if it is still this holder's (terminating workers with ``abort``)."""
        with self._guard:
            if self._pool is not pool:
                return
            self._pool = None
        if abort:
            _terminate(pool)
        else:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Shut the workers down (at the app's exit)."""
        with self._guard:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


class ProcessBackend:
    """Run batches on a ``concurrent.futures.ProcessPoolExecutor``.

    A worker that dies (killed, out of memory) breaks the whole pool: every batch in flight
    comes back lost (the scheduler retries them) and a new pool is started for the next.
    """

    name = "process"

    def __init__(self, shared: Shared, workers: int, lasting: LastingPool | None = None) -> None:
        self._shared = shared
        self._lasting = lasting
        self.workers = lasting.workers if lasting is not None else workers
        # two batches per worker: one running, one waiting, so no worker idles while the
        # driver writes a finished batch to disk
        self.capacity = 2 * workers
        self._futures: dict[Future[BatchOutcome], Batch] = {}
        # after set_shared, the workers' own copy (from the initializer) is out of date:
        # batches then carry their shared inputs (a calibration's are ~330 kB, unpickled in
        # well under a millisecond, next to replications of ~0.1 s)
        # (a lasting pool's workers have no shared inputs of their own: ship them always)
        self._ship = lasting is not None
        self._pool: ProcessPoolExecutor | None = self._start()

    def _start(self) -> ProcessPoolExecutor:
        if self._lasting is not None:
            return self._lasting.executor()
        return _spawn(self.workers, self._shared)

    @property
    def in_flight(self) -> int:
        """Return the batches submitted and not yet handed back."""
        return len(self._futures)

    def submit(self, batch: Batch) -> None:
        """Send a batch to the pool (a new pool if the last one broke)."""
        if self._pool is None:
            self._pool = self._start()
        try:
            fut = (self._pool.submit(_run_with, batch, self._shared) if self._ship
                   else self._pool.submit(_run, batch))
        except BrokenProcessPool as exc:
            # the pool broke (a worker died) before its failed batches were handed back:
            # this batch is lost with them, and `next_finished` restarts the pool and
            # reports it lost, so the scheduler retries it like the others
            fut = Future()
            fut.set_exception(exc)
        self._futures[fut] = batch

    def set_shared(self, shared: Shared) -> None:
        """Send ``shared`` with every later batch."""
        if self._futures:
            raise RuntimeError("set_shared with batches in flight")
        self._shared = shared
        self._ship = True

    def next_finished(self) -> Finished:
        """Wait for the first batch to finish and return it."""
        done, _ = wait(self._futures, return_when=FIRST_COMPLETED)
        fut = next(iter(done))
        batch = self._futures.pop(fut)
        exc = fut.exception()
        if exc is None:
            return Finished(batch, fut.result())
        if isinstance(exc, BrokenProcessPool) and self._pool is not None:
            if self._lasting is not None:
                self._lasting.discard(self._pool, abort=False)
            else:
                self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        return Finished(batch, None, lost=f"worker process lost ({describe(exc)})")

    def close(self, *, abort: bool = False) -> None:
        """Shut the pool down; with ``abort`` terminate the workers at once."""
        pool, self._pool = self._pool, None
        self._futures.clear()
        if pool is None:
            return
        if self._lasting is not None:
            # a normal end leaves the workers for the next run (the scheduler collected
            # every batch it submitted); an abort stops them, the next run starts anew
            if abort:
                self._lasting.discard(pool, abort=True)
            return
        if not abort:
            pool.shutdown(wait=True)
            return
        _terminate(pool)
