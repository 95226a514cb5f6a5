"""The housing profile lever and the boligtrapp outputs: metamorphic relations, common random
numbers (a diverted stay keeps its start and end), the shipped alternativ-boligprofil."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from models.municipality import load_municipality
from scenarios import load_scenario, resolve_scenario_path
from sim.derive import derive_inputs
from sim.engine import run_replication
from tests.sim.conftest import scenario_file

END = 2030
SEED = 7


def _housing(share: float) -> str:
    return (f'[[interventions]]\nkind = "housing_profile"\nstart_year = 2025\nshare = {share}\n'
            "ramp = { 2025 = 0.5, 2027 = 1.0 }\n")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("housing")
    inputs = derive_inputs(load_municipality("faerder"), 2024, END)
    out = {}
    for name, extra in (("sq", ""), ("low", _housing(0.2)), ("high", _housing(0.6))):
        s = load_scenario(scenario_file(tmp, "normal", END, extra, name=name))
        out[name] = [run_replication(inputs, s, r, SEED) for r in range(2)]
    return out


def _py(runs, name: str, trinn: list[int]) -> float:
    return sum(float(r.yearly[r.yearly["trinn"].isin(trinn)]["person_years"].sum())
               for r in runs[name])


def test_a_larger_shift_means_fewer_years_on_10_11_and_more_on_8(runs):
    assert _py(runs, "sq", [8]) == 0  # trinn 8 is empty in 2024 and stays so without the lever
    assert _py(runs, "high", [10, 11]) < _py(runs, "low", [10, 11]) < _py(runs, "sq", [10, 11])
    assert _py(runs, "high", [8]) > _py(runs, "low", [8]) > 0


def test_a_diverted_stay_keeps_its_length_and_no_one_else_changes(runs):
    for name in ("low", "high"):
        for a, b in zip(runs[name], runs["sq"], strict=True):
            # the same person-years on 8 + 10 + 11 per group and year: only where changed
            keys = ["year", "group"]
            sel = [8, 10, 11]
            pa = a.yearly[a.yearly["trinn"].isin(sel)].groupby(keys)["person_years"].sum()
            pb = b.yearly[b.yearly["trinn"].isin(sel)].groupby(keys)["person_years"].sum()
            pd.testing.assert_series_equal(pa, pb, rtol=1e-9)
            # groups the lever does not target: identical rows
            other = ~a.yearly["group"].isin(["dementia", "frail_elderly"])
            pd.testing.assert_frame_equal(a.yearly[other], b.yearly[other])
            pd.testing.assert_frame_equal(a.population, b.population)
            np.testing.assert_array_equal(a.demography["deaths"], b.demography["deaths"])


def test_the_age_friendly_package_costs_less_than_the_places_it_replaces(runs):
    cost = {n: sum(float(r.yearly[r.yearly["year"] == END]["cost_nok"].sum())
                   for r in runs[n]) for n in runs}
    assert cost["high"] < cost["low"] < cost["sq"]


def test_boligtrapp_counts_persons_67plus_and_dwellings(runs):
    sq, high = runs["sq"][0].demography, runs["high"][0].demography
    # before the lever starts the two agree; every person 67+ is on exactly one step
    steps = ["ordinary", "age_friendly", "short_stay", "staffed_housing", "institution"]
    persons = sum(sq[f"boligtrapp_{s}_persons"] for s in steps)
    assert (persons > 0).all()
    assert (sq["boligtrapp_age_friendly_persons"] == 0).all()
    last = high.iloc[-1]
    assert last["boligtrapp_age_friendly_persons"] > 0
    # one resident per age-friendly dwelling and per place (boligtrapp.csv)
    assert last["boligtrapp_age_friendly_dwellings"] == last["boligtrapp_age_friendly_persons"]
    # ordinary dwellings: 1.54 persons 67-79 and 1.33 persons 80+ per dwelling, so between
    assert (sq["boligtrapp_ordinary_persons"] / 1.54 < sq["boligtrapp_ordinary_dwellings"]).all()
    assert (sq["boligtrapp_ordinary_dwellings"] < sq["boligtrapp_ordinary_persons"] / 1.33).all()
    # the same persons 67+ on the staircase in both scenarios (nobody dies or moves away
    # because of where they live)
    np.testing.assert_array_equal(persons, sum(high[f"boligtrapp_{s}_persons"] for s in steps))


def test_the_shipped_alternative_profile_loads_and_ramps():
    s = load_scenario(resolve_scenario_path("alternativ-boligprofil"))
    (lever,) = s.interventions
    assert lever.kind == "housing_profile"
    assert [lever.ramp.share(y) for y in (2025, 2026, 2029, 2030)] == [0, 0.33, 0.67, 1.0]


def test_those_on_trinn_10_11_at_the_start_stay(tmp_path):
    # a lever from the start year with share 1 moves every new entry, but nobody placed
    # on trinn 10-11 on 1 January 2024 (cells' initial stays and dementia cases under way)
    from sim.engine import Replication

    inputs = derive_inputs(load_municipality("faerder"), 2024, 2026)
    extra = '[[interventions]]\nkind = "housing_profile"\nstart_year = 2024\nshare = 1.0\n'
    reps = {}
    for name, text in (("sq", ""), ("all", extra)):
        rep = Replication(inputs, load_scenario(scenario_file(tmp_path, "normal", 2026, text,
                                                              name=name)), 0, SEED)
        rep.run()
        reps[name] = (rep, rep.recorder.columns())

    def at_start(rec):
        sel = np.isin(rec["trinn"], [10, 11]) & (rec["start"] == 0.0)
        return sorted(zip(rec["pid"][sel].tolist(), rec["trinn"][sel].tolist(), strict=True))

    assert at_start(reps["all"][1]) == at_start(reps["sq"][1])
    assert len(at_start(reps["sq"][1])) > 300  # 257 + 137 placed in 2024, of all ages
    # and no targeted person 67+ enters trinn 10-11 afterwards
    rep, rec = reps["all"]
    k = np.floor(rec["start"]).astype(np.int64)
    age = rep.pop.age_base[rec["pid"]] + k
    targeted = np.isin(rec["group"], [inputs.groups.index(g)
                                      for g in ("dementia", "frail_elderly")])
    entered = np.isin(rec["trinn"], [10, 11]) & (rec["start"] > 0.0) & (rec["waited_for"] == 0)
    assert not (entered & targeted & (age >= 67)).any()
    assert (np.isin(rec["trinn"], [8]) & targeted).any()


def test_housing_and_digital_home_care_add_up(tmp_path):
    # the dwelling's package is not a home-care decision, so the digital zone does not touch
    # it: together, the two levers' changes are the sum of each, replicate by replicate
    inputs = derive_inputs(load_municipality("faerder"), 2024, 2027)
    digital = ('[[interventions]]\nkind = "digital_home_care"\nstart_year = 2025\n'
               'shares = { "0-1" = 0.5, "1-2.5" = 0.3 }\n')
    texts = {"sq": "", "housing": _housing(0.5), "digital": digital,
             "both": _housing(0.5) + digital}
    totals = {}
    for name, text in texts.items():
        s = load_scenario(scenario_file(tmp_path, "normal", 2027, text, name=name))
        y = run_replication(inputs, s, 0, SEED).yearly
        totals[name] = y.groupby("year")[["cost_nok", "fte"]].sum()
    alone = totals["housing"] + totals["digital"] - 2 * totals["sq"]
    pd.testing.assert_frame_equal(totals["both"] - totals["sq"], alone, rtol=1e-9)
    assert (alone.loc[2027] < 0).all()


def test_citizens_the_lever_does_not_reach_keep_every_record(tmp_path):
    from sim.engine import Replication

    inputs = derive_inputs(load_municipality("faerder"), 2024, 2028)
    recs = {}
    for name, text in (("sq", ""), ("lever", _housing(0.5))):
        rep = Replication(inputs, load_scenario(scenario_file(tmp_path, "normal", 2028, text,
                                                              name=name)), 1, SEED)
        rep.run()
        recs[name] = rep.recorder.columns()
    moved = set(recs["lever"]["pid"][recs["lever"]["trinn"] == 8].tolist())
    assert moved

    def records(rec):
        keep = ~np.isin(rec["pid"], list(moved))
        cols = [rec[c][keep].tolist() for c in ("pid", "group", "item", "trinn", "start", "end")]
        return sorted(zip(*cols, strict=True))

    assert records(recs["lever"]) == records(recs["sq"])


def test_a_lever_without_its_data_is_named_before_the_run(tmp_path):
    """A folder without boligtrapp.csv or home_care_bands.csv: the lever that needs it is
    refused with the file it lacks, not left to do nothing."""
    from sim.derive.levers import missing_lever_data

    names = ("package:reablement",)
    assert missing_lever_data(["housing_profile"], None, names, tmp_path) == (
        f"housing_profile needs {tmp_path / 'boligtrapp.csv'} and the package "
        f"'age_friendly_home_care' in {tmp_path / 'packages.csv'}")
    assert "home_care_bands.csv" in str(missing_lever_data(["digital_home_care"], None, names,
                                                           tmp_path))
    assert "'reablement'" in str(missing_lever_data(["reablement"], None, (), tmp_path))
    assert missing_lever_data(["reablement"], None, names, tmp_path) is None
    assert missing_lever_data([], None, (), tmp_path) is None
