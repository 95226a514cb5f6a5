"""The process backend: a pool of worker processes on this machine.

The shared inputs go to each worker once, through the pool's initializer, not with every
batch. Workers are started with ``spawn``: forking a driver that already runs threads
(the progress bar, pyarrow's pools) can deadlock a child. Workers end when the driver
dies, however it dies (`runners.backends.lifeline`).

Every worker is started by one long-lived thread of the driver, `_OWNER`: Linux sends a
worker its parent-death signal (``PR_SET_PDEATHSIG``) when the *thread* that forked it
ends, not the process. The executor starts workers on demand, in whichever thread
submits; the web app submits from short-lived script and job threads, whose end would
kill the workers and break the pool. So pools are made, and batches submitted, on the
owner thread, which ends only with the process.

A worker's start-up data must be small. ``spawn`` writes it (the initializer and its
arguments, pickled) into the new worker's pipe while the driver still holds the pipe's
reading end: a worker killed before it has read everything leaves that write blocked for
ever once the pipe's 64 KiB buffer is full, and the pool's owner thread with it (the run
hung, Ctrl-C included). So the shared inputs (hundreds of kB) go to a file the driver
writes once per backend (`SharedFile`, removed when the backend closes), and each worker
gets only its path; a worker killed at start-up then breaks the pool like any other death,
and the scheduler retries its batches on a new one.

A pool starts all its workers at once, before the executor's own thread exists. With
``spawn`` the executor would start them one per submit, and a worker killed while the
owner thread was still starting the next one raced the executor's thread breaking the
pool: that thread terminates and then joins the workers it knows *without* the lock
``submit`` holds (CPython 3.11), so a worker added in between was never stopped, and the
thread waited for it for ever; the run finished its tables, then hung at exit joining that
thread (``concurrent.futures``' exit hook), Ctrl-C included (or, when the thread had
already closed the pool's queues, that ``submit`` raised ``OSError``). Two more guards make the
pool's end independent of the executor's internals: a pool let go of has every worker it
ever started killed (so no thread of it waits on a live one), and `ProcessBackend` watches
its workers itself (`WATCH_SECONDS`): a batch whose worker is dead and which the executor
has not handed back within `GRACE_SECONDS` is handed back lost, its pool killed, and the
scheduler retries it on a new pool, as for any lost batch.

A `LastingPool` keeps one pool of workers between runs (the web app's: starting two
workers costs seconds, a strategy run tens of them). The workers outlive any one run's
inputs, so every run's backend writes its own `SharedFile` and its batches carry the
file's path: a worker reads it at its first batch of the run and keeps it for the next
(`_run_from_file`). Shipped with every batch instead, the inputs of a run with a parameter
draw per replication (6.8 MB for 20) cost the driver some 20 ms and the worker some 40 ms
a batch, over a second of CPU in a 20-replication run of the app.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import pickle
import queue
import signal
import threading
import time
import uuid
import weakref
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, TypeVar

from runners.backends.base import Batch, BatchOutcome, Finished, describe, run_batch
from runners.backends.lifeline import die_with_parent
from runners.backends.shared_file import START_CACHE, SharedFile
from runners.replicate import Shared
from sim import startcache

T = TypeVar("T")

#: How often `ProcessBackend.next_finished` looks at its workers while it waits (seconds).
WATCH_SECONDS = 1.0
#: How long the executor has to hand back the batches of a dead worker before the backend
#: gives them up itself (seconds; the executor takes milliseconds when it works).
GRACE_SECONDS = 10.0


class _PoolOwner:
    """The driver's one thread that starts worker processes (see the module's docstring).

    `call` runs a function on it and returns its result (or raises its exception). The
    thread is a daemon started on first use: it outlives every run and every pool, and a
    worker's parent-death signal fires only when the whole driver process ends.
    """

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()

    @property
    def thread(self) -> threading.Thread | None:
        """Return the owner thread (none before the first call)."""
        return self._thread

    def call(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the owner thread and return what it returns."""
        if threading.current_thread() is self._thread:
            return fn()
        with self._guard:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name="trappa-pool-owner",
                                                daemon=True)
                self._thread.start()
        done: Future[T] = Future()
        self._jobs.put((fn, done))
        return done.result()

    def _serve(self) -> None:
        while True:
            fn, done = self._jobs.get()
            try:
                done.set_result(fn())
            except BaseException as exc:  # handed to the caller; the thread must live on
                done.set_exception(exc)


#: Process-wide by necessity: the thread that starts workers must outlive every caller.
_OWNER = _PoolOwner()


