"""lever_effect_scale: a parameter draw scales every lever's effect (issue 14, item 5).

Metamorphic relations, no number taken from the code: a lever at scale s is the lever with its
effect written s times larger (tables equal); at scale 0 every lever does nothing (tables equal
to the status quo's); shares are capped at 1.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from models.layers import Layer, data_layer
from models.municipality import load_municipality
from scenarios import load_scenario
from scenarios.interventions import (
    DigitalHomeCare,
    HousingProfile,
    PathwayMix,
    Reablement,
    ReduceSmallDecisions,
    with_effect_scale,
)
from sim.derive import derive_inputs
from sim.engine import run_replication
from tests.sim.conftest import scenario_file

END = 2027
SEED = 20250212
REPS = 3
SMALL = ('[[interventions]]\nkind = "reduce_small_decisions"\nband = "0-1"\n'
         "fraction = {f}\nstart_year = 2024\n")
DIGITAL = ('[[interventions]]\nkind = "digital_home_care"\nstart_year = 2024\n'
           'shares = {{ "0-1" = {a}, "1-2.5" = {b} }}\n')
HOUSING = ('[[interventions]]\nkind = "housing_profile"\nstart_year = 2024\n'
           "share = {s}\n")
REABLEMENT = ('[[interventions]]\nkind = "reablement"\nstart_year = 2024\nshare = {s}\n')


def _inputs(scale: float | None):
    m = load_municipality("faerder")
    p = data_layer(m)
    if scale is not None:
        p = p.with_layer(Layer.CLI, "test", {"lever_effect_scale": scale})
    return derive_inputs(m, 2024, END, p)


def _yearly(tmp: Path, name: str, extra: str, scale: float | None) -> pd.DataFrame:
    scenario = load_scenario(scenario_file(tmp, "normal", END, extra, name=name))
    inputs = _inputs(scale)
    return pd.concat([run_replication(inputs, scenario, r, SEED).yearly.assign(replication=r)
                      for r in range(REPS)], ignore_index=True)


def test_scale_is_the_lever_written_larger(tmp_path: Path) -> None:
    # fraction 0.25 x 2 = 0.5; digital shares 0.2, 0.1 x 2 = 0.4, 0.2; housing and
    # reablement 0.15 x 2 = 0.3
    half = (SMALL.format(f=0.25) + DIGITAL.format(a=0.2, b=0.1) + HOUSING.format(s=0.15)
            + REABLEMENT.format(s=0.15))
    full = (SMALL.format(f=0.5) + DIGITAL.format(a=0.4, b=0.2) + HOUSING.format(s=0.3)
            + REABLEMENT.format(s=0.3))
    scaled = _yearly(tmp_path, "half", half, 2.0)
    written = _yearly(tmp_path, "full", full, None)
    pd.testing.assert_frame_equal(scaled, written)
    # and the scale does act: the half-size levers at scale 1 differ
    assert not _yearly(tmp_path, "half1", half, 1.0)["cost_nok"].equals(written["cost_nok"])


def test_scale_zero_is_no_lever(tmp_path: Path) -> None:
    extra = (SMALL.format(f=0.5) + DIGITAL.format(a=0.5, b=0.3) + HOUSING.format(s=0.3)
             + REABLEMENT.format(s=0.5))
    off = _yearly(tmp_path, "off", extra, 0.0)
    status_quo = _yearly(tmp_path, "sq", "", 0.0)
    pd.testing.assert_frame_equal(off, status_quo)


def test_shares_are_capped_and_pathway_mixes_kept() -> None:
    from scenarios.interventions import Ramp, Target
    from scenarios.mapping import FrozenMap

    t, r = Target(("frail_elderly",), 0, 120), Ramp(2024, ((2024, 1.0),))
    mix = PathwayMix("dementia", None, None)
    levers = (ReduceSmallDecisions("0-1", 0.4, t, r),
              DigitalHomeCare(FrozenMap({"0-1": 0.8, "1-2.5": 0.3}), 0.5, 0.9, 0.0, t, r),
              HousingProfile(0.3, t, r), Reablement(0.9, 12.0, 0.5, 1.5, t, r), mix)
    small, digital, housing, reablement, kept = with_effect_scale(levers, 1.5)
    assert isinstance(small, ReduceSmallDecisions)
    assert small.fraction == pytest.approx(0.6)
    assert isinstance(digital, DigitalHomeCare)
    assert dict(digital.shares) == pytest.approx({"0-1": 1.0, "1-2.5": 0.45})
    assert isinstance(housing, HousingProfile)
    assert housing.share == pytest.approx(0.45)
    assert isinstance(reablement, Reablement)
    assert reablement.share == 1.0  # 1.35, capped
    assert reablement.package_weeks == 12.0  # the effect per person is not scaled
    assert kept is mix
    assert with_effect_scale(levers, 1.0) == levers


def test_default_draws_include_the_lever_scale() -> None:
    from runners.uncertainty import read_relative

    entry = read_relative()["lever_effect_scale"]
    assert (entry["lower"], entry["upper"]) == (0.5, 1.5)
    assert "assumption" in str(entry["source"])
    assert load_municipality("faerder").parameters["lever_effect_scale"] == 1
