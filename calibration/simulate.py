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


def moments(m: Municipality, scenario: Scenario, overrides: dict[str, float],
            targets: Sequence[Target], replications: int, seed: int,
            on_done: Progress | None = None, replicate: Replicate = serial
            ) -> NDArray[np.float64]:
    """Return the targets' simulated values, one row per replication (`TargetValues`:
    bit for bit `simulated_values` of each replication's tables)."""
    rows = run(m, scenario, overrides, replications, seed, TargetValues(targets), on_done,
               replicate)
    out = np.empty((replications, len(targets)))
    for r, row in enumerate(rows):
        out[r] = row
    return out
