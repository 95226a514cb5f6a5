"""The serial backend: every batch in this process, in submission order (the oracle)."""

from __future__ import annotations

from collections import deque

from runners.backends.base import Batch, Finished, run_batch
from runners.replicate import Shared


class SerialBackend:
    """Run batches one after another in the calling process."""

    name = "serial"
    workers = 1
    capacity = 1

    def __init__(self, shared: Shared) -> None:
        # the engine runs in this process: loaded as the backend starts (as a pool's workers
        # load it as they start), not in the first task, which `runners.replicate` leaves
        # it to (a process backend's driver never needs it)
        import sim.engine  # noqa: F401

        self._shared = shared
        self._queue: deque[Batch] = deque()

    @property
    def in_flight(self) -> int:
        """Return the batches submitted and not yet run."""
        return len(self._queue)

    def submit(self, batch: Batch) -> None:
        """Queue a batch; it runs when `next_finished` is called."""
        self._queue.append(batch)

    def set_shared(self, shared: Shared) -> None:
        """Run later batches with ``shared``."""
        if self._queue:
            raise RuntimeError("set_shared with batches in flight")
        self._shared = shared

    def next_finished(self) -> Finished:
        """Run the oldest queued batch here and return it."""
        batch = self._queue.popleft()
        return Finished(batch, run_batch(batch, self._shared))

    def close(self, *, abort: bool = False) -> None:
        """Forget queued batches."""
        self._queue.clear()
