"""The fit's targets read from the engine's arrays (`TargetValues`, computed where a
replication ran) are bit for bit the values read from the replication's tables
(`simulated_values`, what the fit read before), for every kind of target.

The tables are the reference: the same replication is summarised both ways. Scenarios with
intervention modules (their cost hooks and one-off pathway investments: proactive) and with
limited places (waiting citizens as SimPy processes: capacity-example) are included, two
years long so that the population targets of the second year are read too.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from calibration.fitted import fitted_layer
from calibration.targets import TargetValues, build_targets, pandas_sum, simulated_values
from models.municipality import load_municipality
from scenarios import load_scenario, resolve_scenario_path
from sim.derive import derive_inputs
from sim.engine import Replication, run_summary


@pytest.mark.parametrize("values", [
    [1e16, 1.0, -1e16, 3.3],            # magnitudes far apart
    [0.1] * 10,                         # 1.0 compensated, 0.9999999999999999 naively
    [1e-3, 1e8, 1e-3, -1e8, 7.25e5, 1e-9],
    [0.0],
])
def test_pandas_sum_is_the_groupby_sum(values: list[float]):
    frame = pd.DataFrame({"key": 0, "v": values})
    expected = float(frame.groupby("key")["v"].sum().iloc[0])
    assert pandas_sum(np.array(values)).hex() == expected.hex()


def test_pandas_sum_differs_from_the_naive_sum_where_it_must():
    # the cases above would pass for a naive sum too if pandas summed naively: this one
    # pins that it does not (so the compensation above is doing something)
    naive = 0.0
    for v in [0.1] * 10:
        naive += v
    assert naive != 1.0
    assert pandas_sum(np.array([0.1] * 10)) == 1.0


@pytest.mark.parametrize(("municipality", "scenario"), [
    ("faerder", "normal"), ("faerder", "proactive"), ("faerder", "capacity-example"),
    ("skien", "normal"),
])
def test_target_values_equal_the_tables_values(municipality: str, scenario: str):
    m = load_municipality(municipality)
    s = load_scenario(resolve_scenario_path(scenario))
    if municipality != "faerder":
        s = s.with_overrides(municipality=municipality)
    s = dataclasses.replace(s, end_year=s.start_year + 1)
    targets = [t for t in build_targets(m) if t.year <= s.end_year]
    kinds = {t.measure for t in targets}
    # recipients, cost, persons, dementia, 80+ (and Færder's persona, exact: NaN)
    assert len(kinds) >= 5
    inputs = derive_inputs(m, s.start_year, s.end_year, fitted_layer(m))
    summary = TargetValues(targets)
    for r in range(3):
        fast = run_summary(inputs, s, r, s.seed, summary)
        tables = Replication(inputs, s, r, s.seed).run()
        reference = simulated_values(targets, tables)
        assert np.array_equal(fast, reference, equal_nan=True)
        # bit for bit, not only equal as numbers
        assert fast.tobytes() == reference.tobytes()
