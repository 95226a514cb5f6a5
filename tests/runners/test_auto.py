"""``--runs auto --precision X``: rounds of replications until the key comparison is precise."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from runners.auto import Precision, key_precision, met, next_runs
from runners.plan import Auto, Plan
from runners.sweep_file import load_sweep
from tests.runners.conftest import run_main, run_plan, write_scenario, write_sweep


def test_rounds_aim_at_the_target_grow_and_stop_at_the_cap():
    # mcse 2 after 10 runs, target 1: four times the runs are expected to halve it
    assert next_runs(Precision(2.0, "x", 10), 1.0, 1000) == 40
    assert next_runs(Precision(1.01, "x", 10), 1.0, 1000) == 13  # at least x1.25
    assert next_runs(Precision(50.0, "x", 10), 1.0, 200) == 200
    assert next_runs(Precision(math.nan, "x", 2), 1.0, 200) == 200
    assert met(Precision(1.0, "x", 5), 1.0)
    assert not met(Precision(math.nan, "x", 1), 1.0)


def test_key_precision_is_the_paired_difference_standard_error():
    diffs = [1e6, 3e6, 2e6, 6e6]  # proactive - normal per replication, NOK
    rows = []
    for r, d in enumerate(diffs):
        for s, cost in (("normal", 100e6 + r * 7e6), ("proactive", 100e6 + r * 7e6 + d)):
            rows.append({"scenario": s, "draw": 0, "replication": r, "year": 2040,
                         "cost_nok": cost})
    p = key_precision(pd.DataFrame(rows), ["normal", "proactive"], 4)
    assert p.mcse_mnok == pytest.approx(pd.Series(diffs).std() / 2 / 1e6)
    assert "proactive vs normal" in p.what
    assert "2040" in p.what
    assert key_precision(pd.DataFrame(rows), ["normal", "proactive"], 2).runs == 2


def test_auto_stops_when_precise(tmp_path):
    plan = load_sweep(write_sweep(tmp_path, runs="auto", draws=1, body=(
        "precision = 1000.0\nmax_runs = 6\nmin_runs = 2\n")))
    out = run_plan(plan, tmp_path / "run")
    assert out.runs == 2
    assert out.precision is not None
    assert out.precision.mcse_mnok <= 1000
    assert "<= 1000" in (out.note or "")
    meta = json.loads((tmp_path / "run" / "run.json").read_text())
    assert meta["replications"] == 2
    assert meta["precision"]["precision_mnok"] == 1000.0
    assert all(s["replications"] == 2 for s in meta["scenarios"])


@pytest.mark.slow
def test_auto_adds_rounds_up_to_the_cap_with_a_clear_message(tmp_path):
    plan = load_sweep(write_sweep(tmp_path, runs="auto", draws=1, body=(
        "precision = 0.000001\nmax_runs = 3\nmin_runs = 2\n")))
    out = run_plan(plan, tmp_path / "run")
    assert out.runs == 3
    assert sorted(out.tables["yearly"]["replication"].unique()) == [0, 1, 2]
    assert "max_runs = 3" in (out.note or "")
    assert "above the target" in (out.note or "")


def test_cli_runs_auto(tmp_path):
    a, b = write_scenario(tmp_path, "normal"), write_scenario(tmp_path, "proactive")
    out = tmp_path / "run"
    status, err = run_main("compare", str(a), str(b), "--runs", "auto", "--precision", "1000",
                           "--max-runs", "4", "--out", str(out), "--no-plots", "--lang", "en")
    assert status == 0, err[-2000:]
    assert "Monte Carlo standard error" in err
    assert json.loads((out / "run.json").read_text())["precision"]["max_runs"] == 4


@pytest.mark.parametrize("args", [("--runs", "auto"), ("--runs", "3", "--precision", "1"),
                                  ("--runs", "auto", "--precision", "0")])
def test_cli_auto_argument_errors(args):
    status, err = run_main("run", "normal", *args)
    assert status == 2, err
    assert len(err.strip().splitlines()) == 1, err


def test_a_plan_without_auto_is_fixed():
    assert not isinstance(Plan("x", (), 0, 3).runs, Auto)
