"""Simulated moments: run replications of the status quo for given parameter values.

Replications ``0..n-1`` under one root seed are common random numbers across parameter values
(randomness is keyed by replicate, citizen and stream), so a mean over a fixed set of
replications changes smoothly-ish with the parameters, and two parameter values differ only
where the parameters act.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from calibration.fitted import fitted_layer
from calibration.targets import Target, simulated_values
from models.municipality import Municipality
from scenarios import Scenario
from sim.derive import derive_inputs
from sim.engine import ReplicationResult, run_replication

Progress = Callable[[], None]


def one_year(scenario: Scenario) -> Scenario:
    """Return the scenario cut to its start year alone.

    Scenario files require ``end_year > start_year``; the engine runs a single year fine and
    a start-year output does not depend on the horizon (each year is simulated before the
    next), so the fit runs the start year only, several times faster.
    """
    return dataclasses.replace(scenario, end_year=scenario.start_year)


def run(m: Municipality, scenario: Scenario, overrides: dict[str, float], replications: int,
        seed: int, on_done: Progress | None = None) -> list[ReplicationResult]:
    """Run replications ``0..replications-1`` of ``scenario`` with parameter ``overrides``."""
    inputs = derive_inputs(m, scenario.start_year, scenario.end_year,
                           fitted_layer(m, overrides, "calibration trial"))
    out = []
    for r in range(replications):
        out.append(run_replication(inputs, scenario, r, seed))
        if on_done is not None:
            on_done()
    return out


def moments(m: Municipality, scenario: Scenario, overrides: dict[str, float],
            targets: Sequence[Target], replications: int, seed: int,
            on_done: Progress | None = None) -> NDArray[np.float64]:
    """Return the targets' simulated values, one row per replication (memory stays small)."""
    inputs = derive_inputs(m, scenario.start_year, scenario.end_year,
                           fitted_layer(m, overrides, "calibration trial"))
    rows = np.empty((replications, len(targets)))
    for r in range(replications):
        rows[r] = simulated_values(targets, run_replication(inputs, scenario, r, seed))
        if on_done is not None:
            on_done()
    return rows
