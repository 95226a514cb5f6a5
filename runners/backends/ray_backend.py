"""The Ray backend: batches as Ray tasks, on a local Ray instance or a cluster.

The shared inputs go to the object store once (``ray.put``); each remote task gets the
reference and runs a batch of replications; results are taken as they finish
(``ray.wait``), so one slow batch holds nothing else up. Every node needs trappa installed
(the same version): tasks import `runners.backends.base` there.
"""

from __future__ import annotations

import contextlib
import logging
import os
from typing import Any

from models.errors import TrappaError
from runners.backends.base import Batch, Finished, describe, run_batch
from runners.backends.lifeline import Watchdog, children_of, start_watchdog
from runners.replicate import Shared


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise TrappaError("the ray backend needs Ray: pip install 'trappa[ray]'") from None
    return ray


class RayBackend:
    """Run batches as Ray tasks, one CPU each.

    Parameters
    ----------
    shared
        The run's shared inputs (put in the object store once).
    workers
        Tasks to run at once. For a local instance also its CPUs (default: this machine's);
        with ``address`` at most the cluster's CPUs (default: all of them).
    address
        ``HOST:PORT`` of a running cluster's head to join (``ray start --head``), or None
        for a local instance started here and stopped at the end (or, if this process is
        killed, by a watchdog: `runners.backends.lifeline`).
    """

    name = "ray"

    def __init__(self, shared: Shared, workers: int | None, address: str | None) -> None:
        ray = self._ray = _ray()
        self._owns = not ray.is_initialized()
        self._watchdog: Watchdog | None = None
        if self._owns:
            common = {"log_to_driver": False, "logging_level": logging.ERROR}
            try:
                if address:
                    ray.init(address=address, **common)
                else:
                    # a local instance is private to this run: no usage reports leave the
                    # machine unless the user opted in through the environment
                    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
                    ray.init(num_cpus=workers or os.cpu_count() or 1, include_dashboard=False,
                             **common)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = f"at {address}" if address else "locally"
                raise TrappaError(f"cannot start Ray {where}: {describe(exc)}") from exc
            if not address:
                # every process so far below this one is the local Ray instance's (its
                # workers start below those): killed if this process dies without
                # stopping them (kill -9)
                self._watchdog = start_watchdog(children_of(os.getpid()))
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.workers = min(workers, cpus) if workers else cpus
        # a batch queued behind each running one keeps every CPU busy between batches
        self.capacity = 2 * self.workers
        self._shared = ray.put(shared)
        self._task = ray.remote(num_cpus=1)(run_batch)
        self._refs: dict[Any, Batch] = {}

    @property
    def in_flight(self) -> int:
        """Return the batches submitted and not yet handed back."""
        return len(self._refs)

    def submit(self, batch: Batch) -> None:
        """Start a batch as a remote task."""
        self._refs[self._task.remote(batch, self._shared)] = batch

    def set_shared(self, shared: Shared) -> None:
        """Put ``shared`` in the object store for later batches."""
        if self._refs:
            raise RuntimeError("set_shared with batches in flight")
        self._shared = self._ray.put(shared)

    def next_finished(self) -> Finished:
        """Wait for the first batch to finish (``ray.wait``) and return it."""
        ready, _ = self._ray.wait(list(self._refs), num_returns=1)
        ref = ready[0]
        batch = self._refs.pop(ref)
        try:
            return Finished(batch, self._ray.get(ref))
        except self._ray.exceptions.RayError as exc:  # a lost worker, node or object
            return Finished(batch, None, lost=f"Ray task lost ({describe(exc)})")

    def close(self, *, abort: bool = False) -> None:
        """Cancel what is still running and, if this backend started Ray, stop it."""
        for ref in list(self._refs):
            # a task that finished meanwhile cannot be cancelled, and need not be
            with contextlib.suppress(Exception):
                self._ray.cancel(ref, force=True)
        self._refs.clear()
        if self._owns:
            self._ray.shutdown()
        if self._watchdog is not None:
            self._watchdog.stop()
            self._watchdog = None
