"""Seeds keyed by identity: parameter draws are the same in every scenario, and
replicate r shares its random streams across scenarios and draws (common random numbers)."""

from __future__ import annotations

import pandas as pd
import pytest

from results.store import read_run
from runners.run import prepare
from runners.sweep_file import load_sweep
from tests.runners.conftest import run_plan, write_scenario, write_sweep

KEYS = ["draw", "replication", "year", "trinn", "group"]


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """A sweep of normal beside an identical copy under another name (2 draws x 2 runs)."""
    folder = tmp_path_factory.mktemp("twins")
    write_scenario(folder, "normal")
    write_scenario(folder, "normal", name="twin")
    sweep = write_sweep(folder, scenarios=("normal", "twin"))
    run_plan(load_sweep(sweep), folder / "run")
    return sweep, read_run(folder / "run")


def _scenario(yearly: pd.DataFrame, name: str) -> pd.DataFrame:
    return yearly[yearly["scenario"] == name].drop(columns="scenario").reset_index(drop=True)


def test_draw_d_has_the_same_parameter_values_in_every_scenario(twins):
    sweep, run = twins
    plan = load_sweep(sweep)
    shared, _ = prepare(plan.scenarios, plan.seed, plan.draws)
    # one set of inputs per draw, shared by every scenario ...
    assert len(shared.inputs) == 2
    assert shared.inputs[0].life.mu is not shared.inputs[1].life.mu
    recorded = pd.read_parquet(run.path / "draws.parquet")
    assert list(recorded["draw"]) == [0, 1]
    assert recorded["mortality_level"].iloc[0] != recorded["mortality_level"].iloc[1]
    assert run.meta["parameter_draws"][1]["mortality_level"] == recorded["mortality_level"][1]
    # ... so identical scenarios give identical tables, draw by draw and replicate by replicate
    pd.testing.assert_frame_equal(_scenario(run.yearly, "normal"), _scenario(run.yearly, "twin"))


def test_draws_and_replicates_differ_where_they_should(twins):
    _, run = twins
    normal = _scenario(run.yearly, "normal").set_index(KEYS)["cost_nok"]
    assert (normal.xs(0, level="draw") != normal.xs(1, level="draw")).any()
    assert (normal.xs(0, level="replication") != normal.xs(1, level="replication")).any()


def test_the_same_draws_whatever_the_scenarios(tmp_path, twins):
    sweep, _run = twins
    alone = load_sweep(write_sweep(tmp_path, scenarios=("proactive",)))
    assert alone.draws == load_sweep(sweep).draws


def test_a_dementia_strategy_changes_only_dementia_rows(reference):
    # normal and proactive differ only in the dementia group's pathways: with common random
    # numbers every other group's rows are identical replicate by replicate
    run = read_run(reference[1])
    normal, proactive = (_scenario(run.yearly, s) for s in ("normal", "proactive"))
    other = normal["group"] != "dementia"
    pd.testing.assert_frame_equal(normal[other], proactive[other])
    assert (normal.loc[~other, "cost_nok"] != proactive.loc[~other, "cost_nok"]).any()
