"""``run`` and ``compare`` draw the uncertain parameters: replication r uses draw r in every
scenario, the same on every backend; ``--fixed-parameters`` gives the point values; fewer
than 20 replications warn that the 90 % interval is rough."""

from __future__ import annotations

import json
import tomllib

import pandas as pd
import pytest

from results.store import read_run
from runners.plan import Plan
from runners.uncertainty import DEFAULT_FILE
from scenarios import load_scenario
from tests.runners.conftest import REPO, assert_same_run, run_main, run_plan, write_scenario

DATA = REPO / "models" / "data" / "faerder"
KEYS = ["replication", "year", "trinn", "group"]


def _compare(files: list[str], out, *extra: str) -> str:
    status, err = run_main("compare", *files, "--runs", "3", "--seed", "4", "--out", str(out),
                           "--no-plots", *extra)
    assert status == 0, err[-2000:]
    return err


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """normal, an identical copy named twin, and proactive: drawn (serial) and fixed."""
    folder = tmp_path_factory.mktemp("unc")
    files = [str(write_scenario(folder, "normal")),
             str(write_scenario(folder, "normal", name="twin")),
             str(write_scenario(folder, "proactive"))]
    _compare(files, folder / "drawn", "--backend", "serial")
    _compare(files, folder / "fixed", "--backend", "serial", "--fixed-parameters")
    return folder, files


def _scenario(yearly: pd.DataFrame, name: str) -> pd.DataFrame:
    return yearly[yearly["scenario"] == name].drop(columns="scenario").reset_index(drop=True)


def test_each_replication_has_its_own_draw(twins):
    folder, _ = twins
    run = read_run(folder / "drawn")
    assert run.meta["uncertainty"] == "monte carlo + parameters"
    assert run.meta["tasks"] == 3 * 3  # scenarios x replications, not x draws as well
    draws = run.meta["parameter_draws"]
    assert [d["draw"] for d in draws] == [0, 1, 2]
    assert len({d["dementia_incidence_scale"] for d in draws}) == 3
    # the scenarios of replication r run on draw r
    pairs = run.yearly[["draw", "replication"]].drop_duplicates()
    assert (pairs["draw"] == pairs["replication"]).all()
    assert len(pairs) == 3


def test_the_distributions_are_the_documented_ranges(twins):
    """Bounds = the shipped multiples x the point values of the data files (which, for the
    hazard ratios, are their prior ranges [5, 15] and [2, 3.2] of demography.toml)."""
    folder, _ = twins
    dists = read_run(folder / "drawn").meta["distributions"]
    hr70 = dists["dementia_mortality_hr_70"]
    assert (hr70["dist"], hr70["lower"], hr70["mode"], hr70["upper"]) == \
        ("triangular", 5.0, 10.0, 15.0)
    hr90 = dists["dementia_mortality_hr_90"]
    assert hr90["lower"] == pytest.approx(2.0)
    assert hr90["upper"] == pytest.approx(3.2)
    price = dists["price_index_2024_per_2023"]
    assert price["mode"] == 1.042
    assert price["lower"] == pytest.approx(0.98 * 1.042)
    shipped = tomllib.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    for name, d in dists.items():
        assert d["unit"] == shipped[name]["unit"]
        assert d["source"] == shipped[name]["source"]
    for draw in read_run(folder / "drawn").meta["parameter_draws"]:
        for name, d in dists.items():
            assert d["lower"] <= draw[name] <= d["upper"]


def test_reference_and_strategy_share_draw_r(twins):
    """An identical copy gives identical tables replication by replication: the same draw
    and the same random numbers; other replications differ (other draws)."""
    folder, _ = twins
    yearly = read_run(folder / "drawn").yearly
    normal, twin = _scenario(yearly, "normal"), _scenario(yearly, "twin")
    pd.testing.assert_frame_equal(normal, twin)
    cost = normal.set_index(KEYS)["cost_nok"]
    assert (cost.xs(0, level="replication") != cost.xs(1, level="replication")).any()
    proactive = _scenario(yearly, "proactive")
    assert (proactive["draw"] == proactive["replication"]).all()


def test_draws_are_the_same_on_two_worker_processes(twins, tmp_path):
    folder, files = twins
    _compare(files, tmp_path / "process", "--backend", "process", "--workers", "2")
    assert_same_run(folder / "drawn", tmp_path / "process")


def test_fixed_parameters_are_the_point_values(twins, tmp_path):
    """--fixed-parameters runs exactly the plan without draws (the calibrated inputs)."""
    folder, files = twins
    run = read_run(folder / "fixed")
    assert run.meta["uncertainty"] == "monte carlo only"
    assert run.meta["distributions"] == {}
    assert run.meta["draws"] == 1
    scenarios = tuple(load_scenario(f).with_overrides(replications=3) for f in files)
    run_plan(Plan(name="point", scenarios=scenarios, seed=4, runs=3), tmp_path / "p")
    pd.testing.assert_frame_equal(read_run(tmp_path / "p").yearly, run.yearly)
    # and the drawn run differs from it
    drawn = read_run(folder / "drawn").yearly
    assert not drawn["cost_nok"].equals(run.yearly["cost_nok"])


def test_two_runs_warn_that_the_interval_is_rough(tmp_path):
    file = str(write_scenario(tmp_path, "normal"))
    status, err = run_main("run", file, "--runs", "2", "--out", str(tmp_path / "two"),
                           "--no-plots", "--backend", "serial", "--lang", "en")
    assert status == 0, err[-2000:]
    assert "only 2 replications; the 90% interval is rough" in err
    meta = json.loads((tmp_path / "two" / "run.json").read_text(encoding="utf-8"))
    assert any("rough" in w for w in meta["warnings"])


def test_twenty_runs_do_not_warn(tmp_path):
    file = str(write_scenario(tmp_path, "normal"))
    status, err = run_main("run", file, "--runs", "20", "--out", str(tmp_path / "twenty"),
                           "--no-plots", "--backend", "serial", "--lang", "en")
    assert status == 0, err[-2000:]
    assert "rough" not in err
    meta = json.loads((tmp_path / "twenty" / "run.json").read_text(encoding="utf-8"))
    assert meta["warnings"] == []


def test_run_json_states_the_point_price_index_not_draw_0s(twins):
    """With the price index drawn, run.json's staffing (which the report prints) carries the
    data's point value (parameters.toml: 1.042, 'assumption: municipal cost growth 2023-2024
    of about 4 %') and the unit text says the index is drawn, with the drawn range."""
    folder, _ = twins
    meta = read_run(folder / "drawn").meta
    drawn = sorted({d["price_index_2024_per_2023"] for d in meta["parameter_draws"]})
    assert len(drawn) > 1
    assert meta["staffing"]["price_index"] == 1.042
    assert "drawn per replication" in meta["units"]["cost_nok"]
    assert f"{drawn[0]:.4g}-{drawn[-1]:.4g}" in meta["units"]["cost_nok"]
    fixed = read_run(folder / "fixed").meta
    assert fixed["staffing"]["price_index"] == 1.042
    assert "drawn" not in fixed["units"]["cost_nok"]
