"""Backends that run batches of tasks: serial (the reference), process pool, Ray.

All three call the same `runners.backends.base.run_batch`, which calls
`runners.replicate.run_one` for each task, so they compute identical tables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from runners.errors import SweepError

if TYPE_CHECKING:
    from runners.backends.base import Backend, Batch, BatchOutcome, Finished, run_batch
    from runners.backends.process import LastingPool
    from runners.replicate import Shared

BACKENDS = ("serial", "process", "ray")
#: the command line's backend when none is chosen: `runners.sweep.backend_for` picks one
#: per plan
DEFAULT_BACKEND = "default"
#: a plan of at most this many tasks runs in this process by default: starting a pool of
#: workers (each importing the engine and receiving the inputs) takes longer than a few
#: replications, and the serial backend gives the same tables
SERIAL_AT_MOST = 4

#: Names of ``runners.backends.base``, loaded on first use (PEP 562): the command line
#: registers ``--backend`` with `BACKENDS` without importing the engine.
_BASE = ("Backend", "Batch", "BatchOutcome", "Finished", "run_batch")


def __getattr__(name: str) -> Any:
    if name not in _BASE:
        raise AttributeError(f"module 'runners.backends' has no attribute '{name}'")
    from runners.backends import base

    return getattr(base, name)

__all__ = ["BACKENDS", "DEFAULT_BACKEND", "SERIAL_AT_MOST", "Backend", "Batch", "BatchOutcome",
           "Finished", "check_options", "open_backend", "run_batch"]


def check_options(backend: str, workers: int | None, address: str | None) -> None:
    """Raise a `SweepError` for options that do not go together."""
    if backend not in BACKENDS:
        raise SweepError("command line", f"unknown backend {backend!r} (choose "
                         f"{', '.join(BACKENDS)})", key="backend")
    if address and backend != "ray":
        raise SweepError("command line", "--address joins a Ray cluster: use it with "
                         "--backend ray", key="address")
    if workers is not None and backend == "serial":
        raise SweepError("command line", "the serial backend runs in this process: --workers "
                         "needs --backend process or ray", key="workers")


@contextmanager
def open_backend(name: str, shared: Shared, workers: int | None = None,
                 address: str | None = None, pool: LastingPool | None = None
                 ) -> Iterator[Backend]:
    """Start a backend and stop it on the way out (at once if an exception is leaving).

    Parameters
    ----------
    name
        ``serial``, ``process`` or ``ray``.
    shared
        The run's shared inputs, sent once to each worker.
    workers
        Worker processes / Ray CPUs; default: this machine's CPUs (Ray with ``address``:
        the cluster's).
    address
        A Ray cluster to join.
    pool
        Workers kept between runs (`runners.backends.process.LastingPool`): the process
        backend borrows them instead of starting its own (its ``workers`` then).
    """
    check_options(name, workers, address)
    if pool is not None and name != "process":
        raise ValueError(f"a lasting pool is for the process backend, not {name!r}")
    backend: Backend
    if name == "serial":
        from runners.backends.serial import SerialBackend
        backend = SerialBackend(shared)
    elif name == "process":
        from runners.backends.process import ProcessBackend
        backend = ProcessBackend(shared, workers or os.cpu_count() or 1, pool)
    else:
        from runners.backends.ray_backend import RayBackend
        backend = RayBackend(shared, workers, address)
    try:
        yield backend
    except BaseException:
        backend.close(abort=True)
        raise
    backend.close()