class _Worker:
    """The shared inputs of this worker process, set once by the pool's initializer.

    Process-wide by necessity (an initializer can only leave state behind in its process);
    it exists only in worker processes, and the driver never reads it.
    """

    shared: Shared | None = None
    #: The inputs batches last shipped (`_run_shipped`): their token and the unpickled copy
    shipped: tuple[str, Shared] | None = None
    #: the `SharedFile` (path and backend token) ``shared`` was read from, in a lasting
    #: pool's worker
    source: tuple[str, str] | None = None


def _init_worker(shared_file: str | None, parent: int) -> None:
    # A driver killed with SIGKILL cannot stop its workers: they end by themselves.
    die_with_parent(parent)
    # Ctrl-C reaches the whole process group; the driver decides what stops, and stops
    # the workers itself, instead of every worker printing a KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the engine (simpy, scipy.special: some 0.2 s of CPU) loads as the worker starts, not
    # in its first batch: the app warms a lasting pool's workers when its server starts,
    # and a planner's first run would otherwise pay it after the click
    import sim.engine  # noqa: F401
    if shared_file is not None:
        # written by this worker's driver, in its own private folder (SharedFile)
        try:
            data = Path(shared_file).read_bytes()
        except FileNotFoundError:
            # the backend closed while this worker of a pool it had let go of was still
            # starting: nobody waits for it, so end without a traceback on the terminal
            os._exit(0)
        _Worker.shared = pickle.loads(data)
        # a calibration's workers share their start-state memo (runners.backends.shared_file)
        cache = Path(shared_file).parent / START_CACHE
        startcache.spill(cache if cache.is_dir() else None)


def _run(batch: Batch) -> BatchOutcome:
    if _Worker.shared is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker started without its shared inputs")
    return run_batch(batch, _Worker.shared)


def _run_shipped(batch: Batch, token: str, data: bytes) -> BatchOutcome:
    # the same pickled inputs come with every batch of a round: unpickled once per worker
    # (``token`` names one `ProcessBackend.set_shared`; a lasting pool's workers serve many)
    if _Worker.shipped is None or _Worker.shipped[0] != token:
        _Worker.shipped = (token, pickle.loads(data))
    return run_batch(batch, _Worker.shipped[1])


def _run_from_file(batch: Batch, path: str, token: str) -> BatchOutcome:
    # a lasting pool's worker: the run's inputs read at its first batch of the run, kept
    # for the others (the token tells this run's file from an earlier one of the same name)
    if _Worker.source != (path, token):
        _Worker.shared, _Worker.source = None, None  # the last run's inputs go first
        _Worker.shared = pickle.loads(Path(path).read_bytes())
        _Worker.source = (path, token)
    assert _Worker.shared is not None
    return run_batch(batch, _Worker.shared)


def _ready() -> int:
    return os.getpid()


def _engine_loaded() -> bool:
    """Whether this worker has loaded the engine (`_init_worker` loads it)."""
    import sys

    return "sim.engine" in sys.modules


#: Each pool's own table of its worker processes (pid -> process), the very dict the
#: executor's thread uses: ``shutdown`` drops the executor's reference to it, not this one.
_WORKERS: weakref.WeakKeyDictionary[ProcessPoolExecutor, dict[int, BaseProcess]] = (
    weakref.WeakKeyDictionary())


def _spawn(workers: int, shared: SharedFile | None) -> ProcessPoolExecutor:
    # only a path and a pid in the start-up data: small enough for the pipe's buffer
    path = None if shared is None else str(shared.path)

    def make() -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker, initargs=(path, os.getpid()))
        # Every worker at the first submit, before the executor's thread starts (see the
        # module's docstring): the executor's own switch for ``fork``, which has no public
        # setting; without it (another Python) the other two guards still hold.
        if hasattr(pool, "_safe_to_dynamically_spawn_children"):
            pool._safe_to_dynamically_spawn_children = False
        processes = getattr(pool, "_processes", None)
        _WORKERS[pool] = processes if isinstance(processes, dict) else {}
        return pool

    return _OWNER.call(make)


def _workers(pool: ProcessPoolExecutor) -> list[BaseProcess]:
    """Return every worker process ``pool`` has started (alive or not)."""
    return list(_WORKERS.get(pool, {}).values())


def _one_dead(pool: ProcessPoolExecutor) -> bool:
    """Return whether a worker of ``pool`` has exited (its sentinel, which does not reap
    it: the executor's thread does)."""
    sentinels = [p.sentinel for p in _workers(pool)]
    return bool(sentinels) and bool(multiprocessing.connection.wait(sentinels, timeout=0))


