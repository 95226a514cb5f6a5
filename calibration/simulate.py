"""Simulated moments: run replications of the status quo for given parameter values.

Replications ``0..n-1`` under one root seed are common random numbers across parameter values
(randomness is keyed by replicate, citizen and stream), so a mean over a fixed set of
replications changes smoothly-ish with the parameters, and two parameter values differ only
where the parameters act.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from calibration.fitted import fitted_layer
from calibration.targets import Target, TargetValues
from models.municipality import Municipality
from scenarios import Scenario
from sim.derive import EngineInputs, derive_inputs
from sim.engine import Summary, run_summary

Progress = Callable[[], None]


class Replicate(Protocol):
    """Runs replications ``0..n-1`` of a scenario and returns a summary of each (a float
    array: `sim.engine.Summary`, computed where the replication ran) in replication order.

    Where they run is the caller's choice: `serial` here, or the run backends (process
    pool, Ray), which the command line passes in (calibration does not import the
    runners). Every implementation must return what `serial` returns. Only the summaries
    come back: a worker sends a few floats per replication, not its tables.
    """

    def __call__(self, inputs: EngineInputs, scenario: Scenario, replications: int,
                 seed: int, summary: Summary, on_done: Progress | None = None
                 ) -> list[NDArray[np.float64]]:
        """Run the replications; call ``on_done`` once per finished replication."""
        ...


def serial(inputs: EngineInputs, scenario: Scenario, replications: int, seed: int,
           summary: Summary, on_done: Progress | None = None) -> list[NDArray[np.float64]]:
    """The reference `Replicate`: one replication after another in this process."""
    out = []
    for r in range(replications):
        out.append(run_summary(inputs, scenario, r, seed, summary))
        if on_done is not None:
            on_done()
    return out


class ReplicateMany(Protocol):
    """A `Replicate` that can also run several scenarios' replications as one set of tasks
    (`runners.replications.BackendReplications`): no worker waits at the end of one
    scenario for the others to finish it before the next scenario starts."""

    def many(self, inputs: EngineInputs, scenarios: Sequence[Scenario], replications: int,
             seed: int, summary: Summary, on_done: Progress | None = None
             ) -> list[list[NDArray[np.float64]]]:
        """Run replications ``0..replications-1`` of each scenario; return each scenario's
        summaries in replication order, as `Replicate` returns one scenario's."""
        ...


class ReplicatePoints(Protocol):
    """A `Replicate` that can also run one scenario's replications at several parameter
    points as one set of tasks (`runners.replications.BackendReplications`): the fit's
    Jacobian, whose columns are known before any of them runs, without a wait for the
    slowest replication of one column before the next column starts."""

    def points(self, inputs: Sequence[EngineInputs], scenario: Scenario, replications: int,
               seed: int, summary: Summary, on_done: Progress | None = None
               ) -> list[list[NDArray[np.float64]]]:
        """Run replications ``0..replications-1`` of ``scenario`` on each of ``inputs``;
        return each point's summaries in replication order, as `Replicate` returns one
        point's."""
        ...


def one_year(scenario: Scenario) -> Scenario:
    """Return the scenario cut to its start year alone.

    Scenario files require ``end_year > start_year``; the engine runs a single year fine and
    a start-year output does not depend on the horizon (each year is simulated before the
    next), so the fit runs the start year only, several times faster.
    """
    return dataclasses.replace(scenario, end_year=scenario.start_year)


def run(m: Municipality, scenario: Scenario, overrides: dict[str, float], replications: int,
        seed: int, summary: Summary, on_done: Progress | None = None,
        replicate: Replicate = serial) -> list[NDArray[np.float64]]:
    """Run replications ``0..replications-1`` of ``scenario`` with parameter ``overrides``;
    return ``summary`` of each."""
    inputs = derive_inputs(m, scenario.start_year, scenario.end_year,
                           fitted_layer(m, overrides, "calibration trial"))
    return replicate(inputs, scenario, replications, seed, summary, on_done)


def run_many(m: Municipality, scenarios: Sequence[Scenario], overrides: dict[str, float],
             replications: int, seed: int, summary: Summary, on_done: Progress | None = None,
             replicate: Replicate = serial,
             derived: dict[tuple[int, int], EngineInputs] | None = None
             ) -> list[list[NDArray[np.float64]]]:
    """`run` for several scenarios: each scenario's summaries in replication order.

    The engine's inputs depend on a scenario only through its years, so scenarios of the
    same years share them, and where ``replicate`` can (`ReplicateMany`) their replications
    go out as one set of tasks; otherwise one scenario after another. Either way each
    replication is the same pure function of (inputs, scenario, replication, seed): the
    same numbers (common random numbers across the scenarios).

    ``derived``: the inputs of these ``overrides`` by (start year, end year), derived by an
    earlier call, which this one reuses and adds to (the caller keeps it for one set of
    overrides only).
    """
    out: list[list[NDArray[np.float64]] | None] = [None] * len(scenarios)
    layer = fitted_layer(m, overrides, "calibration trial")
    derived = {} if derived is None else derived
    years: dict[tuple[int, int], list[int]] = {}
    for i, s in enumerate(scenarios):
        years.setdefault((s.start_year, s.end_year), []).append(i)
    for (start, end), which in years.items():
        if (start, end) not in derived:
            derived[start, end] = derive_inputs(m, start, end, layer)
        inputs = derived[start, end]
        same = [scenarios[i] for i in which]
        many = getattr(replicate, "many", None)
        if many is not None and len(same) > 1:
            results = many(inputs, same, replications, seed, summary, on_done)
        else:
            results = [replicate(inputs, s, replications, seed, summary, on_done) for s in same]
        for i, res in zip(which, results, strict=True):
            out[i] = res
    return [res for res in out if res is not None]


def moments(m: Municipality, scenario: Scenario, overrides: dict[str, float],
            targets: Sequence[Target], replications: int, seed: int,
            on_done: Progress | None = None, replicate: Replicate = serial
            ) -> NDArray[np.float64]:
    """Return the targets' simulated values, one row per replication (`TargetValues`:
    bit for bit `simulated_values` of each replication's tables)."""
    rows = run(m, scenario, overrides, replications, seed, TargetValues(targets), on_done,
               replicate)
    return _stacked(rows, replications, len(targets))


def moments_at(m: Municipality, scenario: Scenario, points: Sequence[dict[str, float]],
               targets: Sequence[Target], replications: int, seed: int,
               on_done: Progress | None = None, replicate: Replicate = serial
               ) -> list[NDArray[np.float64]]:
    """`moments` at each of several parameter points (``points``: their overrides).

    Where ``replicate`` can (`ReplicatePoints`) the points' replications go out as one set
    of tasks, otherwise one point after another; each replication is the same pure
    function of (inputs, scenario, replication, seed) either way: the same numbers.
    """
    summary = TargetValues(targets)
    inputs = [derive_inputs(m, scenario.start_year, scenario.end_year,
                            fitted_layer(m, overrides, "calibration trial"))
              for overrides in points]
    together = getattr(replicate, "points", None)
    if together is not None and len(inputs) > 1:
        every = together(inputs, scenario, replications, seed, summary, on_done)
    else:
        every = [replicate(i, scenario, replications, seed, summary, on_done) for i in inputs]
    return [_stacked(rows, replications, len(targets)) for rows in every]


def _stacked(rows: Sequence[NDArray[np.float64]], replications: int, columns: int
             ) -> NDArray[np.float64]:
    out = np.empty((replications, columns))
    for r, row in enumerate(rows):
        out[r] = row
    return out
