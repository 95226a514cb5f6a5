"""Reablement for the frail elderly: the programme's price by hand, a reduced home-care need,
and common random numbers (no one else's trajectory changes)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from models.municipality import load_municipality
from scenarios import load_scenario
from sim.derive import derive_inputs
from sim.engine import Replication
from tests.sim.conftest import scenario_file

END = 2028
SEED = 11


def _reablement(share: float) -> str:
    return f'[[interventions]]\nkind = "reablement"\nstart_year = 2025\nshare = {share}\n'


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reablement")
    inputs = derive_inputs(load_municipality("faerder"), 2024, END)
    out = {}
    for name, extra in (("sq", ""), ("half", _reablement(0.5)), ("all", _reablement(1.0))):
        rep = Replication(inputs, load_scenario(scenario_file(tmp, "normal", END, extra,
                                                              name=name)), 0, SEED)
        out[name] = (rep, rep.run())
    return inputs, out


def test_the_programme_is_priced_from_the_calculator(runs):
    inputs, _ = runs
    (line,) = inputs.costing.item_lines[inputs.costing.item_names.index("package:reablement")]
    # 5 h/week home nursing x 52 x 799 NOK (23-11) x 1.042 to 2024 prices; 1/ATA 0.6 staff h
    assert line == pytest.approx((7, 5 * 52 * 799 * 1.042, 5 * 52 / 0.6))


def _home_care_years(rep: Replication) -> float:
    """Frail elderly person-years on trinn 6-7 outside the programme."""
    rec = rep.recorder.columns()
    programme = rep.inputs.costing.item_names.index("package:reablement")
    sel = (np.isin(rec["trinn"], [6, 7]) & (rec["item"] != programme)
           & (rec["group"] == rep.inputs.groups.index("frail_elderly")))
    return float((rec["end"][sel] - rec["start"][sel]).sum())


def test_more_reablement_means_less_home_care_afterwards(runs):
    _, out = runs
    years = {n: _home_care_years(rep) for n, (rep, _) in out.items()}
    assert years["all"] < years["half"] < years["sq"]


def test_no_one_else_changes(runs):
    _, out = runs
    (_, sq), (rep_all, full) = out["sq"], out["all"]
    pd.testing.assert_frame_equal(sq.population, full.population)
    other = ~sq.yearly["group"].isin(["frail_elderly"])
    pd.testing.assert_frame_equal(sq.yearly[other], full.yearly[other])
    # the reached keep their busy time: deaths, emigration and everyone's onsets agree
    np.testing.assert_array_equal(sq.demography["emigrants"], full.demography["emigrants"])
    np.testing.assert_allclose(out["sq"][0].pop.busy_until, rep_all.pop.busy_until, rtol=1e-12)


def test_nothing_happens_before_the_start_year(runs):
    _, out = runs
    a, b = out["sq"][1].yearly, out["all"][1].yearly
    pd.testing.assert_frame_equal(a[a["year"] == 2024], b[b["year"] == 2024])
