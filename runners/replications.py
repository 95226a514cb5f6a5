"""Calibration's replications on the run backends (serial, process pool, Ray).

`BackendReplications` is a `calibration.simulate.Replicate`: the command line opens one
for the whole calibration and passes it in, so the calibration package never imports the
runners. One backend serves every evaluation (new inputs per parameter vector go to the
same workers with `Backend.set_shared`), the tasks go through the same scheduler as a run
(`runners.schedule.run_tasks`: batches, retries, failures by name), and each replication
comes back exactly as `calibration.simulate.serial` computes it: only its summary (the
targets' values, a float array computed in the worker), never its tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import ExitStack
from types import TracebackType

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from calibration.simulate import Progress
from models.errors import TrappaError
from runners.backends import Backend, check_options, open_backend
from runners.plan import Plan
from runners.replicate import SUMMARY, Shared
from runners.schedule import run_tasks
from scenarios import Scenario
from sim.derive import EngineInputs
from sim.engine import Summary


def _nothing() -> None:
    pass


class _Collect:
    """A `runners.schedule.PartSink` in memory: each replication's summary array."""

    def __init__(self) -> None:
        self.results: dict[int, NDArray[np.float64]] = {}

    def write_part(self, first: int, stop: int, tables: Mapping[str, pd.DataFrame]) -> None:
        # one scenario, one draw: task index = replication
        part = tables[SUMMARY]
        for r, values in zip(part["replication"].tolist(), part["values"], strict=True):
            self.results[int(r)] = values


class BackendReplications:
    """Replications on a run backend, open from the first call until `close`.

    Parameters
    ----------
    backend
        ``serial``, ``process`` or ``ray``.
    workers
        Worker processes / Ray CPUs (default: this machine's CPUs).
    """

    def __init__(self, backend: str, workers: int | None = None) -> None:
        check_options(backend, workers, None)
        self.name = backend
        self.workers = workers
        self._stack = ExitStack()
        self._backend: Backend | None = None

    def __enter__(self) -> BackendReplications:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        # open_backend's own exit: abort the workers when an exception is leaving
        self._stack.__exit__(kind, exc, tb)
        self._backend = None

    def close(self) -> None:
        """Stop the backend's workers."""
        self.__exit__(None, None, None)

    def __call__(self, inputs: EngineInputs, scenario: Scenario, replications: int,
                 seed: int, summary: Summary, on_done: Progress | None = None
                 ) -> list[NDArray[np.float64]]:
        """Run replications ``0..replications-1`` of ``scenario`` (see `Replicate`)."""
        shared = Shared((scenario,), (inputs,), seed, summary)
        if self._backend is None:
            self._backend = self._stack.enter_context(
                open_backend(self.name, shared, self.workers))
        else:
            self._backend.set_shared(shared)
        plan = Plan(name=scenario.name, scenarios=(scenario,), seed=seed, runs=replications)
        sink = _Collect()

        advance = on_done or _nothing

        def done(n: int) -> None:
            for _ in range(n):
                advance()

        failures = run_tasks(self._backend, plan, list(range(replications)), sink,
                             on_done=done)
        if failures:
            more = f" and {len(failures) - 1} more" if len(failures) > 1 else ""
            raise TrappaError(f"calibrate: a replication failed on every attempt: "
                              f"{failures[0].describe()}{more}")
        return [sink.results[r] for r in range(replications)]
