"""The full-horizon runs' series read from the engine's arrays (`HorizonValues`, computed
where a replication ran) are bit for bit those read from the replication's tables (the
dementia group's cost and the care FTE per year, the population targets), for the status
quo and for strategies with intervention modules (cost hooks, one-off investments) and with
limited places. Three years, so that every series has several years.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from numpy.typing import NDArray

from calibration.fitted import fitted_layer
from calibration.horizon import HorizonValues, horizon_values_of_tables
from calibration.targets import Conform, Target, build_targets
from models.municipality import load_municipality
from scenarios import Scenario, load_scenario, resolve_scenario_path
from sim.derive import EngineInputs, derive_inputs
from sim.engine import Replication, run_summary


@pytest.mark.parametrize("scenario", ["normal", "proactive", "phased-proactive",
                                      "capacity-example"])
def test_horizon_values_equal_the_tables_values(scenario: str):
    m = load_municipality("faerder")
    s = load_scenario(resolve_scenario_path(scenario))
    s = dataclasses.replace(s, end_year=s.start_year + 2)
    pop = [t for t in build_targets(m)
           if t.conform is Conform.POPULATION_1JAN and t.year <= s.end_year]
    assert pop  # those of 1 January 2025
    inputs = derive_inputs(m, s.start_year, s.end_year, fitted_layer(m))
    for status_quo in (True, False):
        summary = HorizonValues(pop, status_quo)
        for r in range(2):
            fast = run_summary(inputs, s, r, s.seed, summary)
            reference = _reference(inputs, s, r, pop, status_quo)
            assert len(fast) == (3 + 3 + len(pop) if status_quo else 3)
            assert fast.tobytes() == reference.tobytes()


def _reference(inputs: EngineInputs, s: Scenario, r: int, pop: list[Target],
               status_quo: bool) -> NDArray[np.float64]:
    """The same replication, its series read from its tables."""
    rep = Replication(inputs, s, r, s.seed)
    rep.start()
    rep.simulate()
    return horizon_values_of_tables(rep, pop, status_quo)
