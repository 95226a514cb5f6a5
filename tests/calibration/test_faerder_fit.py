"""Færder's fit meets the same targets as the shipped fit, with no higher loss.

The shipped file (calibration/fitted/faerder.toml) records what its fit met: every fitted
target within tolerance and its loss, over the same 120 one-year replications and seed. A fit
from the parameter file's start values (a cold start) must do at least as well on those
replications, and land on the same optimum up to where the optimiser stops.
"""

from __future__ import annotations

import math
import tomllib

import pytest

from calibration.assess import assess
from calibration.fit import fit
from calibration.fitted import fitted_path
from calibration.limits import fit_warnings
from calibration.workflow import prepare

pytestmark = pytest.mark.slow


def test_faerder_meets_the_shipped_fits_targets():
    shipped = tomllib.loads(fitted_path("faerder").read_text(encoding="utf-8"))
    meta = shipped["meta"]
    problem = prepare("faerder")
    normal = problem.strategies[0]
    res = fit(problem.m, normal, problem.space, problem.targets, meta["seed"],
              meta["replications"])
    table = assess(res.targets, res.final.rows, problem.m)
    assert len(table) == meta["fitted_targets"]
    assert int(table["within"].sum()) == meta["fitted_targets_within_tolerance"]
    # the file rounds the loss to 4 significant digits
    assert res.final.loss <= meta["loss"] * (1 + 5e-4)
    assert fit_warnings(problem.space, list(res.x), table) == []
    for name, value in zip(res.names, res.x, strict=True):
        assert abs(math.log(value / shipped["free"][name])) < 0.02, (name, value)
