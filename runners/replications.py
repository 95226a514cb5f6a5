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

from collections.abc import Mapping, Sequence
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


#: The inputs `BackendReplications.start` opens the backend with: no task reads them
_NO_INPUTS = Shared((), (), 0)


class _Collect:
    """A `runners.schedule.PartSink` in memory: each task's summary array, by task index."""

    def __init__(self) -> None:
        self.results: dict[int, NDArray[np.float64]] = {}

    def write_part(self, first: int, stop: int, tables: Mapping[str, pd.DataFrame]) -> None:
        # the part's rows are tasks first..stop-1 in order (runners.schedule._write)
        values = tables[SUMMARY]["values"].tolist()
        if len(values) != stop - first:
            raise ValueError(f"a part of tasks {first}-{stop - 1} has {len(values)} rows")
        for i, v in enumerate(values):
            self.results[first + i] = v


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
        #: `start`'s empty batch is still to be collected
        self._starting = False

    def start(self) -> None:
        """Start the process backend's workers now, before the first call.

        Each worker takes about a second of CPU to import the engine; started here (the
        command line does it before it loads the calibration and derives the first
        trial's inputs) that happens while this process does its own part, not after it.
        An empty batch makes the pool start every worker; the first call collects it and
        sends its inputs with every batch (`Backend.set_shared`), as every later call does.
        Nothing for the serial and Ray backends: they start at the first call.
        """
        if self.name != "process" or self._backend is not None:
            return
        self._backend = self._stack.enter_context(
            open_backend(self.name, _NO_INPUTS, self.workers))
        self._backend.submit(())
        self._starting = True

    def __enter__(self) -> BackendReplications:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is None and self._backend is not None and self.name == "process":
            # every batch is collected and the workers are idle: stopped at once, the
            # command's exit does not wait for their interpreters to end (0.2-0.3 s of
            # Skien's workers tearing down their memo and modules)
            self._backend.close(abort=True)
        # open_backend's own exit: abort the workers when an exception is leaving
        self._stack.__exit__(kind, exc, tb)
        self._backend = None
        self._starting = False

    def close(self) -> None:
        """Stop the backend's workers."""
        self.__exit__(None, None, None)

    def __call__(self, inputs: EngineInputs, scenario: Scenario, replications: int,
                 seed: int, summary: Summary, on_done: Progress | None = None
                 ) -> list[NDArray[np.float64]]:
        """Run replications ``0..replications-1`` of ``scenario`` (see `Replicate`)."""
        return self.many(inputs, (scenario,), replications, seed, summary, on_done)[0]

    def many(self, inputs: EngineInputs, scenarios: Sequence[Scenario], replications: int,
             seed: int, summary: Summary, on_done: Progress | None = None
             ) -> list[list[NDArray[np.float64]]]:
        """Run replications ``0..replications-1`` of each scenario as one set of tasks
        (see `calibration.simulate.ReplicateMany`): the workers take the next task of any
        scenario, so none waits at the end of one scenario for the other's last one."""
        # task index = replication x scenarios + scenario (`Plan.task`): replication r of
        # every scenario in a row, so a batch's replications share their start state
        # (`sim.startcache`, in the worker that runs them)
        n = len(scenarios)
        results = self._run(Shared(tuple(scenarios), (inputs,), seed, summary),
                            Plan(name=scenarios[0].name, scenarios=tuple(scenarios),
                                 seed=seed, runs=replications), replications, on_done)
        return [[results[r * n + s] for r in range(replications)] for s in range(n)]

    def points(self, inputs: Sequence[EngineInputs], scenario: Scenario, replications: int,
               seed: int, summary: Summary, on_done: Progress | None = None
               ) -> list[list[NDArray[np.float64]]]:
        """Run replications ``0..replications-1`` of ``scenario`` on each of ``inputs`` as
        one set of tasks (see `calibration.simulate.ReplicatePoints`): each point is a
        parameter draw of the plan."""
        # task index = replication x points + point (`Plan.task`, one scenario): replication
        # r at every point in a row, so a batch's replications share their start state
        n = len(inputs)
        results = self._run(Shared((scenario,), tuple(inputs), seed, summary),
                            Plan(name=scenario.name, scenarios=(scenario,), seed=seed,
                                 runs=replications, draws=tuple({} for _ in inputs)),
                            replications, on_done)
        return [[results[r * n + d] for r in range(replications)] for d in range(n)]

    def _run(self, shared: Shared, plan: Plan, replications: int,
             on_done: Progress | None) -> dict[int, NDArray[np.float64]]:
        """Run ``replications`` of every task of ``plan`` with ``shared``; return each
        task's summary by task index."""
        if self._backend is None:
            self._backend = self._stack.enter_context(
                open_backend(self.name, shared, self.workers))
        else:
            if self._starting:
                # the workers are up (or the pool broke: then the next submit starts anew)
                self._backend.next_finished()
                self._starting = False
            self._backend.set_shared(shared)
        sink = _Collect()
        advance = on_done or _nothing

        def done(n: int) -> None:
            for _ in range(n):
                advance()

        failures = run_tasks(self._backend, plan, list(range(plan.n_tasks(replications))),
                             sink, on_done=done)
        if failures:
            more = f" and {len(failures) - 1} more" if len(failures) > 1 else ""
            raise TrappaError(f"calibrate: a replication failed on every attempt: "
                              f"{failures[0].describe()}{more}")
        return sink.results
