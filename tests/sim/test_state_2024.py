"""The simulated 2024 state against the Færder table (seed 000/001; DOMAIN.md), with the shipped
calibration, as the mean of replications.

Tolerances are the issue's: recipients per trinn 4-12 within 3 %, cost per trinn within 5 %.
With N replications the Monte Carlo standard error of a mean is sd / sqrt(N); the test
reports it so a failure can be told from noise (trinn 12 holds only 41 persons).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from calibration.fitted import fitted_layer
from models.municipality import load_municipality
from scenarios import load_scenario
from sim.derive import derive_inputs
from sim.engine import run_replication
from tests.sim.conftest import scenario_file

N = 40
# Færder 2024 (trinn: recipients, cost mill NOK), DOMAIN.md / seeds
TABLE = {4: (1570, 299), 5: (590, 11), 6: (957, 60), 7: (1152, 133), 9: (379, 177),
         10: (257, 214), 11: (137, 157), 12: (41, 78)}


@pytest.fixture(scope="module")
def state_2024(tmp_path_factory):
    m = load_municipality("faerder")
    inputs = derive_inputs(m, 2024, 2025, fitted_layer(m))
    s = load_scenario(scenario_file(tmp_path_factory.mktemp("s"), "normal", end_year=2025))
    frames = [run_replication(inputs, s, r, s.seed).yearly.assign(rep=r) for r in range(N)]
    y = pd.concat(frames)
    return y[y.year == 2024].groupby(["rep", "trinn"])[["recipients", "cost_nok"]].sum()


@pytest.mark.parametrize("trinn", sorted(TABLE))
def test_recipients_within_3_percent(state_2024, trinn):
    v = state_2024.xs(trinn, level="trinn")["recipients"]
    target = TABLE[trinn][0]
    se = v.std(ddof=1) / np.sqrt(len(v))
    assert abs(v.mean() / target - 1) <= 0.03, (
        f"trinn {trinn}: mean {v.mean():.1f} vs {target} (MC s.e. {se:.1f})")


@pytest.mark.parametrize("trinn", sorted(TABLE))
def test_cost_within_5_percent(state_2024, trinn):
    v = state_2024.xs(trinn, level="trinn")["cost_nok"] / 1e6
    target = TABLE[trinn][1]
    assert abs(v.mean() / target - 1) <= 0.05, f"trinn {trinn}: {v.mean():.1f} vs {target}"


def test_trinn_8_is_empty(state_2024):
    assert state_2024.xs(8, level="trinn")["recipients"].sum() == 0