def _kill(pool: ProcessPoolExecutor) -> None:
    """Let go of a pool at once: queued batches cancelled, every worker it started killed
    (a live one would keep the executor's thread waiting on it, and the driver's exit on
    that thread)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for p in _workers(pool):
        p.kill()  # nothing if the executor has reaped it already


def _submit(pool: ProcessPoolExecutor, fn: Callable[..., T], *args: Any) -> Future[T]:
    # on the owner thread: a submit may start a worker (the executor starts them on demand)
    return _OWNER.call(lambda: pool.submit(fn, *args))


def _usable(pool: ProcessPoolExecutor) -> bool:
    """Return whether ``pool`` can take work: not broken, not shut down, no worker dead.

    A worker's death breaks the pool only once the executor's own thread notices it; its
    exit is looked for here too, so that a run does not send its first batches to a pool
    about to break.
    """
    if getattr(pool, "_broken", False) or getattr(pool, "_shutdown_thread", False):
        return False
    return not _one_dead(pool)


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's workers at once, running batches and all."""
    # Waiting would let every running batch finish first; the executor has no public
    # way to stop its workers (before Python 3.14), so end its own processes by id.
    processes = _workers(pool)
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
        """Return the pool, starting one if there is none or the last one broke (a worker
        died: killed, out of memory)."""
        with self._guard:
            broken = self._pool if self._pool is not None and not _usable(self._pool) else None
            if self._pool is None or broken is not None:
                # no shared inputs in the initializer: each run's batches carry their own
                self._pool = _spawn(self.workers, None)
            pool = self._pool
        if broken is not None:
            _kill(broken)  # the workers still alive in it
        return pool

    def warm(self) -> None:
        """Start every worker now (each loads the engine as it starts), so the first run need not;
        nothing if workers are running already."""
        pool = self.executor()
        if self.pids():
            return
        try:
            for _ in range(self.workers):
                _submit(pool, _ready)
        except BrokenProcessPool:
            # broke between the check and the submit: the next executor() starts anew
            self.discard(pool, abort=True)

    def pids(self) -> list[int]:
        """Return the process ids of the workers started so far (none if stopped)."""
        pool = self._pool
        return sorted(getattr(pool, "_processes", {}) or {}) if pool is not None else []

    def discard(self, pool: ProcessPoolExecutor, *, abort: bool) -> None:
        """Stop ``pool`` if it is still this holder's: with ``abort`` terminate its workers
        (a run stopped), else kill them (the pool broke: they are of no more use)."""
        with self._guard:
            if self._pool is not pool:
                return
            self._pool = None
        if abort:
            _terminate(pool)
        else:
            _kill(pool)

    def close(self) -> None:
        """Shut the workers down (at the app's exit)."""
        with self._guard:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


class ProcessBackend:
    """Run batches on a ``concurrent.futures.ProcessPoolExecutor``.

    A worker that dies (killed, out of memory) breaks the whole pool: every batch in flight
    comes back lost (the scheduler retries them) and a new pool takes the next batches.
    The backend watches its workers itself while it waits, in case the executor does not
    notice a death (see the module's docstring).
    """

    name = "process"

    def __init__(self, shared: Shared, workers: int, lasting: LastingPool | None = None) -> None:
        self._shared = shared
        self._lasting = lasting
        self.workers = lasting.workers if lasting is not None else workers
        # two batches per worker: one running, one waiting, so no worker idles while the
        # driver writes a finished batch to disk
        self.capacity = 2 * workers
        # each batch in flight with the pool it went to (a broken pool's batches come back
        # lost while its successor already runs the next ones)
        self._futures: dict[Future[BatchOutcome], tuple[Batch, ProcessPoolExecutor]] = {}
        # batches given up with a pool the executor did not break in time, to hand back
        self._given_up: deque[Batch] = deque()
        # when a dead worker was first seen in each pool with batches in flight
        self._dead_since: dict[ProcessPoolExecutor, float] = {}
        # after set_shared, the workers' own copy (from the initializer or the file) is out
        # of date: batches then carry their shared inputs, pickled once (`_shipped`)
        self._ship = False
        self._pickled: tuple[str, bytes] | None = None
        # a lasting pool's workers have no shared inputs of their own: they read this
        # run's file at their first batch of it (`_run_from_file`)
        self._token = os.urandom(8).hex()
        self._file: SharedFile | None = None
        self._pool: ProcessPoolExecutor | None = self._start()

    def _start(self) -> ProcessPoolExecutor:
        if self._file is None:
            self._file = SharedFile(self._shared)
        if self._lasting is not None:
            return self._lasting.executor()
        return _spawn(self.workers, self._file)

    def _drop(self, pool: ProcessPoolExecutor) -> None:
        """Let go of a broken pool, killing its workers (its batches still in flight come
        back lost)."""
        if self._pool is pool:
            self._pool = None
        self._dead_since.pop(pool, None)
        if self._lasting is not None:
            self._lasting.discard(pool, abort=False)
        else:
            _kill(pool)

    @property
    def in_flight(self) -> int:
        """Return the batches submitted and not yet handed back."""
        return len(self._futures) + len(self._given_up)

    def submit(self, batch: Batch) -> None:
        """Send a batch to the pool (a new pool if the last one broke)."""
        if self._pool is not None and not _usable(self._pool):
            self._drop(self._pool)
        if self._pool is None:
            self._pool = self._start()
        pool = self._pool
        try:
            if self._ship:
                fut = _submit(pool, _run_shipped, batch, *self._shipped())
            elif self._lasting is not None:
                assert self._file is not None  # written by _start
                fut = _submit(pool, _run_from_file, batch, str(self._file.path), self._token)
            else:
                fut = _submit(pool, _run, batch)
        except BrokenProcessPool as exc:
            # the pool broke between the check and the submit: this batch is lost with
            # the others in flight (the scheduler retries it), the next goes to a new pool
            fut = Future()
            fut.set_exception(exc)
        self._futures[fut] = (batch, pool)

    def set_shared(self, shared: Shared) -> None:
        """Send ``shared`` with every later batch."""
        if self._futures:
            raise RuntimeError("set_shared with batches in flight")
        self._shared = shared
        self._ship = True
        self._pickled = None

    def _shipped(self) -> tuple[str, bytes]:
        """Return the shared inputs as batches carry them: pickled once per `set_shared`
        (a calibration's ~360 kB cost ~1 ms to pickle and ~2.5 ms to unpickle, next to
        one-year replications of ~25 ms: per batch that was a tenth of a small batch),
        with a token under which each worker keeps its unpickled copy."""
        if self._pickled is None:
            self._pickled = (uuid.uuid4().hex, pickle.dumps(self._shared))
        return self._pickled

    def next_finished(self) -> Finished:
        """Wait for the first batch to finish and return it.

        While it waits it looks at the workers every `WATCH_SECONDS`: a pool with a dead
        worker whose batches the executor has not handed back within `GRACE_SECONDS` is
        given up (`_give_up`), and its batches come back lost, one per call.
        """
        if not self._futures and not self._given_up:
            raise RuntimeError("next_finished with no batch in flight")
        while not self._given_up:
            done, _ = wait(self._futures, timeout=WATCH_SECONDS, return_when=FIRST_COMPLETED)
            if done:
                return self._collect(next(iter(done)))
            self._watch()
        return Finished(self._given_up.popleft(), None,
                        lost="worker process lost (it died and its pool did not break)")

    def _watch(self) -> None:
        """Give up each pool that has had a dead worker for `GRACE_SECONDS`."""
        now = time.monotonic()
        for pool in {pool for _, pool in self._futures.values()}:
            if not _one_dead(pool):
                continue
            if now - self._dead_since.setdefault(pool, now) >= GRACE_SECONDS:
                self._give_up(pool)

    def _give_up(self, pool: ProcessPoolExecutor) -> None:
        """Hand back ``pool``'s batches as lost and kill it (its executor did not)."""
        for fut, (batch, of) in list(self._futures.items()):
            if of is pool:
                del self._futures[fut]
                self._given_up.append(batch)
        self._drop(pool)

    def _collect(self, fut: Future[BatchOutcome]) -> Finished:
        """Return the finished ``fut``'s batch, its outcome or why it was lost."""
        batch, pool = self._futures.pop(fut)
        if fut.cancelled():  # a broken pool let go of while the batch was still queued
            return Finished(batch, None, lost="worker process lost (its pool was stopped)")
        exc = fut.exception()
        if exc is None:
            return Finished(batch, fut.result())
        if isinstance(exc, BrokenProcessPool):
            self._drop(pool)
        return Finished(batch, None, lost=f"worker process lost ({describe(exc)})")

    def close(self, *, abort: bool = False) -> None:
        """Shut the pool down; with ``abort`` terminate the workers at once."""
        pool, self._pool = self._pool, None
        self._futures.clear()
        self._given_up.clear()
        self._dead_since.clear()
        if self._file is not None:
            self._file.remove()  # the workers read it at start-up; none starts after this
            self._file = None
        if pool is None:
            return
        if self._lasting is not None:
            # a normal end leaves the workers for the next run (the scheduler collected
            # every batch it submitted); an abort stops them, the next run starts anew
            if abort:
                self._lasting.discard(pool, abort=True)
            return
        if not abort:
            # every batch is back and the workers hold nothing to save: killed, not told to
            # end (waiting for them took 0.35-1.3 s at a load of 7 before the finishing
            # could start; not waiting, their interpreters tearing down, some 0.1-0.2 s of
            # CPU each, took the cores from the finishing and the report)
            _kill(pool)
            return
        _terminate(pool)
